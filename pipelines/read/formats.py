"""Page files that are not plain text, recognised by their content (never by their name), with
what to do about them: a Word or PDF file, an HTML page, an archive or an image.

HTML is refused rather than read: evidence offsets point into the page file as written, which
for HTML would be its markup; and a web page's layout (menus, several stories, links) is not the
paper's. Extract the article text first (a browser's "Save as text", or any HTML-to-text tool).
"""
from __future__ import annotations

import re

_HOW_TO_TEXT = "save it as plain text (.txt, UTF-8) and build that"
# (leading bytes, what the file is, what to do)
_SIGNATURES = (
    (b"%PDF-", "a PDF file", "extract its text (e.g. `pdftotext -layout page.pdf page.txt`)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 (.doc) or other Office file", _HOW_TO_TEXT),
    (b"{\\rtf", "an RTF document", _HOW_TO_TEXT),
    (b"\x89PNG", "a PNG image", "the builder reads text, not scans; run OCR first"),
    (b"\xff\xd8\xff", "a JPEG image", "the builder reads text, not scans; run OCR first"),
    (b"GIF8", "a GIF image", "the builder reads text, not scans; run OCR first"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
)
# The start of an HTML or XHTML document, after a BOM and blank space (any byte encoding that keeps ASCII).
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|\?xml[^>]*>\s*<(?:!doctype\s+)?html)",
                         re.IGNORECASE | re.DOTALL)
# Markup that plain text does not hold: block and inline tags, closing tags, entities.
_TAG = re.compile(rb"</?(?:p|div|br|span|a|td|tr|li|h[1-6]|head|body|script|style|meta|img|table)\b[^<>]{0,500}>",
                  re.IGNORECASE)
_MIN_TAGS = 5


def not_plain_text(data: bytes) -> str | None:
    """Why ``data`` is not a plain-text page, with what to do; ``None`` when it may be one."""
    for signature, what, todo in _SIGNATURES:
        if data.startswith(signature):
            return f"{what}, not a plain-text page: {todo}"
    if data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        if b"word/" in head or b"[Content_Types].xml" in head and b"word" in data[:65536]:
            return ("a Word document (.docx), not a plain-text page: in Word use File > Save As > "
                    "Plain Text (.txt) with UTF-8, or run `pandoc page.docx -t plain -o page.txt`")
        return "a ZIP archive (or an Office document), not a plain-text page: unpack or convert it first"
    head = data[:65536]
    if _HTML_START.match(head) or len(_TAG.findall(head)) >= _MIN_TAGS:
        return ("an HTML page, not plain text: save the article's text as a .txt file (a browser's "
                "\"Save as text\", or `pandoc page.html -t plain -o page.txt`); markup would be read as "
                "headlines and stories run together")
    return None
