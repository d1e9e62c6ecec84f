"""Where a place lies: a place the text names, resolved to one division of the division table, and
the chain of divisions above it (街道 -> 区/县 -> 市 -> 省 -> 中国).

A name stands for a division only when the evidence picks one: the name alone when it has no
homonym, else the place printed right before it (某某市某某区) or the article's locus (its province,
city and district, ``kg_locus``), most specific first. Homonyms nothing tells apart stay unresolved
(never guessed). Places below the table (街道, 镇, 社区, 村) lie in the district printed before
them, in the county a town is named after (某某镇 in 某某县, within the locus city), or in the
locus district when the article itself names that district and no other.

Used by ``kg_structure`` (the place hierarchy, where bodies are) and ``kg_events`` (where an event was).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unionkg.data.readers import read_sections
from unionkg.pipelines.nlp.lexicon import Lexicon, load_lexicon
from unionkg.pipelines.nlp.locus import Locus
from unionkg.pipelines.settings import LEXICON_DIR

HIERARCHY_FILE = "place_hierarchy.txt"
_PARTY_PREFIX = "中共"
_LEVEL_RANK = {"province": 0, "city": 1, "district": 2}


@dataclass(frozen=True)
class Context:
    """Code prefixes that narrow a homonym, most specific first (district, city, province), and the
    district the article is sure of (it names that district and no other)."""

    prefixes: tuple[str, ...] = ()
    sure_district: str = ""

    def narrowed(self, code: str) -> "Context":
        """The same context with ``code``'s own prefix tried first (a place printed right before)."""
        return Context((_prefix(code),) + self.prefixes, self.sure_district)


def _prefix(code: str) -> str:
    """The code prefix of what lies inside a division: 11 for 110000, 1101 for 110100, all six for a district."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class PlaceChains:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.by_code = lexicon.divisions_by_code
        sections = read_sections(lexicon.directory / HIERARCHY_FILE)
        self.root = (sections.get("root") or [""])[0]
        self.abbreviations = {line.split()[0]: line.split()[1] for line in sections.get("abbreviations", [])}
        self.arrive = tuple(sorted((w for line in sections.get("arrive", []) for w in line.split()), key=len, reverse=True))
        self.visit = tuple(sorted((w for line in sections.get("visit", []) for w in line.split()), key=len, reverse=True))
        self.sub_endings = lexicon.place_endings["street"]  # 街道, 社区, 镇, 乡, 村 …
        self.town_endings = lexicon.place_endings["town"]

    # -- context ---------------------------------------------------------------------------------
    def locus_codes(self, locus) -> tuple[str, str, str]:
        """(province, city, district) codes of a locus (``kg_locus``'s :class:`Locus`), "" where open."""
        if locus is None or not locus.province:
            return "", "", ""
        province = self._code_of(locus.province, "", "province")
        city = self._code_of(locus.city, province[:2], "province", "city") if locus.city else ""
        district = self._code_of(locus.district, _prefix(city) if city else province[:2], "district") \
            if locus.district else ""
        return province, city, district

    def context(self, locus, named_codes=()) -> Context:
        """The locus as code prefixes; ``named_codes``: the divisions the article itself names. The
        sure district is the only district it names (inside the locus city)."""
        province, city, district = self.locus_codes(locus)
        prefixes = tuple(_prefix(c) for c in (district, city, province) if c)
        named_districts = {c for c in named_codes if self.by_code[c].level == "district"
                           and (not city or c.startswith(_prefix(city)))}
        sure = next(iter(named_districts)) if len(named_districts) == 1 else ""
        return Context(tuple(dict.fromkeys(prefixes)), sure)

    def home_locus(self, home_city: str):
        """A locus (province, city) for the home city setting, for articles ``kg_locus`` did not see."""
        code = self.resolve(home_city) if home_city else ""
        if not code:
            return None
        province = self.name_of(code[:2] + "0000")
        city = self.name_of(code[:4] + "00") if code[:4] + "00" in self.by_code and not code.endswith("0000") else province
        return Locus(province, city, "", "home")

    def _code_of(self, name: str, within: str, *levels: str) -> str:
        codes = [c for c in self.lexicon.codes_of_name.get(name, ()) if c.startswith(within)
                 and self.by_code[c].name == name and self.by_code[c].level in levels]
        return codes[0] if len(codes) == 1 else ""

    # -- one name --------------------------------------------------------------------------------
    def resolve(self, name: str, context: Context = Context()) -> str:
        """The one division ``name`` (full name or short form) stands for here, or ``""``."""
        codes = self.lexicon.codes_of_name.get(name, ())
        full = tuple(c for c in codes if self.by_code[c].name == name)
        codes = full or codes
        # a county's short form is often a word or another place's name (灵山 the mountain, 灵山县
        # far away): it stands for the county only inside the article's own province or city
        needs_context = not full and all(self.by_code[c].level == "district" for c in codes)
        if len(codes) == 1 and not needs_context:
            return codes[0]
        for prefix in context.prefixes if not needs_context else [p for p in context.prefixes if len(p) <= 4]:
            inside = [c for c in codes if c.startswith(prefix)]
            if len(inside) == 1:
                return inside[0]
            if inside:
                return ""  # several homonyms in the same place: nothing tells them apart
        return ""

    def read_head(self, name: str, context: Context = Context()) -> tuple[str, int]:
        """The most specific division printed at the head of ``name`` and where it ends there:
        某某省某某市某某区委 -> (that district, 9); ``("", 0)`` for none. Each division read narrows the
        next; a short form counts only for a province or a city (district short forms are too often
        ordinary words) and never right before a level character (某某 + 市… is another name)."""
        name_start = len(_PARTY_PREFIX) if name.startswith(_PARTY_PREFIX) else 0
        pos, found = name_start, ""
        while pos < len(name):
            for head, codes, full, levels in self.lexicon.divisions_at(name, pos):
                rest = name[pos + len(head):]
                if not full and (not levels & {"province", "city"} or rest[:1] in ("省", "市", "区", "县", "州")):
                    continue
                code = self.resolve(head, context.narrowed(found) if found else context)
                if not code or (found and not code.startswith(_prefix(found))):
                    continue
                found, pos = code, pos + len(head)
                context = context.narrowed(code)
                break
            else:
                break
        return found, (pos if found else 0)

    def town_county(self, name: str, context: Context) -> str:
        """某某镇 named after its county (某某县, 某某区) inside the locus city: that county's code."""
        for ending in self.town_endings:
            if name.endswith(ending) and len(name) - len(ending) >= 2:
                head = name[: -len(ending)]
                codes = [c for c in self.lexicon.codes_of_name.get(head, ()) if self.by_code[c].level == "district"]
                city_prefixes = [p for p in context.prefixes if len(p) <= 4]
                inside = [c for c in codes if city_prefixes and c.startswith(city_prefixes[0])]
                return inside[0] if len(inside) == 1 else ""
        return ""

    def is_below_table(self, name: str) -> bool:
        """A street, town, community or village (not in the division table)."""
        return name.endswith(self.sub_endings) and name not in self.lexicon.codes_of_name

    # -- chains ----------------------------------------------------------------------------------
    def parents(self, code: str) -> list[str]:
        """The divisions above ``code``, nearest first (district -> city -> province), root not included."""
        division = self.by_code.get(code)
        if division is None:
            return []
        out = []
        for parent in (code[:4] + "00", code[:2] + "0000"):
            above = self.by_code.get(parent)
            if parent != code and above is not None and _LEVEL_RANK[above.level] < _LEVEL_RANK[division.level] \
                    and parent not in out:
                out.append(parent)
        return out

    def name_of(self, code: str) -> str:
        return self.by_code[code].name

    def level_of(self, code: str) -> str:
        return self.by_code[code].level


@lru_cache(maxsize=4)
def load_place_chains(directory: Path = LEXICON_DIR) -> PlaceChains:
    return PlaceChains(load_lexicon(directory))
