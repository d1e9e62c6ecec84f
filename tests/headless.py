"""Headless Chromium for the explorer's tests: the page's DOM once drawn, with the network off."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "/usr/bin/chromium"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
SKIP_REASON = "headless Chromium not installed (apt-get install chromium fonts-wqy-microhei)"


def run_chromium(tmp_path: Path, url: str, *extra: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        # Every network fetch goes to a proxy that is not there: the page must need none.
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        "--virtual-time-budget=15000", "--window-size=1400,900", *extra, url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def dump_dom(tmp_path: Path, url: str, attempts: int = 3) -> str:
    """The DOM once the explorer has drawn. Headless Chromium's virtual time can run out before the
    first animation frame on a loaded machine, so a dump without the drawn marker is retried."""
    for _ in range(attempts):
        dom = run_chromium(tmp_path, url, "--dump-dom")
        if "data-canvas=" in dom:  # set once vis-network has drawn (and the address is acted on)
            break
    return dom


def body_attrs(dom: str) -> str:
    start = dom.find("<body")
    return dom[start:dom.find(">", start)]


def body_data(dom: str) -> dict[str, str]:
    """The data-* attributes of <body> (the page's state), without the prefix."""
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', body_attrs(dom)))


def panel(dom: str) -> str:
    start = dom.find('<aside id="panel">')
    return dom[start:dom.find("</aside>", start)]
