"""The ``unionkg`` command line (filled in by pipelines.build and graph modules)."""
import typer

app = typer.Typer(help="Build a knowledge graph of who is who and who met whom from trade-union news pages.")


@app.command()
def build() -> None:
    """Build the graph (placeholder during bootstrap)."""
    raise typer.Exit(1)
