"""Killing a process from outside at a chosen moment, for the crash tests of the output set and the store."""
from __future__ import annotations

import signal
import time
from pathlib import Path


def kill_when(process, folder: Path, seen) -> list[str] | None:
    """SIGKILL ``process`` as soon as ``seen(paths under folder)`` holds: the paths then there, or None
    if the process ended first."""
    while process.poll() is None:
        present = [str(p.relative_to(folder)) for p in folder.rglob("*")] if folder.exists() else []
        if seen(present):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return present
        time.sleep(0.002)
    return None
