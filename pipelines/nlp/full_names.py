"""The fullest form of a body in its article (kg_shortforms): 百泉街道总工会 -> 某某区百泉街道总工会, a
government body's usual short form (某某区交通局 / 某某区交通运输局), a business's short form."""
from __future__ import annotations

import re

_STREET_BODY = re.compile(r"^(?P<street>.+?(?:街道|地区|镇|乡))"
                          r"(?P<rest>(?:总工会|工会|工会联合会|联合工会|党委|党工委|人民政府|政府|办事处)(?:.*))$")
_BUSINESS_TAIL = re.compile(r"^(?:集团)?(?:股份|控股)?(?:有限责任公司|有限公司|公司)$|^集团$")


class FullNames:
    """Mixin of kg_shortforms: needs ``self.lexicon``, ``self._district_at_head``, ``self._division_at_head``
    and ``self.article_district``."""

    def fullest(self, name: str, key, names, labels, districts) -> str:
        """The fullest form of ``name`` in the article: 百泉街道总工会 -> 延庆区百泉街道总工会."""
        variants = {name}
        if name.endswith("工会") and not name.endswith("总工会"):
            variants.add(name[:-2] + "总工会")
        endings = tuple(variants)  # one str.endswith first: most names end with none of them
        label = labels[key]
        longer = sorted(
            {n for k, n in names.items() if n and labels[k] == label and n.endswith(endings) and k != key
             and any(n.endswith(v) and len(n) > len(v) for v in variants)},
            key=lambda n: (-len(n), n),
        )
        if longer:
            return longer[0]
        if labels[key] == "ORG":
            expanded = sorted({n for k, n in names.items()
                               if n and k != key and labels[k] == "ORG" and self._abbreviates(name, n)})
            if len(expanded) == 1:
                return expanded[0]
        exact = sorted(n for k, n in names.items() if n and k != key and n in variants and n != name)
        if exact:
            return exact[0]
        m = _STREET_BODY.match(name)
        if m and not self._district_at_head(name) and not self.lexicon.divisions.get(m.group("street")):
            district = self.article_district(districts, key[0])
            if district:
                return district + name
        return name

    def _place_head(self, text: str) -> str:
        """The divisions printed at the head of a name: 北京市海淀区某某局 -> 北京市海淀区."""
        head = ""
        for _ in range(3):
            d = self._division_at_head(text[len(head):])
            if d is None:
                break
            head += d.name
        return head

    def _abbreviates(self, short: str, full: str) -> bool:
        """A government body's usual short form of a name printed in full in the article: 某某区交通局 /
        某某区交通运输局, 区人社局 / 区人力资源和社会保障局 (same place, same first and last character,
        the short one's characters in order inside the full one; 委 stands for 委员会)."""
        if short.endswith("委") and full.endswith("委员会"):  # 卫健委 / 卫生健康委员会
            full = full[:-2]
        if len(full) <= len(short) or short[-1] != full[-1] or not _is_subsequence(short, full):
            return False
        head = self._place_head(short)
        if head != self._place_head(full):
            return False
        body, full_body = short[len(head):], full[len(head):]
        if not head and full_body.startswith(_NATIONAL_PREFIX) and len(full_body) > len(_NATIONAL_PREFIX) + len(body):
            # 市场监管总局 / 国家市场监督管理总局: a national body's short form drops 国家
            full_body = full_body[len(_NATIONAL_PREFIX):]
        return len(body) >= 3 and body[0] == full_body[0]

    def full_business(self, name: str, names, labels) -> str:
        """The business's full name printed elsewhere in the article: ``中国铁路北京局`` ->
        ``中国铁路北京局集团有限公司``; an abbreviation ``亦庄控股`` -> ``北京亦庄投资控股有限公司``."""
        fuller = sorted(
            n for k, n in names.items()
            if n and labels[k] == "COMPANY" and n.startswith(name) and _BUSINESS_TAIL.match(n[len(name):])
        )
        if fuller:
            return fuller[0]
        if len(name) < 3 or self.lexicon.org_suffix(name)[1] == "COMPANY" and not name.endswith("控股"):
            return ""
        abbreviated = sorted(
            n for k, n in names.items()
            if n and labels[k] == "COMPANY" and len(n) > len(name) + 2 and _is_subsequence(name, n)
            and self._without_place(n).startswith(name[:2])
        )
        return abbreviated[0] if len(abbreviated) == 1 else ""

    def _without_place(self, name: str) -> str:
        for size in range(min(len(name) - 1, 8), 1, -1):
            if self.lexicon.is_known_place(name[:size]):
                return name[size:]
        return name

_NATIONAL_PREFIX = "国家"


def _is_subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return all(ch in chars for ch in short)
