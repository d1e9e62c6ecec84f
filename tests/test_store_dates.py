"""Dates reach a store: ``build --store`` and ``add`` take --date and --manifest like ``build``."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from unionkg.graph.store.versions import current_database
from unionkg.pipelines.run.cli import app
from unionkg.pipelines.settings import SAMPLES_DIR

DATES = """SELECT ?page ?date WHERE { ?page a ?kind ; <https://schema.org/datePublished> ?date .
FILTER(?kind != <https://schema.org/NewsArticle>) } ORDER BY ?page"""


def page_dates(store: Path) -> list[tuple[str, str]]:
    db = ox.Store.read_only(str(current_database(store)))
    try:
        return [(row["page"].value.rsplit("/", 1)[-1], row["date"].value) for row in db.query(DATES)]
    finally:
        del db


def test_store_pages_carry_the_dates_they_were_built_and_added_with(tmp_path):
    first, second = sorted(SAMPLES_DIR.glob("*.txt"))[:2]
    store = tmp_path / "store"
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(first), "--store", str(store), "--date", "2023-04-25", "-q"])
    assert result.exit_code == 0, result.output
    manifest = tmp_path / "pages.csv"
    manifest.write_text(f"path,date\n{second},2023-05-02\n", encoding="utf-8")
    result = runner.invoke(app, ["add", str(second), "--store", str(store), "--manifest", str(manifest), "-q"])
    assert result.exit_code == 0, result.output
    assert page_dates(store) == [(first.stem, "2023-04-25"), (second.stem, "2023-05-02")]


def test_store_add_refuses_a_bad_date_before_touching_the_store(tmp_path):
    store = tmp_path / "store"
    result = CliRunner().invoke(app, ["add", str(SAMPLES_DIR), "--store", str(store), "--date", "25.4.2023"])
    assert result.exit_code == 1
    assert "YYYY-MM-DD" in result.output
    assert not store.exists()
