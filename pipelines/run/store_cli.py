"""The store's commands (``add``, ``remove``, ``pages``, ``export``, and ``build --store``): thin
wrappers over ``pipelines/run/store.py``, registered on the ``unionkg`` app by ``cli.py``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from unionkg.pipelines.read.inputs import display_name
from unionkg.pipelines.run.cli import _Progress, _fail, app, page_dating

STORE_HELP = "Store folder (a pyoxigraph database and the pages' records; made by `build --store`)."


def _report(call, quiet: bool, progress: _Progress | None = None):
    """Run a store command; its errors as one line (exit 1; 2 when no page could be read)."""
    from unionkg.graph.store.versions import StoreError
    from unionkg.pipelines.run.build import BuildError
    from unionkg.pipelines.run.outset import OutputBusy
    from unionkg.pipelines.run.store import StoreBusy, format_store_summary

    try:
        summary = call()
    except BuildError as err:
        if progress is not None:
            progress.close()
        for skipped in err.skipped:
            typer.echo(f"skipped {display_name(str(skipped))}", err=True)
        _fail(str(err), 2)
        return
    except (StoreError, StoreBusy, OutputBusy, ImportError, OSError) as err:
        if progress is not None:
            progress.close()
        _fail(str(err))
        return
    if progress is not None:
        progress.close()
    for skipped in summary.skipped:
        typer.echo(f"skipped {display_name(str(skipped))}", err=True)
    if not quiet:
        typer.echo(format_store_summary(summary))
    raise typer.Exit(summary.exit_code)


def build_into_store(inputs: list[Path], store: Path, settings, quiet: bool, **extract_options) -> None:
    """``unionkg build PAGES --store DIR``: the store then holds exactly these pages."""
    from unionkg.pipelines.run.store import build_store

    progress = _Progress(quiet)
    _report(lambda: build_store(inputs, store, settings, progress=progress, **extract_options), quiet, progress)


@app.command("add")
def add_cli(
    inputs: list[Path] = typer.Argument(..., help="Page files or folders (*.txt, recursively), named as in build."),
    store: Path = typer.Option(..., "--store", "-s", help=STORE_HELP),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: all cores)."),
    executor: str = typer.Option("process", "--executor", help="process (local cores) or dask (needs the unionkg\\[dask] extra)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="CSV of pages (columns path,date[,outlet,page]) that dates the pages added."),
    date: str = typer.Option("", "--date", metavar="YYYY-MM-DD", help="Publication date of every page added that the manifest does not date."),
) -> None:
    """Add pages to a store: only new or changed pages are extracted.

    A page of a name the store knows, with other content, replaces it. Identities are then resolved
    again over all pages, and the store moves to its next version in one step."""
    from unionkg.pipelines.run.store import add_to_store

    if executor not in ("process", "dask"):
        _fail(f"--executor must be 'process' or 'dask', not {executor!r}")
    dating = page_dating(manifest, date)
    progress = _Progress(quiet)
    _report(lambda: add_to_store(inputs, store, progress=progress, workers=workers, executor=executor,
                                 scheduler=scheduler, dating=dating), quiet, progress)


@app.command("remove")
def remove_cli(
    pages: list[str] = typer.Argument(..., metavar="PAGE...", help="Page names as the store names them (see `unionkg pages`)."),
    store: Path = typer.Option(..., "--store", "-s", help=STORE_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Take pages out of a store; identities are resolved again over the pages left."""
    from unionkg.pipelines.run.store import remove_from_store

    _report(lambda: remove_from_store(pages, store), quiet)


@app.command("pages")
def pages_cli(store: Path = typer.Argument(..., metavar="STORE", help=STORE_HELP)) -> None:
    """List the pages of a store: name, then the SHA-256 of the file it was read from."""
    from unionkg.graph.store.versions import StoreError
    from unionkg.pipelines.run.store import list_pages

    try:
        pages = list_pages(store)
    except StoreError as err:
        _fail(str(err))
        return
    for page in pages:
        typer.echo(f"{page.source}\t{page.sha256}")


@app.command("export")
def export_cli(
    store: Path = typer.Argument(..., metavar="STORE", help=STORE_HELP),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    html_top: int = typer.Option(300, "--html-top", min=0, help="Keep the N best-connected nodes in graph.html (0: all)."),
    gephi_co_mentions: Optional[int] = typer.Option(None, "--gephi-co-mentions", min=1, metavar="MIN_WEIGHT", help="As for build."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Write the files `unionkg build --out` writes, from a store's records (no page is read again)."""
    from unionkg.graph.store.versions import StoreError
    from unionkg.pipelines.run.cli import format_summary
    from unionkg.pipelines.run.outset import OutputBusy
    from unionkg.pipelines.run.store import export_store

    try:
        summary = export_store(store, out, html_top=html_top or None, gephi_co_mentions=gephi_co_mentions)
    except (StoreError, OutputBusy) as err:
        _fail(str(err))
        return
    if not quiet:
        typer.echo(format_summary(summary))
