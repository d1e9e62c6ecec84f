"""kg_structure: placeholder component (filled in shortly)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipelines import extensions  # noqa: F401  (registers Doc._ attributes)


class StructureExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.structure = []
        return doc


@Language.factory("kg_structure", requires=["doc.ents"], assigns=["doc._.structure"])
def make_structure(nlp: Language, name: str) -> StructureExtractor:
    return StructureExtractor(nlp, name)
