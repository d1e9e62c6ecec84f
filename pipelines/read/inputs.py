"""Which page files a build reads, and the name each page is known by in the outputs.

A page's identity is its path relative to the input it was found under (a folder given on the
command line: the path below it; a file given by itself: its file name), without the ``.txt``.
So the same pages give the same graph from any working directory, by absolute or relative path,
or from a copied folder, and no local path reaches a published file. Two pages that would share a
name (``page.txt`` given from two folders) are told apart by a hash of their content.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIX = ".txt"


@dataclass(frozen=True)
class PageInput:
    path: Path  # where the file is, as given or as found (only ever opened, never published)
    page_id: str  # unique in the build; what IRIs are minted from
    source: str  # the relative path, as published (``ukg:sourceFile``, ``records.jsonl``)


def display_name(name: str | os.PathLike) -> str:
    """A file name as printable, storable text: bytes that are not UTF-8 become ``\\xff``, control
    characters (a newline in a name) ``\\n`` / ``\\x1b``, so a name can neither break a UTF-8
    writer nor forge a line of output."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or unicodedata.category(ch) == "Zs":  # spaces of any width are kept
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))  # \n, \x1b, \u2028
    return "".join(out)


def _strip_suffix(relative: str) -> str:
    return relative[: -len(PAGE_SUFFIX)] if relative.lower().endswith(PAGE_SUFFIX) else relative


def discover_pages(inputs: list[str | Path]) -> tuple[list[PageInput], list]:
    """The pages named by ``inputs`` with their names, sorted by name; and the inputs that are
    missing or cannot be listed (:class:`~unionkg.pipelines.read.reading.PageError`, not raised).

    Files are taken as given; folders are searched recursively for ``*.txt``, skipping hidden
    files and folders. The same file reached twice counts once (under the name it was first
    reached by)."""
    from unionkg.pipelines.read.reading import PageError

    found: dict[Path, tuple[Path, str]] = {}  # resolved -> (path as given or found, relative name)
    errors: list[PageError] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            def on_error(exc: OSError, root=path) -> None:
                errors.append(PageError(exc.filename or root, f"cannot list folder: {exc.strerror or exc}"))

            pages, others = 0, []
            for folder, dirs, files in os.walk(path, onerror=on_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or not name.lower().endswith(PAGE_SUFFIX):
                        others.append(name)
                        continue
                    file = Path(folder) / name
                    if file.is_file():
                        pages += 1
                        found.setdefault(file.resolve(), (file, file.relative_to(path).as_posix()))
            if not pages:
                visible = sorted(n for n in others if not n.startswith("."))
                held = (f"it holds {len(visible)} other file{'s' if len(visible) != 1 else ''}, e.g. "
                        f"{display_name(visible[0])}; " if visible else "")
                errors.append(PageError(path, f"no *.txt page file in this folder ({held}pages are plain-text "
                                              ".txt files)"))
        elif path.is_file():
            found.setdefault(path.resolve(), (path, path.name))
        elif path.exists():
            errors.append(PageError(path, "not a regular file"))
        else:
            errors.append(PageError(path, "no such file or directory"))
    errors.sort(key=lambda e: str(e))
    return _named(list(found.values())), errors


def named_pages(files: list[tuple[Path, str]]) -> list[PageInput]:
    """Pages for ``(path, relative name)`` pairs found some other way (a manifest), named as
    :func:`discover_pages` names them."""
    return _named(files)


def _named(files: list[tuple[Path, str]]) -> list[PageInput]:
    """Unique, location-free names for ``(path, relative name)`` pairs, sorted by name."""
    by_id: dict[str, list[tuple[Path, str]]] = {}
    for path, relative in files:
        by_id.setdefault(_strip_suffix(display_name(relative)), []).append((path, relative))
    pages = []
    for page_id, group in by_id.items():
        if len(group) == 1:
            path, relative = group[0]
            pages.append(PageInput(path, page_id, display_name(relative)))
            continue
        # Same relative name under two inputs: the content tells them apart wherever they are;
        # identical copies then take a number in the order of their content-independent sort.
        keyed = sorted((_content_key(path), display_name(path), path, relative) for path, relative in group)
        seen: dict[str, int] = {}
        for key, _, path, relative in keyed:
            seen[key] = seen.get(key, 0) + 1
            suffix = key if seen[key] == 1 else f"{key}-{seen[key]}"
            pages.append(PageInput(path, f"{page_id}~{suffix}", display_name(relative)))
    pages.sort(key=lambda p: (p.source, p.page_id))
    return pages


def _content_key(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()[:10]
    except OSError:  # unreadable: reported when the page is read; any distinct key will do here
        return "unreadable"
