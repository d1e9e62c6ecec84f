"""Where a name puts an article: administrative places from the division table, as (province, city) loci.

A place is known by its full name (某某市, 某某区) and, for provinces and cities, by its short form
(某某). A body's name is read from its head: the longest known places one after another (某某省某某市
某某区委 -> that district), each narrowed to the ones under the place before it. Two loci can be one
place when they are in one province and one of them names no city or both name the same city.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unionkg.data.readers import DIVISIONS_FILE, load_divisions
from unionkg.pipelines.nlp.lexicon import short_form

PROVINCE, CITY, DISTRICT = "province", "city", "district"
_LONGEST = 12  # characters of the longest division name (克孜勒苏柯尔克孜自治州 is 11)


@dataclass(frozen=True, order=True)
class Place:
    code: str  # six-digit division code
    name: str  # full name
    level: str  # province | city | district

    @property
    def locus(self) -> tuple[str, str]:
        """(province code, city code or "" for a province-level place)."""
        return (self.code[:2], "" if self.level == PROVINCE else self.code[:4])


Locus = tuple[str, str]


@lru_cache(maxsize=2)
def place_index(path: Path = DIVISIONS_FILE) -> dict[str, tuple[Place, ...]]:
    """Name -> the places of that name (several for 朝阳区), full names and short forms of provinces
    and cities."""
    index: dict[str, list[Place]] = {}
    for code, name, level in load_divisions(path):
        place = Place(code, name, level)
        forms = {name}
        if level in (PROVINCE, CITY):
            short = short_form(name)
            if len(short) >= 2:
                forms.add(short)
        for form in forms:
            index.setdefault(form, []).append(place)
    return {name: tuple(sorted(places)) for name, places in index.items()}


def _under(places: tuple[Place, ...], outer: tuple[Place, ...]) -> tuple[Place, ...]:
    """The places within one of ``outer`` (all of them when none is)."""
    prefixes = {p.code[:2] if p.level == PROVINCE else p.code[:4] for p in outer}
    inner = tuple(p for p in places if p.code[:2] in prefixes or p.code[:4] in prefixes)
    return inner or places


def head_places(name: str, index: dict[str, tuple[Place, ...]] | None = None) -> tuple[Place, ...]:
    """The most specific places printed at the head of ``name`` (a body or a place), () for none."""
    index = place_index() if index is None else index
    found: tuple[Place, ...] = ()
    pos = 0
    while pos < len(name):
        for size in range(min(_LONGEST, len(name) - pos), 1, -1):
            places = index.get(name[pos:pos + size])
            if places:
                found = _under(places, found) if found else places
                pos += size
                break
        else:
            break
    return found


def loci_of(names, index: dict[str, tuple[Place, ...]] | None = None) -> frozenset[Locus]:
    """Every locus the names put an article in."""
    index = place_index() if index is None else index
    return frozenset(p.locus for name in names for p in head_places(name, index))


def compatible(a: Locus, b: Locus) -> bool:
    """One province, and the same city or no city on one side."""
    return a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1])


def can_meet(a: frozenset[Locus], b: frozenset[Locus]) -> bool:
    """Whether two sets of loci share a possible place (an empty set says nothing, so it can)."""
    return not a or not b or any(compatible(x, y) for x in a for y in b)


@dataclass(frozen=True)
class Where:
    """A set of loci as three sets, so that :meth:`meets` is :func:`can_meet` by set intersections."""

    cities: frozenset[str]
    provinces: frozenset[str]
    province_only: frozenset[str]  # provinces named without a city

    @classmethod
    def of(cls, loci: frozenset[Locus]) -> "Where":
        return cls(frozenset(c for _, c in loci if c), frozenset(p for p, _ in loci),
                   frozenset(p for p, c in loci if not c))

    def meets(self, other: "Where") -> bool:
        if not self.provinces or not other.provinces:
            return True
        return bool(self.cities & other.cities or self.province_only & other.provinces
                    or other.province_only & self.provinces)


@lru_cache(maxsize=2)
def _locus_names(path: Path = DIVISIONS_FILE) -> dict[Locus, str]:
    names: dict[Locus, str] = {}
    for code, name, level in load_divisions(path):
        if level in (PROVINCE, CITY):
            names.setdefault(Place(code, name, level).locus, name)
    return names


def describe(loci: frozenset[Locus]) -> str:
    """某某省/某某市 for each locus, sorted: for the merge report."""
    names = _locus_names()
    out = []
    for prov, city in sorted(loci):
        province = names.get((prov, ""), prov)
        out.append(province + ("/" + names.get((prov, city), city) if city and (prov, city) in names else ""))
    return ", ".join(out)
