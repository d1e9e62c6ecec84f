"""The date of each page: when its articles were published.

A page takes its date from the first of these sources that has one (``PageRecord.date_source``
names it):

1. ``manifest``: the page's row of a manifest (``unionkg build --manifest pages.csv``), a CSV
   file with the columns ``path,date`` and optionally ``outlet,page``; a path is relative to the
   manifest's folder (or absolute), a date is ``YYYY-MM-DD`` or empty;
2. ``option``: ``unionkg build --date YYYY-MM-DD``, for every page of the build;
3. ``page``: a date printed in the page's header lines (``2023年4月25日 星期二``, ``2023-04-25``,
   ``2023年4月25日``): one of the first lines, short, holding a full date and no sentence;
4. ``path``: a date in the page's name below the folder given to the build (``2023-04-25.txt``,
   ``20230425_01.txt``, ``2023/04/25/…``, ``2023/0425/…``). Only that name counts, never the
   folders above it, so a page is dated the same wherever the archive lies on disk.

A page with none of these stays undated: no date is guessed. The outlet and page number of a
manifest row are kept whichever source gives the date.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionkg.graph.records import PageRecord

MANIFEST, OPTION, PRINTED, PATH = "manifest", "option", "page", "path"
DATE_SOURCES = (MANIFEST, OPTION, PRINTED, PATH)
MANIFEST_COLUMNS = ("path", "date", "outlet", "page")

_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A full date in a header line: 2023年4月25日, 2023-04-25, 2023/04/25, 2023.04.25
_HEADER_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)(?:年(\d{1,2})月(\d{1,2})日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))")
_HEADER_LINES = 6  # a page's header: its first few non-empty lines
_HEADER_MAX_CHARS = 40
_SENTENCE_MARKS = re.compile("[。，！？；,!?;]")
# In a page's name: 2023-04-25, 2023_04_25, 20230425, 2023/04/25, 2023/0425
_PATH_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_./]?(0[1-9]|1[0-2])[-_./]?(0[1-9]|[12]\d|3[01])(?!\d)")
_HEX_RUN_RE = re.compile(r"[0-9A-Fa-f]+")
_HASH_LENGTH = 12  # a run of hex digits this long is a hash, not a date


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file and the row."""


@dataclass(frozen=True)
class ManifestRow:
    path: Path  # as resolved from the manifest's folder
    name: str  # the path as written in the manifest (the page's published name)
    date: str  # ISO or ""
    outlet: str = ""
    page: str = ""
    row: int = 0  # line number in the manifest


@dataclass
class PageDating:
    """What a build knows of page dates besides the pages themselves."""

    manifest: dict[Path, ManifestRow] = field(default_factory=dict)  # resolved path -> row
    date: str = ""  # --date, for every page

    def row(self, path: Path) -> ManifestRow | None:
        if not self.manifest:
            return None
        try:
            return self.manifest.get(Path(path).resolve())
        except OSError:
            return None


def checked_date(value: str, what: str) -> str:
    """``value`` when it is a real day written ``YYYY-MM-DD``; else ``ManifestError`` naming ``what``."""
    if parse_iso(value) is None:
        raise ManifestError(f"{what}: {value!r} is not a date written YYYY-MM-DD")
    return value


def read_manifest(path: str | Path) -> dict[Path, ManifestRow]:
    """The rows of a manifest CSV (UTF-8, BOM allowed) by resolved page path."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError as err:
        raise ManifestError(f"{path}: cannot read the manifest ({err.strerror or err})") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: the manifest is not UTF-8 text") from None
    except csv.Error as err:
        raise ManifestError(f"{path}: not a CSV file ({err})") from None
    if not rows:
        raise ManifestError(f"{path}: the manifest is empty (expected a header line: path,date,outlet,page)")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("path", "date") if c not in header]
    unknown = [h for h in header if h not in MANIFEST_COLUMNS]
    if missing or unknown:
        raise ManifestError(f"{path} line 1: expected the columns path,date[,outlet,page]; "
                            + (f"missing {', '.join(missing)}" if missing else f"unknown column {unknown[0]!r}"))
    out: dict[Path, ManifestRow] = {}
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise ManifestError(f"{path} line {line}: {len(cells)} cells, the header has {len(header)}")
        values = dict(zip(header, (c.strip() for c in cells)))
        name = values.get("path", "")
        if not name:
            raise ManifestError(f"{path} line {line}: no path")
        value = values.get("date", "")
        day = checked_date(value, f"{path} line {line} ({name})") if value else ""
        page_path = path.parent / name
        key = page_path.resolve()
        if key in out:
            raise ManifestError(f"{path} line {line}: {name} is listed twice (first on line {out[key].row})")
        out[key] = ManifestRow(page_path, name, day, values.get("outlet", ""), values.get("page", ""), line)
    return out


def manifest_pages(dating: PageDating) -> tuple[list, list]:
    """The pages a manifest lists (when the build is given no other input), each named by its path
    as written in the manifest (an absolute path: by its file name), and the rows naming no file."""
    from unionkg.pipelines.read.inputs import named_pages
    from unionkg.pipelines.read.reading import PageError

    found, errors = [], []
    for row in sorted(dating.manifest.values(), key=lambda r: r.row):
        if not row.path.is_file():
            errors.append(PageError(row.path, f"no such file (manifest line {row.row})"))
            continue
        found.append((row.path, row.path.name if Path(row.name).is_absolute() else Path(row.name).as_posix()))
    return named_pages(found), errors


def printed_page_date(text: str) -> str:
    """The date printed in the header lines of a page's (clean) text, ISO; "" when none is."""
    seen = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > _HEADER_LINES:
            break
        if len(line) > _HEADER_MAX_CHARS or _SENTENCE_MARKS.search(line):
            continue
        m = _HEADER_DATE_RE.search(line)
        if m:
            year, month, day = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
            found = calendar_day(year, month, day)
            if found is not None:
                return found.isoformat()
    return ""


def path_date(name: str) -> str:
    """The date in a page's published name (its path below the folder given), ISO; "" when none."""
    for m in _PATH_DATE_RE.finditer(name):
        run = next(r for r in _HEX_RUN_RE.finditer(name) if r.start() <= m.start() < r.end())
        if len(run.group(0)) >= _HASH_LENGTH and (run.start() < m.start() or run.end() > m.end()):
            continue  # inside a hash (…f20230425b…)
        found = calendar_day(*m.groups())
        if found is not None:
            return found.isoformat()
    return ""


def date_page(record: PageRecord, path: Path, dating: PageDating | None = None) -> None:
    """Set ``record.date`` / ``date_source`` (and outlet, page number) by the order of the module
    docstring. ``record.date`` may already hold the printed date (set where the text was read)."""
    dating = dating or PageDating()
    row = dating.row(path)
    printed = record.date if record.date_source == PRINTED else ""
    if row is not None:
        record.outlet, record.page_number = row.outlet, row.page
    for source, value in ((MANIFEST, row.date if row else ""), (OPTION, dating.date), (PRINTED, printed),
                          (PATH, path_date(record.source))):
        if value:
            record.date, record.date_source = value, source
            return
    record.date, record.date_source = "", ""


def parse_iso(value: str) -> date | None:
    """``YYYY-MM-DD`` as a date, None when it is not a real day."""
    m = _ISO_RE.fullmatch(value or "")
    return calendar_day(*m.groups()) if m else None


def calendar_day(year, month, day) -> date | None:
    """The day of these numbers (ints or digit strings), None when there is no such day."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
