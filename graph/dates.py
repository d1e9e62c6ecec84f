"""The dates of a resolved corpus's facts, as the exports read them (ISO ``YYYY-MM-DD`` strings).

Pages, articles and events are dated when the records are made (``pipelines/read/dates.py``,
``pipelines/nlp/dates.py``); a role, a co-mention or a structure fact is dated by the pages its
evidence comes from: a newspaper reports a role as held on its publication date (an observation,
never the start of the role).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from unionkg.graph.corpus import Corpus, Event

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def page_dates(corpus: Corpus) -> dict[str, str]:
    """Page id -> its date, for the dated pages only."""
    return {page.page_id: page.date for page in corpus.pages if page.date}


def event_date(event: Event) -> str:
    """The event's ISO date ("" when undated): resolved, or printed as ISO."""
    return event.iso_date or (event.date if _ISO_DATE.fullmatch(event.date or "") else "")


def evidence_dates(evidence: Iterable, dates: dict[str, str]) -> list[str]:
    """The sorted distinct dates of the pages ``evidence`` (Evidence objects) comes from."""
    return sorted({dates[ev.page_id] for ev in evidence if ev is not None and ev.page_id in dates})
