"""Stable IRIs for everything in a corpus, under one configurable base IRI.

Entity IRIs keep the letters of their id (``person/张良``); pages, articles and events get readable
paths; memberships, evidence and selectors get hashes of what they stand for (no blank nodes).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from unionkg.graph.records import Evidence

# Local IRI segments kept readable; everything else is percent-encoded (UTF-8).
_ASCII_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
_NAME_DOTS = frozenset("·・")  # interpuncts of transliterated foreign names (道佩·阿伦)
_EVENT_ID = re.compile(r"(.*)#(\d+)/event(\d+)")


def iri_segment(text: str) -> str:
    """``text`` as an IRI path: letters of any script kept, reserved and odd characters %-encoded."""
    out = []
    for ch in text:
        if ch in _ASCII_SAFE:
            out.append(ch)
        elif ord(ch) >= 0xA0 and (ch in _NAME_DOTS or unicodedata.category(ch)[0] in "LNM") and _ucschar(ch):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def _ucschar(ch: str) -> bool:
    # RFC 3987 ucschar ranges; private-use and non-characters must be encoded.
    c = ord(ch)
    if c <= 0xD7FF:
        return True
    if 0xF900 <= c <= 0xFDCF or 0xFDF0 <= c <= 0xFFEF:
        return True
    if 0x10000 <= c <= 0xDFFFD:
        return (c & 0xFFFF) <= 0xFFFD
    return 0xE1000 <= c <= 0xEFFFD


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def normalize_base(base_iri: str) -> str:
    return base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"


class IriMinter:
    """Stable IRIs for everything in a corpus, under one base IRI."""

    def __init__(self, base_iri: str) -> None:
        self.base = normalize_base(base_iri)
        self._entities: dict[str, str] = {}
        self._page_segments: dict[str, str] = {}

    def entity(self, entity_id: str) -> str:
        iri = self._entities.get(entity_id)
        if iri is None:  # entity ids repeat in every article and event: encode each once
            iri = self._entities[entity_id] = self.base + iri_segment(entity_id)
        return iri

    def _page_segment(self, page_id: str) -> str:
        segment = self._page_segments.get(page_id)
        if segment is None:  # page ids repeat in every entity, article and evidence: encode each once
            segment = self._page_segments[page_id] = iri_segment(page_id)
        return segment

    def page(self, page_id: str) -> str:
        return self.base + "page/" + self._page_segment(page_id)

    def article(self, article_id: str) -> str:
        page_id, _, index = article_id.rpartition("#")
        return f"{self.base}article/{self._page_segment(page_id)}-{iri_segment(index)}"

    def event(self, event_id: str) -> str:
        match = _EVENT_ID.fullmatch(event_id)
        if match:  # "<page>#<article>/event<n>" -> event/<page>-<article>-<n>
            page_id, index, number = match.groups()
            return f"{self.base}event/{self._page_segment(page_id)}-{index}-{number}"
        return self.base + "event/" + iri_segment(event_id.replace("#", "/"))

    def role(self, title: str) -> str:
        return self.base + "role/" + iri_segment(title)

    def membership(self, membership_id: str) -> str:
        return self.base + "membership/" + _hash(membership_id)

    def evidence(self, ev: Evidence) -> tuple[str, str]:
        """(evidence node, its selector) for one quoted span of a page."""
        key = _hash(ev.page_id, ev.source, ev.src_start, ev.src_end, ev.exact, ev.sentence)[:8]
        local = f"{self._page_segment(ev.page_id)}-{ev.src_start}-{ev.src_end}-{key}"
        return f"{self.base}evidence/{local}", f"{self.base}selector/{local}"


# Namespaces of instances, one Turtle prefix each ("org" is taken by the W3C vocabulary). They
# never overlap, so the serializer has exactly one way to abbreviate each IRI.
INSTANCE_PREFIXES = {
    "person": "person/",
    "union": "union/",
    "company": "company/",
    "kgorg": "org/",
    "place": "place/",
    "role": "role/",
    "membership": "membership/",
    "article": "article/",
    "event": "event/",
    "page": "page/",
    "evidence": "evidence/",
    "selector": "selector/",
}


def instance_prefixes(base_iri: str) -> dict[str, str]:
    """One Turtle prefix per kind of instance, under ``base_iri``."""
    base = normalize_base(base_iri)
    return {name: base + local for name, local in INSTANCE_PREFIXES.items()}
