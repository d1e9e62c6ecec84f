"""Readers of the data files that more than one stage needs (no spaCy, nothing from the stages).

``divisions.txt`` (code, name, level per line, tab-separated) is read here for the lexicon and the
structure step of the pipeline and for resolution alike; so are ``place_endings.txt`` (ending, tab,
uses) and ``sentence_marks.txt``. The line and ``[section]`` formats of the lexicons are read here too.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from unionkg.data import LEXICON_DIR

DIVISIONS_FILE = LEXICON_DIR / "divisions.txt"
PLACE_ENDINGS_FILE = LEXICON_DIR / "place_endings.txt"
SENTENCE_MARKS_FILE = LEXICON_DIR / "sentence_marks.txt"


def read_lines(path: Path) -> list[str]:
    """The entries of a one-entry-a-line file, stripped, without blank lines and ``#`` comments."""
    out = []
    for line in Path(path).read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def read_sections(path: Path) -> dict[str, list[str]]:
    """``[section]`` headers, one entry a line, ``#`` comments."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in Path(path).read_text("utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


@lru_cache(maxsize=4)
def load_place_endings(path: Path = PLACE_ENDINGS_FILE) -> dict[str, tuple[str, ...]]:
    """Use -> the place endings marked with it, longest first (see the file's header for the uses)."""
    uses: dict[str, list[str]] = defaultdict(list)
    for line in read_lines(path):
        ending, _, marks = line.partition("\t")
        if not marks.strip():
            raise ValueError(f"{path}: {ending!r} has no use (ending<TAB>uses)")
        for mark in marks.split():
            uses[mark].append(ending)
    return {mark: tuple(sorted(endings, key=len, reverse=True)) for mark, endings in uses.items()}


@lru_cache(maxsize=4)
def load_sentence_marks(path: Path = SENTENCE_MARKS_FILE) -> dict[str, str]:
    """Section -> its marks as one string (``sentence_end``: 。！？!?; ``clause_end``: ；;)."""
    return {name: "".join("".join(line.split()) for line in lines) for name, lines in read_sections(path).items()}


@lru_cache(maxsize=2)
def load_divisions(path: Path = DIVISIONS_FILE) -> tuple[tuple[str, str, str], ...]:
    """(code, name, level) rows of ``divisions.txt``; empty when the file is missing."""
    if not Path(path).exists():
        return ()
    rows = []
    for line in Path(path).read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#"):
            rows.append((parts[0], parts[1], parts[2]))
    return tuple(rows)


def home_divisions(home_city: str, rows: tuple[tuple[str, str, str], ...] | None = None) -> dict[str, str]:
    """Name -> code of the home city and every division under it (丰台区 -> 110106)."""
    if rows is None:  # the packaged table: read through its index instead of scanning it
        first_code, by_prefix = _division_prefixes()
        code = first_code.get(home_city)
        if code is None:
            return {home_city: ""}
        prefix = code[:2] if code.endswith("0000") else code[:4]
        if len(prefix) in (2, 4):
            return {name: c for c, name in by_prefix.get(prefix, ())}
    rows = load_divisions() if rows is None else rows
    codes = [code for code, name, _ in rows if name == home_city]
    if not codes:
        return {home_city: ""}
    code = codes[0]
    prefix = code[:2] if code.endswith("0000") else code[:4]
    return {name: c for c, name, _ in rows if c.startswith(prefix)}


@lru_cache(maxsize=1)
def _division_prefixes() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    """The packaged table's first code of each name, and its (code, name) rows in file order by their
    codes' two- and four-digit prefixes (province, city): the structure step asks for the divisions of
    the city of every article, and a scan of all rows cost about a millisecond each time."""
    first_code: dict[str, str] = {}
    by_prefix: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name, _ in load_divisions():
        first_code.setdefault(name, code)
        for size in (2, 4):
            if len(code) >= size:
                by_prefix[code[:size]].append((code, name))
    return first_code, dict(by_prefix)


@lru_cache(maxsize=1)
def division_parents() -> dict[str, str]:
    """District -> the city (or province-level city) above it: 某某区 -> 某某市 (unambiguous names only)."""
    rows = load_divisions()
    by_code = {code: name for code, name, _ in rows}
    parents: dict[str, set[str]] = defaultdict(set)
    for code, name, level in rows:
        if level == "district":
            parent = by_code.get(code[:4] + "00") or by_code.get(code[:2] + "0000")
            if parent:
                parents[name].add(parent)
    return {name: next(iter(p)) for name, p in parents.items() if len(p) == 1}
