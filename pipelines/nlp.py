"""The unionkg spaCy pipeline: ``load_nlp(settings)``.

A blank Chinese ``Language`` whose tokenizer makes one token per character (token ``i`` is
character ``i``, whitespace included), then: kg_sentences -> kg_lac -> kg_entity_rules ->
kg_shortforms -> kg_roles -> kg_events -> kg_structure (the last three when their modules are
installed).
"""
from __future__ import annotations

import importlib

import spacy
from spacy.language import Language

from graph.config import Settings
from pipelines import entity_rules, ner, shortforms  # noqa: F401  (register the factories)
from pipelines.ner import CharTokenizer

# Components written elsewhere in the project, by factory name and module.
LATER_COMPONENTS = (
    ("kg_roles", "pipelines.roles"),
    ("kg_events", "pipelines.events"),
    ("kg_structure", "pipelines.structure"),
)


def _registered(factory: str, module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return Language.has_factory(factory)


def load_nlp(settings: Settings | None = None) -> Language:
    """The full pipeline for ``settings`` (default settings when None)."""
    settings = settings or Settings()
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_lac")
    nlp.add_pipe("kg_entity_rules")
    nlp.add_pipe("kg_shortforms", config={"home_city": settings.home_city})
    for factory, module in LATER_COMPONENTS:
        if _registered(factory, module):
            nlp.add_pipe(factory)
    return nlp
