"""The ``unionkg`` command line: thin wrappers that parse arguments and call plain functions."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from unionkg.pipelines.read.inputs import display_name
from unionkg.pipelines.settings import DEFAULT_ALIASES_FILE, Settings

app = typer.Typer(
    help="Build a knowledge graph of who is who and who met whom from Chinese trade-union news pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _settings(home_city: str, base_iri: str, aliases: Optional[Path]) -> Settings:
    if aliases is not None and not aliases.is_file():
        _fail(f"{display_name(aliases)}: alias file not found")
    return Settings(home_city=home_city, base_iri=base_iri, aliases_file=aliases)


def page_dating(manifest: Optional[Path], date: str):
    """The page dates ``--manifest`` and ``--date`` give (a bad one stops the command, naming it)."""
    from unionkg.pipelines.read.dates import ManifestError, PageDating, checked_date, read_manifest

    try:
        return PageDating(read_manifest(manifest) if manifest is not None else {},
                          checked_date(date, "--date") if date else "")
    except ManifestError as err:
        _fail(str(err))


class _Progress:
    """Progress on stderr: a bar on a terminal; elsewhere (a log, CI) a plain line every few
    seconds and at the end, and while one long page holds everything up a "still working" line
    every half minute, so a long build is seen to move."""

    LINE_EVERY = 5.0  # seconds between plain lines
    HEARTBEAT = 30.0  # seconds without a finished page before a "still working" line
    STAGE_LINES_FROM = 100  # pages: a build this large prints a line as each step of its end starts

    def __init__(self, quiet: bool) -> None:
        import time

        self.bar = None
        self.done = 0
        self.total = 0
        self.quiet = quiet
        # click prints the label even when it hides the bar: plain lines instead off a terminal.
        self.plain = not sys.stderr.isatty()
        self.clock = time.monotonic
        self.started = self.last = self.clock()
        self._beating = None

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        self.total = total
        if self.plain:
            now = self.clock()
            self.done, self.total = done, total
            if done == 0:
                self._start_heartbeat()
            elif done == total or now - self.last >= self.LINE_EVERY:
                self.last = now
                typer.echo(f"pages {done}/{total} read ({now - self.started:.0f} s)", err=True)
            if done == total:
                self._stop_heartbeat()  # before the export, which forks only without threads
            return
        if self.bar is None:
            self.bar = typer.progressbar(length=total, label="pages", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def stage(self, what: str) -> None:
        """A step of the serial end of the build (resolution, each export) as it starts: on a large
        corpus each takes from seconds to minutes after the last page is read. Small builds, whose end
        takes a second or two, print none."""
        if not self.quiet and self.total >= self.STAGE_LINES_FROM:
            typer.echo(f"{what} ({self.clock() - self.started:.0f} s)", err=True)

    def _start_heartbeat(self) -> None:
        import threading

        if self._beating is None:
            stop = threading.Event()
            thread = threading.Thread(target=self._beat, args=(stop,), daemon=True)
            self._beating = (stop, thread)
            thread.start()

    def _beat(self, stop) -> None:
        while not stop.wait(min(1.0, self.HEARTBEAT / 4)):
            now = self.clock()
            if now - self.last >= self.HEARTBEAT:
                self.last = now
                typer.echo(f"pages {self.done}/{self.total} read, still working on the next "
                           f"({now - self.started:.0f} s)", err=True)

    def _stop_heartbeat(self) -> None:
        if self._beating is not None:
            stop, thread = self._beating
            stop.set()
            thread.join()
            self._beating = None

    def close(self) -> None:
        self._stop_heartbeat()
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _finish_pending(out: Path) -> None:
    """Complete the output set a build killed while moving its files left half in place."""
    from unionkg.pipelines.run.build import OUTPUT_FILES
    from unionkg.pipelines.run.outset import finish_pending

    finish_pending(out, OUTPUT_FILES)


@app.command("build")
def build_cli(
    inputs: list[Path] = typer.Argument(None, help="Page files or folders (*.txt, recursively). Default: the bundled sample pages."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    store: Optional[Path] = typer.Option(None, "--store", help="Keep the graph and the pages' records in this store folder instead of writing files (see `unionkg add`, `export`)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: all cores)."),
    executor: str = typer.Option("process", "--executor", help="process (local cores) or dask (needs the unionkg\\[dask] extra)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    html_top: int = typer.Option(300, "--html-top", min=0, help="Draw the N people and bodies with the most met, then membership edges first in graph.html (0: all); the others stay searchable."),
    gephi_co_mentions: Optional[int] = typer.Option(None, "--gephi-co-mentions", min=1, metavar="MIN_WEIGHT", help="Also put co-mention edges of at least MIN_WEIGHT shared articles in graph.gexf / graph.graphml (default: none; they are always in RDF and CSV)."),
    home_city: str = typer.Option(Settings.home_city, "--home-city", help="City whose bodies 市总工会 / 市委 mean when an article and its page name no place (default: none)."),
    base_iri: str = typer.Option(Settings.base_iri, "--base-iri", help="Base IRI of the graph's instances."),
    aliases: Optional[Path] = typer.Option(DEFAULT_ALIASES_FILE, "--aliases", help="Alias/merge file (TSV) applied by resolution."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="CSV of pages (columns path,date[,outlet,page]; paths relative to its folder): dates them, and is the input when no page is given."),
    date: str = typer.Option("", "--date", metavar="YYYY-MM-DD", help="Publication date of every page the manifest does not date (before dates printed on a page or in its path)."),
    records_on_disk: Optional[bool] = typer.Option(None, "--records-on-disk/--records-in-memory", help="Resolve from records.jsonl read back pass by pass (memory for the graph, not the text; slower) or from every page's records in memory. Default: on disk when the input exceeds 60 MB."),
) -> None:
    """Build the graph of news pages: RDF, Gephi files, an offline HTML view and CSV tables."""
    from unionkg.pipelines.run.build import BuildError, run_build
    from unionkg.pipelines.run.outset import OutputBusy

    if executor not in ("process", "dask"):
        _fail(f"--executor must be 'process' or 'dask', not {executor!r}")
    settings = _settings(home_city, base_iri, aliases)
    dating = page_dating(manifest, date)
    if store is not None:
        from unionkg.pipelines.run.store_cli import build_into_store

        build_into_store(inputs or [], store, settings, quiet, workers=workers,
                         executor=executor, scheduler=scheduler, dating=dating)
        return
    progress = _Progress(quiet)
    try:
        summary = run_build(
            inputs or [], out, settings, workers=workers, executor=executor, scheduler=scheduler,
            html_top=html_top or None, gephi_co_mentions=gephi_co_mentions, progress=progress, dating=dating,
            stage=progress.stage, records_on_disk=records_on_disk,
        )
    except BuildError as err:
        progress.close()
        for skipped in err.skipped:
            typer.echo(f"skipped {display_name(str(skipped))}", err=True)  # one line, whatever the name holds
        _fail(str(err), 2)
        return
    except (ImportError, OutputBusy) as err:
        progress.close()
        _fail(str(err))
        return
    progress.close()
    for skipped in summary.skipped:
        typer.echo(f"skipped {display_name(str(skipped))}", err=True)  # one line, whatever the name holds
    if not quiet:
        typer.echo(format_summary(summary))
    raise typer.Exit(summary.exit_code)


def format_summary(summary) -> str:
    lines = [f"pages     {summary.pages} read" + (f", {len(summary.skipped)} skipped" if summary.skipped else "")]
    lines.append(f"articles  {summary.articles}")
    if summary.dated:
        lines.append(f"dated     {summary.dated} of {summary.pages} pages")
    lines.append("entities  " + ", ".join(f"{label} {n}" for label, n in summary.entities_by_type.items()))
    lines.append("relations " + ", ".join(f"{kind} {n}" for kind, n in summary.relations.items()))
    if summary.homonyms:
        lines.append(f"homonyms  {len(summary.homonyms)} same-name people kept apart (see merges.tsv)")
    lines.append(f"written   ({summary.seconds:.1f} s)")
    lines.extend(f"  {display_name(path)}" for path in summary.files)
    return "\n".join(lines)


@app.command("query")
def query_cli(
    graph_file: Optional[Path] = typer.Argument(None, metavar="GRAPH", help="A built graph.ttl or graph.nt.gz, or a store folder."),
    query: Optional[str] = typer.Argument(None, help="SPARQL text, or a .rq file."),
    preset: Optional[str] = typer.Option(None, "--preset", "-p", help="Run a shipped query (see --list)."),
    params: list[str] = typer.Option([], "--param", help="Bind a preset variable: name=value (e.g. --param name=张良)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    list_presets_flag: bool = typer.Option(False, "--list", help="List the shipped queries and exit."),
    timeout: float = typer.Option(60.0, "--timeout", min=0, help="Stop the query after this many seconds (0: never)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Print at most this many rows."),
) -> None:
    """Run SPARQL over a built graph (no network access: SERVICE is refused). Rows print as they
    come; --timeout (default 60 s), --limit or Ctrl-C stop the query at once."""
    from unionkg.graph.query.engine import QueryError, list_presets, preset_text
    from unionkg.graph.query.stream import QueryTimeout, stream_query, write_rows

    if list_presets_flag:
        for name, description in list_presets():
            typer.echo(f"{name:16} {description}")
        return
    if graph_file is None:
        _fail("GRAPH is required (a graph.ttl written by `unionkg build`)")
    if graph_file.is_dir():
        from unionkg.graph.store.versions import StoreError, current_database

        try:  # the store's current version, opened read-only in the query process
            graph_file = current_database(graph_file)
        except StoreError as err:
            if not (graph_file / "CURRENT").is_file():  # nor a database folder (DIR/oxigraph) itself
                _fail(str(err))
            graph_file = Path(os.path.realpath(graph_file))
    else:
        _finish_pending(graph_file.parent)
    if not graph_file.exists():
        _fail(f"{display_name(graph_file)}: no such graph file")
    if fmt not in ("table", "csv", "json"):
        _fail(f"--format must be table, csv or json, not {fmt!r}")
    if preset:
        if query:
            _fail("give either QUERY or --preset, not both")
        try:
            text = preset_text(preset)
        except KeyError:
            _fail(f"no preset named {preset!r}; `unionkg query --list` shows them")
            return
    elif query:
        path = Path(query)
        text = path.read_text(encoding="utf-8") if query.endswith(".rq") and path.is_file() else query
    else:
        _fail("give a QUERY (text or .rq file) or --preset NAME")
        return
    bindings = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            _fail(f"--param {param!r}: expected name=value")
        bindings[name.lstrip("?$")] = value
    # One row past --limit is asked for: it tells a cut result from one that just fits.
    results = stream_query(graph_file, text, bindings or None, timeout=timeout or None,
                           limit=None if limit is None else limit + 1)
    cut = []

    def within_limit(rows):
        for n, row in enumerate(rows):
            if limit is not None and n >= limit:
                cut.append(True)
                return
            yield row

    try:
        header = next(results)
        write_rows(fmt, header, within_limit(results), sys.stdout)
        sys.stdout.flush()
    except (QueryError, QueryTimeout) as err:
        sys.stdout.flush()
        _fail(str(err))
    except KeyboardInterrupt:
        typer.echo("\ninterrupted: the query was stopped", err=True)
        raise typer.Exit(130)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        sys.stdout = None  # no flush of a closed pipe at exit
        raise typer.Exit(0)
    finally:
        results.close()  # kills the query process if it still runs
    if cut:
        typer.echo(f"(stopped after {limit} rows: --limit)", err=True)


# The store's commands (add, remove, pages, export) register themselves on ``app``.
from unionkg.pipelines.run import store_cli  # noqa: E402,F401


@app.command("eval")
def eval_cli(
    graph_file: Path = typer.Argument(..., metavar="GRAPH", help="A built graph.ttl."),
    gold: Path = typer.Option(..., "--gold", help="Folder of gold annotation (one JSON per page, aliases.json)."),
    stems: list[str] = typer.Argument(None, help="Page stems to score (default: every gold page)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Score a built graph against gold annotation: entity, typed-entity, role and who-met-whom P/R/F1."""
    import json

    from unionkg.graph.query.evaluate import evaluate, format_report

    if not graph_file.is_file():
        _fail(f"{display_name(graph_file)}: no such graph file")
    if not (gold / "aliases.json").is_file():
        _fail(f"{display_name(gold)}: not a gold folder (aliases.json missing)")
    report = evaluate(graph_file, gold, stems or None)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else format_report(report))


# `view NAME` when several entities carry NAME: the candidates are listed and nothing is written.
EXIT_AMBIGUOUS = 3


@app.command("view")
def view_cli(
    name: str = typer.Argument(..., help="Name (or alias, or entity id such as person/王伟-2) of a person or body."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder of a built graph (its records.jsonl is read)."),
    output: Optional[Path] = typer.Option(None, "--output", help="HTML file to write (default: OUT/view-NAME.html)."),
    pick: Optional[int] = typer.Option(None, "--pick", min=1,
                                       help="Which of several entities of that name (the number the list shows)."),
    home_city: str = typer.Option(Settings.home_city, "--home-city", help="As given to build."),
    aliases: Optional[Path] = typer.Option(DEFAULT_ALIASES_FILE, "--aliases", help="As given to build."),
) -> None:
    """Write an HTML view of one person's or body's neighbourhood in a built graph.

    Several entities of that name are listed (posts, places, mentions), none picked: exit code 3; use --pick N or an id.
    """
    from unionkg.graph.model import build_graph
    from unionkg.graph.readwrite.explorer_select import candidates, context_line
    from unionkg.graph.readwrite.html import write_html
    from unionkg.graph.readwrite.style import TYPE_NAMES_ZH
    from unionkg.graph.resolve.resolve import resolve
    from unionkg.pipelines.run.build import read_records

    _finish_pending(out)
    records = out / "records.jsonl"
    if not records.is_file():
        _fail(f"{display_name(records)}: not found; run `unionkg build --out {display_name(out)}` first")
    corpus = resolve(read_records(records), _settings(home_city, Settings.base_iri, aliases))
    G = build_graph(corpus)
    found = candidates(G, name)
    if not found:
        _fail(f"{name!r} is not in the graph of {display_name(out)}")
    if len(found) > 1 and pick is None or pick is not None and pick > len(found):
        for number, info in enumerate(found, 1):
            typer.echo(f"{number}. {info['id']}  {TYPE_NAMES_ZH.get(info['label'], info['label'])}  {context_line(info)}")
        if pick is None:
            _fail(f"{name!r} names {len(found)} entities (listed above); choose one with --pick N or give its id",
                  EXIT_AMBIGUOUS)
        _fail(f"--pick {pick}: {name!r} names only {len(found)} entities (listed above)", EXIT_AMBIGUOUS)
    chosen = found[(pick or 1) - 1]["id"]
    # The file is named after the id without its type (person/王伟-2 -> 王伟-2), never a path.
    stem = chosen.split("/", 1)[-1].replace("/", "_").replace("\\", "_")
    target = output or out / f"view-{stem}.html"
    write_html(G, target, focus=chosen)
    typer.echo(display_name(target))


@app.command("serve")
def serve_cli(
    folder: Path = typer.Argument(..., metavar="DIR", help="A store folder (DIR/oxigraph) or a build folder (graph.nt.gz / graph.ttl)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port."),
    timeout: float = typer.Option(30.0, "--timeout", min=0, help="Stop a query after this many seconds (0: never)."),
    limit: int = typer.Option(10_000, "--limit", min=0, help="Send at most this many rows (or triples) per query (0: all)."),
    workers: int = typer.Option(2, "--workers", min=1, help="Query processes (each a killable copy of the reader)."),
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql), with a query page (/) and the
    explorer (/explorer). Updates and SERVICE are refused."""
    from unionkg.graph.serve.app import ServeSettings, serve
    from unionkg.graph.serve.source import SourceError, find_source

    _finish_pending(folder)
    try:
        source = find_source(folder)
        settings = ServeSettings(timeout=timeout or None, limit=limit or None, workers=workers)
        serve(source, settings, host=host, port=port, announce=lambda line: typer.echo(line, err=True))
    except (SourceError, RuntimeError, OSError) as err:
        _fail(str(err))


@app.command("push")
def push_cli(
    folder: Path = typer.Argument(..., metavar="DIR", help="A store folder (DIR/oxigraph) or a build folder (graph.nt.gz / graph.ttl)."),
    to: str = typer.Option(..., "--to", help="Graph Store HTTP Protocol endpoint, e.g. http://host:8890/sparql-graph-crud-auth (Virtuoso)."),
    graph: Optional[str] = typer.Option(None, "--graph", help="Named graph to replace (default: BASE-IRI/graph/DIR's name)."),
    base_iri: str = typer.Option(Settings.base_iri, "--base-iri", help="Base IRI the default graph name is made under."),
    user: Optional[str] = typer.Option(None, "--user", help="User name, when the endpoint asks for one."),
    password: Optional[str] = typer.Option(None, "--password", help="Password (default: $UNIONKG_PUSH_PASSWORD).", envvar="UNIONKG_PUSH_PASSWORD"),
    auth: str = typer.Option("digest", "--auth", help="digest (Virtuoso) or basic."),
    batch_mb: float = typer.Option(8.0, "--batch-mb", min=0.001, help="Size of one request's N-Triples, in megabytes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines."),
) -> None:
    """Send the graph to another triple store (SPARQL 1.1 Graph Store HTTP Protocol), replacing one
    named graph: PUT of the first batch, POST of the others."""
    from unionkg.graph.serve.push import PushError, default_graph_iri, push
    from unionkg.graph.serve.source import SourceError, find_source

    if auth not in ("digest", "basic"):
        _fail(f"--auth must be digest or basic, not {auth!r}")
    _finish_pending(folder)
    try:
        source = find_source(folder)
        target = graph or default_graph_iri(source, base_iri)
        report = push(source, to, target, user=user, password=password, auth_scheme=auth,
                      batch_bytes=int(batch_mb * (1 << 20)),
                      progress=None if quiet else (lambda line: typer.echo(line, err=True)))
    except (SourceError, PushError) as err:
        _fail(str(err))
        return
    typer.echo(f"pushed {report.triples} triples to <{report.graph}> at {to} "
               f"in {report.batches} request(s), {report.bytes / (1 << 20):.1f} MB ({report.seconds:.1f} s)")


def main() -> None:  # pragma: no cover
    app()
