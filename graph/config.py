"""Build settings shared by the pipeline and the graph stages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
SAMPLES_DIR = DATA_DIR / "samples"
LEXICON_DIR = DATA_DIR / "lexicon"
DEFAULT_ALIASES_FILE = DATA_DIR / "aliases.tsv"


@dataclass(frozen=True)
class Settings:
    # The paper's home city: 市总工会 / 市委 with no city named mean this city's bodies.
    home_city: str = "北京市"
    # Instance IRIs are minted under this base; stable across runs.
    base_iri: str = "https://w3id.org/unionkg/"
    # User-editable alias / merge file applied by resolution (None: no file).
    aliases_file: Path | None = field(default=DEFAULT_ALIASES_FILE)
