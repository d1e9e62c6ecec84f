"""Build settings shared by the pipeline and the graph stages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from unionkg.data import DEFAULT_ALIASES_FILE, LEXICON_DIR, SAMPLES_DIR  # noqa: F401  (the settings' defaults)


@dataclass(frozen=True)
class Settings:
    # The paper's home city: 市总工会 / 市委 mean this city's bodies only when the article and its page
    # name no place at all (``pipelines/nlp/locus.py``); "" (the default): such short forms stay as printed.
    home_city: str = ""
    # Instance IRIs are minted under this base; stable across runs.
    base_iri: str = "https://w3id.org/unionkg/"
    # User-editable alias / merge file applied by resolution (None: no file).
    aliases_file: Path | None = field(default=DEFAULT_ALIASES_FILE)
