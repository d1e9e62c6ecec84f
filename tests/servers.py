"""Servers for the endpoint and push tests: `unionkg serve` and Virtuoso, each in its own process
on a free loopback port, stopped by its process id."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

UNIONKG = str(Path(sys.executable).with_name("unionkg"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen, how: int = signal.SIGINT) -> None:
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def unionkg_serve(folder: Path, *options: str, log: Path):
    """``unionkg serve FOLDER OPTIONS`` on a free port: yields (base URL, process)."""
    port = free_port()
    with open(log, "wb") as stderr:
        process = subprocess.Popen([UNIONKG, "serve", str(folder), "--port", str(port), *options],
                                   stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"unionkg serve exited ({process.returncode}): {log.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/presets", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"unionkg serve did not answer within 120 s: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base, process
    finally:
        _stop(process)


VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@contextlib.contextmanager
def virtuoso(folder: Path):
    """A fresh Virtuoso (Debian's virtuoso-opensource) in ``folder``: yields its HTTP base URL.
    Its Graph Store endpoint with digest authentication is BASE/sparql-graph-crud-auth (user dba,
    password dba, the defaults of a new database), its SPARQL endpoint BASE/sparql.
    ``RuntimeError`` when it cannot start."""
    if VIRTUOSO is None:
        raise RuntimeError("virtuoso-t not found (apt-get install virtuoso-opensource)")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, http_port=http_port, sql_port=sql_port))
    with open(folder / "stderr.log", "wb") as stderr:
        process = subprocess.Popen([VIRTUOSO, "-f", "-c", str(ini)], cwd=folder,
                                   stdout=stderr, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited ({process.returncode}): "
                                   f"{(folder / 'stderr.log').read_text(errors='replace')[-1500:]}")
            try:
                if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("virtuoso-t did not answer within 120 s")
            time.sleep(0.5)
        yield base
    finally:
        _stop(process, signal.SIGTERM)
        with contextlib.suppress(OSError):
            os.unlink(folder / "virtuoso.lck")
