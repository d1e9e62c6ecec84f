"""The unionkg spaCy pipeline: ``load_nlp(settings)``.

A blank Chinese ``Language`` whose tokenizer makes one token per character (token ``i`` is
character ``i``, whitespace included), then: kg_sentences -> kg_lac -> kg_entity_rules ->
kg_public_bodies -> kg_name_lists -> kg_businesses -> kg_locus -> kg_shortforms -> kg_roles -> kg_events -> kg_structure.
"""
from __future__ import annotations

import spacy
from spacy.language import Language

from unionkg.pipelines.settings import Settings
from unionkg.pipelines.nlp import businesses, entity_rules, events, locus, name_lists, ner, public_bodies, roles, shortforms, structure  # noqa: F401  (register the factories)
from unionkg.pipelines.nlp.ner import CharTokenizer


def load_nlp(settings: Settings | None = None) -> Language:
    """The full pipeline for ``settings`` (default settings when None)."""
    settings = settings or Settings()
    home = {"home_city": settings.home_city}
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_lac")
    nlp.add_pipe("kg_entity_rules")
    nlp.add_pipe("kg_public_bodies")
    nlp.add_pipe("kg_name_lists")
    nlp.add_pipe("kg_businesses")
    nlp.add_pipe("kg_locus", config=home)
    nlp.add_pipe("kg_shortforms", config=home)
    nlp.add_pipe("kg_roles", config=home)
    nlp.add_pipe("kg_events")
    nlp.add_pipe("kg_structure", config=home)
    return nlp
