"""CSV tables are spreadsheet-safe: no text cell starts with what a spreadsheet runs as a formula."""
from __future__ import annotations

import csv
import io

import pytest

from unionkg.graph.readwrite.tables import _csv_line, spreadsheet_safe
from unionkg.pipelines.run.build import run_build

# A page of our own whose headline, a sentence and its file name look like formulas.
PAGE = ("=1+2\n\n本报讯 4月3日，市总工会主席王明会见了区总工会副主席李华，双方进行了座谈。\n"
        "@SUM(A1)，市总工会副主席张强出席了会议。\n")


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1+cmd", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_quoted_as_text(cell):
    assert spreadsheet_safe(cell) == "'" + cell
    assert next(csv.reader(io.StringIO(_csv_line(["a", cell, 3]), newline=""))) == ["a", "'" + cell, "3"]


@pytest.mark.parametrize("cell", ["工会", "a=b", " =1", "", 5, -3])
def test_other_cells_are_unchanged(cell):
    assert spreadsheet_safe(cell) == cell


def test_built_tables_hold_no_formula_cell(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "=HYPERLINK(1).txt").write_text(PAGE, encoding="utf-8")
    run_build([tmp_path / "in"], tmp_path / "out", workers=1)
    cells = []
    for name in ("relations.csv", "entities.csv"):
        with open(tmp_path / "out" / name, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        cells += [cell for row in rows[1:] for cell in row]
    text_cells = [c for c in cells if not c.lstrip("-").isdigit()]
    assert "'=1+2" in cells and any(c.startswith("'@SUM(A1)") for c in cells) and "'=HYPERLINK(1)" in cells
    assert not [c for c in text_cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
