"""Names of bodies and places, without the resolver: the alias file, keys that
make two spellings of one body equal, labels guessed from a name's ending, and entity ids.

Shared by :mod:`unionkg.graph.resolve.resolve` and :mod:`unionkg.graph.resolve.people` (no spaCy
here); the division table is read by :mod:`unionkg.data.readers`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unionkg.data.readers import DIVISIONS_FILE, division_parents, home_divisions, load_divisions  # noqa: F401  (re-exported)
from unionkg.data.readers import load_place_endings
from unionkg.graph.records import COMPANY, ENTITY_LABELS, ORG, PLACE, UNION

# Generic company endings, longest first (stripped repeatedly: 京东集团有限公司 -> 京东).
COMPANY_SUFFIXES = (
    "集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司",
    "集团公司", "控股集团", "股份公司", "集团", "公司",
)
UNION_ENDING = "工会"
SPECIFICITY = (UNION, COMPANY, ORG, PLACE)  # most specific first
_UNION_ENDINGS = ("总工会", "工会联合会", "联合工会", "工会", "工联会")
_COMPANY_ENDINGS = ("公司", "集团", "银行", "煤矿", "厂")
_PLACE_ENDINGS = load_place_endings()["label"]
_PLACE_LEVELS = ("省", "市")  # 北京/北京市; districts (朝阳区/朝阳县) are ambiguous without it
_TRAILING_BRACKET = re.compile(r"[（(](?P<inner>[^（()）]+)[）)]$")


# -- alias file ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AliasEntry:
    alias: str
    canonical: str
    label: str = ""  # forced label of the canonical entity, "" for none


def load_aliases(path: Path | str | None) -> list[AliasEntry]:
    """Entries of an alias file; an absent file or ``None`` gives none. Bad lines are skipped."""
    if path is None or not Path(path).exists():
        return []
    entries = []
    for raw in Path(path).read_text("utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1] or parts[0] == parts[1]:
            continue
        label = parts[2].upper() if len(parts) > 2 and parts[2].upper() in ENTITY_LABELS else ""
        entries.append(AliasEntry(parts[0], parts[1], label))
    return entries


# -- name rules ---------------------------------------------------------------------------------
def company_key(name: str) -> str:
    """京东集团有限公司 -> 京东; the name itself when no generic ending is left to strip.
    A trailing parenthesized part is kept, in full-width brackets: 某某集团(北京) -> 某某（北京）."""
    m = _TRAILING_BRACKET.search(name)
    if m and m.start() >= 2:
        return company_key(name[: m.start()]) + "（" + m.group("inner") + "）"
    key = name
    changed = True
    while changed:
        changed = False
        for suffix in COMPANY_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                key = key[: -len(suffix)]
                changed = True
                break
    return key


_PLACE_HEAD = re.compile(r"^(?:[\u4e00-\u9fff]{2,7}?[省市区县])*")


def abbreviates(short: str, full: str) -> bool:
    """``short`` is the usual short form of the body ``full``: 某某市人社局 / 某某市人力资源和社会保障局,
    某某区卫健委 / 某某区卫生健康委员会 (same place head, same first and last character of the body,
    the short body's characters in order in the full one)."""
    head = _PLACE_HEAD.match(short).group(0)
    if not head or not full.startswith(head):
        return False
    body, full_body = short[len(head):], full[len(head):]
    if body.endswith("委") and full_body.endswith("委员会"):
        full_body = full_body[:-2]
    if len(body) < 3 or len(full_body) <= len(body) or body[0] != full_body[0] or body[-1] != full_body[-1]:
        return False
    chars = iter(full_body)
    return all(ch in chars for ch in body)


def union_key(name: str) -> str:
    """X集团有限公司工会 / X公司工会 / X工会 -> X工会; federations (总工会) keep their name."""
    if not name.endswith(UNION_ENDING) or name.endswith("总工会"):
        return name
    return company_key(name[: -len(UNION_ENDING)]) + UNION_ENDING


def place_key(name: str) -> str:
    """北京市 / 北京 -> 北京: a place written with or without its level ending."""
    for suffix in _PLACE_LEVELS:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def guess_label(name: str) -> str:
    if name.endswith(_UNION_ENDINGS):
        return UNION
    if name.endswith(_COMPANY_ENDINGS):
        return COMPANY
    if name.endswith(_PLACE_ENDINGS) and len(name) <= 8:
        return PLACE
    return ORG


def entity_id(label: str, name: str) -> str:
    return f"{label.lower()}/{name}"
