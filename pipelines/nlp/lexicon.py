"""General-knowledge lexicons for the NER rules: places, organization endings, titles.

Files live in ``data/lexicon/`` (one entry a line, ``#`` comments); see its README for sources.
Nothing here names a particular person or body: only divisions, countries, suffixes and titles.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from unionkg.data.readers import load_divisions, load_place_endings, read_lines, read_sections
from unionkg.pipelines.settings import LEXICON_DIR

class WordLists(dict):
    """Section -> words of a sectioned word file (entries split at spaces, in file order); a
    missing section is an error naming the file."""

    def __init__(self, path: Path) -> None:
        super().__init__((name, tuple(w for line in lines for w in line.split()))
                         for name, lines in read_sections(path).items())
        self.path = path

    def __missing__(self, section: str):
        raise KeyError(f"{self.path}: no [{section}] section")


def short_form(name: str, endings: tuple[str, ...] | None = None, peoples: tuple[str, ...] | None = None) -> str:
    """``海淀区`` -> ``海淀``, ``云南省`` -> ``云南``, ``凉山彝族自治州`` -> ``凉山``; names too short to
    shorten stay as they are. Autonomous counties keep their people (大厂回族自治县 -> 大厂回族: the bare
    head is too often a common word). ``endings``: those a short form drops, longest first, and
    ``peoples``: those named in autonomous divisions (by default the packaged lexicon's)."""
    if endings is None or peoples is None:
        endings, peoples = load_lexicon().place_endings["short"], load_lexicon().peoples
    for suffix in ("自治区", "自治州"):
        if name.endswith(suffix):
            head = name[: -len(suffix)]
            while True:
                # 彝族, 苗族侗族; a people of several characters may go without 族 (新疆维吾尔自治区)
                people = next((p + "族" for p in peoples if head.endswith(p + "族") and len(head) - len(p) - 1 >= 2), "") \
                    or next((p for p in peoples if len(p) >= 2 and head.endswith(p) and len(head) - len(p) >= 2), "")
                if not people:
                    break
                head = head[: -len(people)]
            if len(head) >= 2:
                return head
    for suffix in endings:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def lexicon_directory(lexicon_dir: str | Path = "") -> Path:
    """The folder a step's ``lexicon_dir`` option names, or the packaged lexicons when it names none."""
    return Path(lexicon_dir) if lexicon_dir else LEXICON_DIR


# Answers remembered per name (names recur all through a build; the tables never change): the least
# recently used go past this many, so a long build does not grow the memory forever.
MEMO_SIZE = 1 << 16


@dataclass
class Division:
    code: str  # six-digit national adcode
    name: str
    level: str  # province | city | district


@dataclass
class Lexicon:
    divisions: dict[str, Division] = field(default_factory=dict)  # full name -> division (first by code)
    short_divisions: dict[str, list[str]] = field(default_factory=dict)  # short form -> full names
    countries: frozenset[str] = frozenset()
    foreign_cities: dict[str, str] = field(default_factory=dict)  # city -> country
    regions: frozenset[str] = frozenset()
    org_suffixes: tuple[tuple[str, str], ...] = ()  # (ending, kind), longest first
    titles: tuple[str, ...] = ()  # longest first
    generic_words: tuple[str, ...] = ()  # longest first
    surnames: frozenset[str] = frozenset()
    province_abbreviations: frozenset[str] = frozenset()
    natural_place_endings: tuple[str, ...] = ()  # 山, 湖, 景区 … (longest first)
    transliteration_chars: frozenset[str] = frozenset()  # of foreign personal names
    rule_words: WordLists | dict = field(default_factory=dict)  # rule_words.txt, by section
    place_endings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # use -> endings (place_endings.txt)
    peoples: tuple[str, ...] = ()  # named in autonomous divisions (peoples.txt), in file order
    directory: Path = LEXICON_DIR  # where these were read (titles sit beside them)
    # Every division by code, homonyms included (several 朝阳区): the article locus weighs them all.
    divisions_by_code: dict[str, Division] = field(default_factory=dict)
    codes_of_name: dict[str, tuple[str, ...]] = field(default_factory=dict)  # full or short name -> codes

    def __post_init__(self) -> None:
        # Division names by first character, longest first: the article locus and the grammar of public
        # bodies look for a division at every position of a text.
        sizes: dict[str, set[int]] = {}
        for name in self.codes_of_name:
            if len(name) >= 2:
                sizes.setdefault(name[0], set()).add(len(name))
        self._division_sizes = {first: tuple(sorted(s, reverse=True)) for first, s in sizes.items()}
        self.division_starts = frozenset(self._division_sizes)
        # Endings by string for O(longest ending) lookups; the first kind in list order wins.
        self.suffix_kind: dict[str, str] = {}
        for suffix, kind in self.org_suffixes:
            self.suffix_kind.setdefault(suffix, kind)
        self.longest_suffix = max((len(s) for s in self.suffix_kind), default=0)
        # Titles and generic words as sets, looked up longest first: of the entries of one length
        # at most one can start at a given position, so this finds what a scan in list order finds.
        self.title_set = frozenset(self.titles)
        self.longest_title = max(map(len, self.titles), default=0)
        self.generic_set = frozenset(self.generic_words)
        self.longest_generic = max(map(len, self.generic_words), default=0)
        self.place_kind = lru_cache(maxsize=MEMO_SIZE)(self._place_kind)
        self._districts_by_prefix: dict[str, list[str]] | None = None  # see districts_of
        self.org_suffix = lru_cache(maxsize=MEMO_SIZE)(self._org_suffix)

    def divisions_at(self, text: str, pos: int):
        """``(name, codes, full, levels)`` of every division name (full, or a short form) starting at
        ``text[pos]``, longest first; ``full`` when the name is some division's full name, ``levels`` the
        levels of all its homonyms. Callers take the first their context accepts."""
        for size in self._division_sizes.get(text[pos], ()) if pos < len(text) else ():
            name = text[pos:pos + size]
            codes = self.codes_of_name.get(name) if len(name) == size else None
            if codes:
                by_code = self.divisions_by_code
                yield name, codes, any(by_code[c].name == name for c in codes), {by_code[c].level for c in codes}

    def is_abbreviated_places(self, text: str) -> bool:
        """``京港``, ``京津``: one-character province abbreviations only (several places)."""
        return len(text) >= 2 and all(ch in self.province_abbreviations for ch in text)

    def has_surname(self, name: str) -> bool:
        """Whether ``name`` starts with a family name (compound names first)."""
        return name[:2] in self.surnames or name[:1] in self.surnames

    # -- places ---------------------------------------------------------------------------
    def is_known_place(self, name: str) -> bool:
        return (
            name in self.divisions
            or name in self.short_divisions
            or name in self.countries
            or name in self.foreign_cities
            or name in self.regions
        )

    def _place_kind(self, name: str) -> str:
        """``place_kind(name)`` (remembered): country | province | city | district | region |
        foreign_city | street | other | ''."""
        if name in self.countries:
            return "country"
        if name in self.foreign_cities:
            return "foreign_city"
        if name in self.regions:
            return "region"
        division = self.divisions.get(name)
        if division is None and name in self.short_divisions:
            division = self.divisions[self.short_divisions[name][0]]
        if division is not None:
            return division.level
        if name.endswith(self.place_endings["street"]):
            return "street"
        if len(name) >= 3 and name.endswith(self.place_endings["open"]):
            return "other"
        return ""

    def is_place(self, name: str) -> bool:
        return self.place_kind(name) != ""

    def full_division(self, short: str, *, within: str = "") -> str:
        """The full name for a division short form (``海淀`` -> ``海淀区``), preferring divisions
        under ``within`` (a province/city full name); ``""`` when unknown or ambiguous."""
        if short in self.divisions:
            return short
        names = self.short_divisions.get(short, [])
        if within and within in self.divisions:
            prefix = self.divisions[within].code[:2]
            inside = [n for n in names if self.divisions[n].code.startswith(prefix)]
            if len(inside) == 1:
                return inside[0]
        return names[0] if len(names) == 1 else ""

    def districts_of(self, city: str) -> list[str]:
        """County-level divisions inside a province-level city or a prefecture city, by code."""
        division = self.divisions.get(city)
        if division is None:
            return []
        prefix = division.code[:2] if division.level == "province" else division.code[:4]
        if self._districts_by_prefix is None:
            self._districts_by_prefix = self._group_districts()
        if len(prefix) in (2, 4):
            return list(self._districts_by_prefix.get(prefix, ()))
        return self._sorted_districts(d for d in self.divisions.values() if d.code.startswith(prefix))

    def _sorted_districts(self, divisions) -> list[str]:
        return sorted((d.name for d in divisions if d.level == "district"), key=lambda n: self.divisions[n].code)

    def _group_districts(self) -> dict[str, list[str]]:
        """:meth:`districts_of` by the province's and the city's code prefix, worked out once (an article
        is about one of a few hundred cities: scanning every division each time cost a millisecond)."""
        groups: dict[str, list[Division]] = {}
        for d in self.divisions.values():
            for size in (2, 4):
                if len(d.code) >= size:
                    groups.setdefault(d.code[:size], []).append(d)
        return {prefix: self._sorted_districts(group) for prefix, group in groups.items()}

    def parent_division(self, name: str) -> str:
        """The province or city a division belongs to (``海淀区`` -> ``北京市``); ``""`` at the top."""
        division = self.divisions.get(name)
        if division is None or division.level == "province":
            return ""
        for code in (division.code[:4] + "00", division.code[:2] + "0000"):
            if code == division.code:
                continue
            for d in self.divisions.values():
                if d.code == code:
                    return d.name
        return ""

    # -- organizations --------------------------------------------------------------------
    def _org_suffix(self, name: str) -> tuple[str, str]:
        """``org_suffix(name)`` (remembered): the longest organization ending of ``name`` and its kind,
        or ``("", "")``."""
        for size in range(min(self.longest_suffix, len(name) - 1), 0, -1):
            kind = self.suffix_kind.get(name[-size:])
            if kind is not None:
                return name[-size:], kind
        return "", ""

    def strip_generic(self, text: str) -> str:
        """``text`` with leading generic words and numbers removed (``该街道`` -> ``""``)."""
        changed = True
        while text and changed:
            changed = False
            for size in range(min(self.longest_generic, len(text)), 0, -1):
                if text[:size] in self.generic_set:
                    text = text[size:]
                    changed = True
                    break
            while text and (text[0].isdigit() or text[0] in "一二两三四五六七八九十百千万几个家名"):
                text = text[1:]
                changed = True
        return text

    def title_at(self, text: str, start: int) -> str:
        """The longest title starting at ``text[start]``, or ``""``."""
        if start < 0:  # counted from the end, as str.startswith counts it
            start = max(0, len(text) + start)
        for size in range(min(self.longest_title, len(text) - start), 0, -1):
            candidate = text[start:start + size]
            if candidate in self.title_set:
                return candidate
        return ""

    def is_title(self, text: str) -> bool:
        """Whether ``text`` is a whole title (``title_at(text, 0) == text``)."""
        return text in self.title_set or not text

    def contains_title(self, text: str, *, shortest: int = 1) -> bool:
        """Whether a title of at least ``shortest`` characters occurs anywhere in ``text``."""
        titles = self.title_set
        for size in range(shortest, min(self.longest_title, len(text)) + 1):
            if any(text[i:i + size] in titles for i in range(len(text) - size + 1)):
                return True
        return False

    def title_ending(self, text: str, *, shortest: int = 1) -> str:
        """The longest title (of at least ``shortest`` characters) that ``text`` ends with, or ``""``."""
        for size in range(min(self.longest_title, len(text)), shortest - 1, -1):
            if text[-size:] in self.title_set:
                return text[-size:]
        return ""


def _by_length(items) -> tuple:
    return tuple(sorted(set(items), key=lambda x: (-len(x[0] if isinstance(x, tuple) else x), x)))


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read every lexicon file of ``directory`` (cached per directory)."""
    divisions: dict[str, Division] = {}
    short: dict[str, list[str]] = {}
    by_code: dict[str, Division] = {}
    codes_of: dict[str, list[str]] = {}
    place_endings = load_place_endings(directory / "place_endings.txt")
    shortened = place_endings["short"]
    peoples = tuple(w for line in read_lines(directory / "peoples.txt") for w in line.split())
    path = directory / "divisions.txt"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no division table")
    for code, name, level in load_divisions(path):
        by_code[code] = Division(code, name, level)
        codes_of.setdefault(name, []).append(code)
        if short_form(name, shortened, peoples) != name:
            codes_of.setdefault(short_form(name, shortened, peoples), []).append(code)
        if name in divisions:  # homonyms (several 朝阳区): keep the first by code
            continue
        divisions[name] = Division(code, name, level)
    for name in divisions:
        s = short_form(name, shortened, peoples)
        if s != name:
            short.setdefault(s, []).append(name)
    foreign = {}
    for line in read_lines(directory / "foreign_cities.txt"):
        city, country = line.split("\t")
        foreign[city] = country
    suffixes = []
    for line in read_lines(directory / "org_suffixes.txt"):
        ending, kind = line.split("\t")
        suffixes.append((ending, kind))
    return Lexicon(
        divisions=divisions,
        short_divisions={k: sorted(v, key=lambda n: divisions[n].code) for k, v in short.items()},
        countries=frozenset(read_lines(directory / "countries.txt")),
        foreign_cities=foreign,
        regions=frozenset(read_lines(directory / "regions.txt")),
        org_suffixes=_by_length(suffixes),
        titles=_by_length(read_lines(directory / "name_titles.txt")),
        generic_words=_by_length(read_lines(directory / "generic_words.txt")),
        surnames=frozenset(w for line in read_lines(directory / "surnames.txt") for w in line.split()),
        province_abbreviations=frozenset(
            w for line in read_lines(directory / "province_abbreviations.txt") for w in line.split()
        ),
        natural_place_endings=tuple(sorted(read_lines(directory / "natural_place_endings.txt"), key=lambda e: (-len(e), e))),
        transliteration_chars=frozenset(
            c for line in read_lines(directory / "transliteration_chars.txt") for c in line if not c.isspace()
        ),
        rule_words=WordLists(directory / "rule_words.txt"),
        place_endings=place_endings,
        peoples=peoples,
        directory=directory,
        divisions_by_code=by_code,
        codes_of_name={name: tuple(sorted(set(codes))) for name, codes in codes_of.items()},
    )
