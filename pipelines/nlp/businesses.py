"""Businesses the tagger cut or ran together with a description (``kg_businesses``).

* a place or brand word the tagger called a place, followed by an industry word: 某某 | 钢铁 -> one
  business (``industry`` words in ``data/lexicon/business_words.txt``);
* a description glued before a business's full name: …上市公司 + 某某能源集团有限公司 -> the name;
* in a list of businesses (items ending in businesses, separated by ；), an item that ends with a
  description and a short name (…交易平台某某) names a business too.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from unionkg.pipelines.nlp.extensions import char_span, doc_ents, doc_text, set_entities
from unionkg.pipelines.nlp.guarded import GuardedPipe, lexicon_step
from unionkg.pipelines.nlp.lexicon import Lexicon, lexicon_directory, load_lexicon
from unionkg.pipelines.nlp.titles import read_sections
from unionkg.pipelines.settings import LEXICON_DIR

WORDS_FILE = "business_words.txt"
_BRAND = re.compile(r"[\u4e00-\u9fff]{2,6}")
_LIST_ITEM_END = "；;"
_NOUN_TAGS = ("n", "nz", "ORG", "LOC", "nw")


@lru_cache(maxsize=4)
def load_business_words(directory: Path = LEXICON_DIR) -> dict[str, tuple[str, ...]]:
    """Section -> words, longest first."""
    sections = read_sections(Path(directory) / WORDS_FILE)
    return {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in sections.items()}


@lexicon_step("kg_businesses", requires=["doc.ents", "doc._.lac"], assigns=["doc.ents"])
class Businesses(GuardedPipe):
    def __init__(self, nlp: Language | None = None, name: str = "kg_businesses", *, lexicon_dir: str = "") -> None:
        self.name = name
        directory = lexicon_directory(lexicon_dir)
        self.lexicon: Lexicon = load_lexicon(directory)
        self.words = load_business_words(directory)
        self._industry = frozenset(self.words["industry"])  # (asked of word after word)

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ents = sorted(doc_ents(doc), key=lambda e: e.start_char)
        changed = False
        for i, ent in enumerate(ents):
            trimmed = self._without_description(doc, text, ent)
            if trimmed is not None:
                ents[i], changed = trimmed, True
        added = self._industry_names(doc, ents)
        if added:  # a river's name read as a place gives way to the business named after it (某江 + 钢铁)
            ents = [e for e in ents if not any(a.start_char <= e.start_char and e.end_char <= a.end_char for a in added)]
            changed = True
        added += self._listed_names(doc, text, ents)
        if changed or added:
            set_entities(doc, sorted(ents + added, key=lambda e: e.start_char))
        return doc

    def _is_company_name(self, name: str) -> bool:
        return self.lexicon.org_suffix(name)[1] == "COMPANY"

    def _without_description(self, doc: Doc, text: str, ent: Span) -> Span | None:
        if ent.label_ != "COMPANY":
            return None
        name = text[ent.start_char:ent.end_char]
        for word in self.words["descriptor"]:
            cut = name.rfind(word)
            rest = name[cut + len(word):] if cut > 0 else ""
            if len(rest) >= 4 and self._is_company_name(rest):
                return char_span(doc, ent.end_char - len(rest), ent.end_char, "COMPANY")
        return None

    def _industry_names(self, doc: Doc, ents: list[Span]) -> list[Span]:
        words = doc._.lac or []
        out = []
        industry = self._industry
        # (only a LOC word can head such a name: the others are skipped without unpacking each pair)
        for i in [k for k, w in enumerate(words[:-1]) if w[1] == "LOC"]:
            (word, tag, start, end), (nxt, _, nstart, nend) = words[i], words[i + 1]
            if nstart != end or nxt not in industry or not _BRAND.fullmatch(word):
                continue
            after = words[i + 2] if i + 2 < len(words) else None
            if after is not None and after[2] == nend and after[1] in _NOUN_TAGS:
                continue  # 某某电子 + 物流园: the industry word heads a longer noun (a project, a park)
            if any(e.start_char < nend and start < e.end_char and not self._feature_named(e, start, end)
                   for e in ents + out):
                continue
            span = char_span(doc, start, nend, "COMPANY")
            if span is not None:
                out.append(span)
        return out

    def _feature_named(self, ent: Span, start: int, end: int) -> bool:
        """``ent`` is the word at ``start:end`` read as a natural place (a river, a mountain) only."""
        return ent.label_ == "PLACE" and ent.start_char == start and ent.end_char == end \
            and not self.lexicon.is_known_place(ent.text) and ent.text.endswith(self.lexicon.natural_place_endings)

    @staticmethod
    def _reads_as_a_name(doc: Doc, start: int, end: int) -> bool:
        """Not one common word, nor a phrase ending in an action (企业文化建设): a brand is made of
        words the tagger could not read as one (找 | 罐车, 每日 | 优鲜)."""
        words = [(tag, s, e) for _, tag, s, e in doc._.lac or [] if start <= s and e <= end]
        if not words or words[0][1] != start or words[-1][2] != end:
            return False
        if len(words) == 1:
            return words[0][0] in ("ORG", "nz", "nw", "PER")
        return words[-1][0] not in ("v", "vn", "vd")

    def _listed_names(self, doc: Doc, text: str, ents: list[Span]) -> list[Span]:
        companies = [e for e in ents if e.label_ == "COMPANY"]
        out: list[Span] = []
        for company in companies:
            if text[company.end_char:company.end_char + 1] not in _LIST_ITEM_END:
                continue
            pos = company.end_char + 1
            while True:  # the items after a business that ends an item of the list
                stop = min([i for i in (text.find(c, pos) for c in _LIST_ITEM_END + "。等\n") if i != -1] or [len(text)])
                item = text[pos:stop]
                word = next((w for w in self.words["descriptor"] if w in item), "")
                name = item[item.rfind(word) + len(word):] if word else ""
                start = stop - len(name)
                if name and _BRAND.fullmatch(name) and self._reads_as_a_name(doc, start, stop) \
                        and not any(e.start_char < stop and start < e.end_char for e in ents + out):
                    span = char_span(doc, start, stop, "COMPANY")
                    if span is not None:
                        out.append(span)
                if stop >= len(text) or text[stop] not in _LIST_ITEM_END:
                    break
                pos = stop + 1
        return out
