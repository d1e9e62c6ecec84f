"""Package data of unionkg (installed as ``unionkg.data``): the general-knowledge lexicons, the bundled
sample pages and the default alias file.

Everything is found through :mod:`importlib.resources`, so it works the same from a checkout, an editable
install or a wheel. unionkg is installed as plain files (pip never zips it), so the folders are real paths.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

DATA_DIR = Path(str(resources.files(__name__)))
LEXICON_DIR = DATA_DIR / "lexicon"
SAMPLES_DIR = DATA_DIR / "samples"
DEFAULT_ALIASES_FILE = DATA_DIR / "aliases.tsv"
