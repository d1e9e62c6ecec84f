"""The project as users install it: a wheel that carries its data, and sample outputs that change only on purpose."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from unionkg.data import SAMPLES_DIR

ROOT = Path(__file__).resolve().parent.parent
CHECKSUMS = Path(__file__).parent / "fixtures" / "sample_output.sha256"


def test_sample_outputs_match_the_committed_checksums(sample_build):
    """Byte-identical outputs for the bundled pages. Update the file only for an intended change:
    ``unionkg build --out out && (cd out && sha256sum *) > tests/fixtures/sample_output.sha256``."""
    _, out = sample_build
    expected = dict(reversed(line.split("  ", 1)) for line in CHECKSUMS.read_text().splitlines())
    actual = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}
    assert actual == expected


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to list the checkout's files")
def test_wheel_installs_outside_the_checkout_and_builds_a_page(tmp_path):
    """Build the wheel, install it into a fresh venv far from the checkout, and build one sample page there.

    The venv borrows this environment's dependencies through a ``.pth`` line (installing spaCy and ONNX
    Runtime again would take a minute); unionkg itself comes only from the wheel: this environment's
    editable install is not activated there, which the test checks."""
    wheel_dir, venv = tmp_path / "wheel", tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(wheel_dir), str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheel_dir.glob("unionkg-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    deps = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (Path(site) / "_unionkg_test_deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True, capture_output=True)

    work = tmp_path / "elsewhere"
    work.mkdir()
    page = shutil.copy(SAMPLES_DIR / "000_082664f229b51164.txt", work / "page.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([python, "-c", "import unionkg.data, unionkg.pipelines; "
                            "print(unionkg.data.LEXICON_DIR); print(unionkg.pipelines.__file__)"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    result = subprocess.run([venv / "bin" / "unionkg", "build", "--workers", "1", str(page), "--out", "out"],
                            cwd=work, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (work / "out").iterdir()}
    assert {"graph.ttl", "graph.gexf", "graph.graphml", "graph.html", "entities.csv", "relations.csv"} <= names
    assert "北京市总工会" in (work / "out" / "entities.csv").read_text(encoding="utf-8-sig")
