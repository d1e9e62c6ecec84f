"""kg_events: placeholder component (filled in shortly)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipelines import extensions  # noqa: F401  (registers Doc._ attributes)


class EventExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc


@Language.factory("kg_events", requires=["doc.ents"], assigns=["doc._.events"])
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
