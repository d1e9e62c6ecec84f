"""Find page files, detect their encoding, and read them into clean :class:`Page` objects.

Encoding is detected from the bytes, never from the file name: a BOM decides first (UTF-8,
UTF-16, UTF-32), NUL bytes mean UTF-16 without a BOM or binary data, then strict UTF-8 (unless
the bytes are a short GB18030 text that happens to be valid UTF-8 too), then GB18030 (a superset
of GBK and GB2312), then charset-normalizer's best guess; every candidate must look like text (no
NUL or control characters, mostly letters, digits, CJK and punctuation) to be accepted.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import stat
from pathlib import Path

from unionkg.pipelines.read.cleaning import Page, clean_text, is_han
from unionkg.pipelines.read.formats import not_plain_text
from unionkg.pipelines.read.inputs import PageInput, discover_pages, display_name

__all__ = ["PageError", "Page", "PageInput", "discover_inputs", "discover_pages", "decode_bytes", "read_page"]

# Share of characters allowed to be odd (private use, unassigned, stray symbols) in real text.
_MAX_ODD_SHARE = 0.02
# A fallback guess must decode to at least this share of Chinese characters.
_MIN_HAN_SHARE = 0.3
# UTF-16 without a BOM: share of the decoded characters that must be ASCII or Chinese text.
_MIN_UTF16_PLAUSIBLE = 0.9
# A page whose letters are less than this share Chinese is not a page of the paper: reported.
_MIN_PAGE_HAN_SHARE = 0.2
# Everything but layout.is_han's ranges: what is left after removing it is the Han characters, counted
# without a Python call per character (a quarter of the read stage's time went to that count).
_NOT_HAN = re.compile("[^\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f]+")
# Control characters other than tab, line and page breaks (regexes: 12M characters a year).
_CONTROLS_RE = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f]")
# What a wrong decoding produces: private-use and lone surrogate characters.
_ODD_RE = re.compile("[\ue000-\uf8ff\ud800-\udfff\U000f0000-\U0010ffff]")
# Accented Latin letters (é ü ñ): a valid UTF-8 text holding them is taken as UTF-8.
_ACCENTED_LATIN_RE = re.compile("[\u00c0-\u00ff]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class PageError(Exception):
    """A page that cannot be read; ``str(err)`` names the file and the reason."""

    def __init__(self, path, reason):
        super().__init__(f"{display_name(path)}: {reason}")  # a name is data: never printed raw
        self.path = path
        self.reason = reason

    def __reduce__(self):
        # Cross worker-process boundaries intact (default pickling would call PageError(message)).
        return (PageError, (self.path, self.reason))


def discover_inputs(inputs: list[str | Path]) -> tuple[list[Path], list[PageError]]:
    """Page files named by ``inputs``: files as given, folders searched recursively for ``*.txt``.

    Hidden files and folders (``.name``) inside a folder are skipped. The result is sorted and
    free of duplicates (the same file reached twice counts once); a missing input is reported as a
    :class:`PageError`, not raised. ``discover_pages`` gives each file its published name too.
    """
    pages, errors = discover_pages(inputs)
    return [page.path for page in pages], errors


def _looks_like_text(text: str) -> str | None:
    """Why ``text`` is not plausible page text, or ``None`` when it is."""
    if "\x00" in text:
        return "binary data (NUL characters)"
    controls = len(_CONTROLS_RE.findall(text))
    if controls:
        return f"binary data ({controls} control characters)"
    odd = len(_ODD_RE.findall(text))
    if odd > _MAX_ODD_SHARE * len(text):
        return "not text in a known encoding (private-use or surrogate characters)"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a page's bytes; raises ``ValueError(reason)`` when it is not text."""
    if not data:
        raise ValueError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ValueError(f"undecodable {encoding} after its byte-order mark: {exc.reason}") from None
            return _checked(text, encoding)
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ValueError("binary data (NUL bytes)")
        return text
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reasons = [f"not utf-8 ({exc.reason} at byte {exc.start})"]
    else:
        # Valid UTF-8 is taken as UTF-8, unless it is a short GB18030 text whose bytes happen to
        # be valid UTF-8 too (``丌`` is D8 A2 in GB18030, which UTF-8 reads as Arabic ``آ``): then the
        # GB18030 reading is more Chinese. Real UTF-8 Chinese pages are all Chinese already.
        if not utf8.isascii():
            try:
                gb = data.decode("gb18030")
            except UnicodeDecodeError:
                gb = None
            if (
                gb is not None
                and _looks_like_text(gb) is None
                and _chinese_share(gb) > _chinese_share(utf8)
                and not _ACCENTED_LATIN_RE.search(utf8)  # ``café`` stays UTF-8
            ):
                return _checked(gb, "gb18030")
        return _checked(utf8, "utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        reasons.append(f"not gb18030 ({exc.reason} at byte {exc.start})")
    else:
        problem = _looks_like_text(text)
        if problem is None:
            return _checked(text, "gb18030")
        reasons.append(f"gb18030: {problem}")
    guess = _charset_guess(data)
    if guess is not None:
        return _checked(*guess)
    raise ValueError("undecodable: " + "; ".join(reasons))


def _is_chinese_text_char(ch: str) -> bool:
    code = ord(ch)
    return (
        is_han(ch)
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation: “” — …
        or ch == "\u00b7"  # the middle dot of transcribed foreign names
    )


def _chinese_share(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that Chinese text is made of."""
    wide = [ch for ch in text if not ch.isascii()]
    return sum(map(_is_chinese_text_char, wide)) / len(wide) if wide else 0.0


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (its ASCII characters bring the NUL bytes).

    Both byte orders are tried; the reading made of more plausible characters (ASCII and Chinese
    text) wins, then the one with more Chinese, then the one whose NULs sit where ASCII's high
    bytes would (odd positions in little-endian).
    """
    if len(data) % 2:
        return None
    little_first = data[1::2].count(0) >= data[0::2].count(0)
    best: tuple[tuple[int, int, bool], str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) is not None or not text.strip():
            continue
        plausible = sum(1 for ch in text if ch.isascii() or _is_chinese_text_char(ch))
        if plausible < _MIN_UTF16_PLAUSIBLE * len(text):
            continue  # NUL-ridden bytes that only happen to decode (a third of all code units are CJK)
        score = (plausible, sum(map(is_han, text)), little_first == (encoding == "utf-16-le"))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    return None if best is None else (best[1], best[2])


def _charset_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: the fixed strategies cover the paper's files
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    # The paper is Chinese: a guess that yields little Chinese (say Latin-1 over binary) is wrong.
    letters = [ch for ch in text if not ch.isspace()]
    han = sum(1 for ch in letters if is_han(ch))
    if _looks_like_text(text) is not None or han < _MIN_HAN_SHARE * len(letters):
        return None
    return text, best.encoding


def _checked(text: str, encoding: str) -> tuple[str, str]:
    problem = _looks_like_text(text)
    if problem is not None:
        raise ValueError(problem)
    if not text.strip():
        raise ValueError("empty file (whitespace only)")
    return text, encoding


def read_page(path: Path) -> Page:
    """Read, decode and clean one page file; any failure is a :class:`PageError` naming the file."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise PageError(path, "no such file") from None
    except OSError as exc:
        raise PageError(path, f"unreadable: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise PageError(path, "is a directory, not a page file")
    if not stat.S_ISREG(mode):
        # Reading a FIFO or a device would block or never end.
        raise PageError(path, "not a regular file (device, pipe or socket)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PageError(path, "no such file") from None
    except OSError as exc:
        raise PageError(path, f"unreadable: {exc.strerror or exc}") from None
    other_format = not_plain_text(data)
    if other_format is not None:
        raise PageError(path, other_format)
    try:
        raw, encoding = decode_bytes(data)
    except ValueError as exc:
        raise PageError(path, str(exc)) from None
    other_format = not_plain_text(raw[:65536].encode("utf-8"))  # HTML in UTF-16 or GB18030
    if other_format is not None:
        raise PageError(path, other_format)
    text, offsets = clean_text(raw)
    if not text.strip():
        raise PageError(path, "no text left after cleaning")
    letters = sum(map(str.isalnum, text))
    han = len(_NOT_HAN.sub("", text))  # = sum(is_han(ch) for ch in text)
    if han < _MIN_PAGE_HAN_SHARE * letters:
        raise PageError(path, f"no Chinese text to read ({han} Chinese characters of {letters} letters and "
                              f"digits, read as {encoding}): not a page of the paper, or a wrong encoding")
    return Page(
        path=path,
        page_id=path.stem,
        raw=raw,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        offsets=offsets,
    )
