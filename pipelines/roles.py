"""kg_roles: placeholder component (filled in shortly)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipelines import extensions  # noqa: F401  (registers Doc._ attributes)


class RoleExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.roles = []
        return doc


@Language.factory("kg_roles", requires=["doc.ents"], assigns=["doc._.roles"])
def make_roles(nlp: Language, name: str) -> RoleExtractor:
    return RoleExtractor(nlp, name)
