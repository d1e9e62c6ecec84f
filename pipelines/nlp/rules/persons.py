"""Candidates of persons: LAC's PER words checked, names LAC missed after a title or in a byline."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from unionkg.pipelines.nlp.extensions import doc_text
from unionkg.pipelines.nlp.lexicon import Lexicon
from unionkg.pipelines.nlp.rules.vocabulary import Vocabulary
from unionkg.pipelines.nlp.rules.words import CJK, NAME_DOT, NAME_DOTS, TITLED_NAME_TAGS, Candidate, Word

_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]")
_BYLINE = re.compile(
    r"(?:记者|通讯员)[ \u3000]*(?P<name>[\u4e00-\u9fff]{2,3})(?=[ \u3000]|[）)、，]|摄|通讯员|记者|\n|$)"
)


class PersonRules:
    """Candidates of persons (mixed into ``EntityRules``)."""

    lexicon: Lexicon
    vocab: Vocabulary

    def person(self, text: str, w: Word) -> Candidate | None:
        name, start, end = w.text, w.start, w.end
        title = self.lexicon.title_at(name, 0)
        if title and len(name) - len(title) >= 2:
            start += len(title)
            name = name[len(title):]
        t = self.lexicon.title_ending(name[1:])  # the longest title ending the name, not all of it
        if t:
            name = name[: -len(t)]
            end -= len(t)
        if len(name) >= 3 and name[-1] in self.vocab.leads and self.vocab.group_after.match(text, end):
            # 何某率代表团: LAC glues the verb 率 ("leads") to the name before the delegation
            name, end = name[:-1], end - 1
        if NAME_DOT.search(name):
            before = text[start - 1:start] if start else ""
            after = text[end:end + 1]
            parts = re.split(f"[{NAME_DOTS}]", name)
            if (before and before in NAME_DOTS) or (after and after in NAME_DOTS) or not all(parts):
                return None
            if not all(CJK.match(p) for p in parts):
                return None
            return Candidate(start, end, "PERSON")
        if not CJK.match(name) or not 2 <= len(name) <= 6:
            return None
        if name in self.vocab.never_names:
            return None  # 双方表示: 双 is a family name, 双方 is "both sides"
        if name.endswith(self.vocab.honorifics) and len(name) - max(len(h) for h in self.vocab.honorifics if name.endswith(h)) == 1:
            return None  # 郭师傅, 王老师: a family name and a form of address, not a name
        # Chinese names are 2-4 characters after a family name; LAC's other PER words are mostly
        # transliterated foreign names (克林顿, 内塔尼亚胡), kept unless they read as a title or phrase.
        if self.lexicon.contains_title(name, shortest=2):
            return None  # 毛主席身边: a title inside is a phrase, not a name
        if not self.lexicon.has_surname(name) or len(name) > 4:
            if not set(name) <= self.vocab.transliteration_chars:
                return None
        return Candidate(start, end, "PERSON")

    def _titled_name(self, words: list[Word], i: int) -> bool:
        """A name LAC took for a common word right after a title: 主席 + 高峰 + 出席."""
        w = words[i]
        if w.tag not in TITLED_NAME_TAGS or not 2 <= len(w.text) <= 3 or i == 0:
            return False
        prev = words[i - 1]  # the title, checked first: it rules out most words
        if prev.end != w.start or not self.lexicon.is_title(prev.text):
            return False
        if not CJK.match(w.text) or not self.lexicon.has_surname(w.text) or w.text in self.vocab.stop_nouns \
                or w.text in self.vocab.never_names or w.text[-1] in self.vocab.person_noun_ends or not self.lexicon.strip_generic(w.text):
            return False
        nxt = words[i + 1] if i + 1 < len(words) else None
        return nxt is None or nxt.start != w.end or nxt.tag in ("v", "w", "p", "c", "d") or nxt.text in self.vocab.clause_marks

    def _byline_name(self, text: str, words: list[Word], i: int) -> bool:
        """A name LAC left untagged right after 记者 / 通讯员 in a byline."""
        w = words[i]
        if w.tag in ("PER", "LOC", "ORG") or not 2 <= len(w.text) <= 3:
            return False
        j = i - 1
        while j >= 0 and not words[j].text.strip():
            j -= 1
        if j < 0 or words[j].text not in self.vocab.byline_name_words or not CJK.match(w.text):
            return False
        nxt = text[w.end:w.end + 1]
        return self.lexicon.has_surname(w.text) and (not nxt or not _NAME_CHAR.match(nxt) or nxt in "摄通记")

    def add_byline_names(self, doc: Doc, candidates: list[Candidate]) -> None:
        """Names in bylines that LAC cut or left untagged: （记者 于佳）, 通讯员 石祎 摄."""
        taken = [(c.start, c.end) for c in candidates if c.label == "PERSON"]
        for m in _BYLINE.finditer(doc_text(doc)):
            start, end = m.span("name")
            if not self.lexicon.has_surname(m.group("name")):
                continue
            if any(a <= start and end <= b for a, b in taken):
                continue
            candidates[:] = [c for c in candidates if not (c.start < end and start < c.end)]
            candidates.append(Candidate(start, end, "PERSON"))


def complete_person_names(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Persons checked against the other persons of the article: a name LAC cut short where the
    article prints it whole elsewhere (顾某 + 厚 -> 顾某厚), and a family's home (在贺家: a family
    name of someone in the article + 家) dropped."""
    persons = {text[c.start:c.end] for c in candidates if c.label == "PERSON"}
    out: list[Candidate] = []
    for c in candidates:
        if c.label == "PERSON":
            name = text[c.start:c.end]
            longer = sorted((p for p in persons if len(p) > len(name) and p.startswith(name) and len(p) <= 4
                             and not NAME_DOT.search(p) and text.startswith(p, c.start)), key=len)
            if longer:
                c = Candidate(c.start, c.start + len(longer[-1]), "PERSON", c.name)
            elif len(name) == 2 and name.endswith("家") \
                    and any(p != name and p.startswith(name[0]) and len(p) >= 2 for p in persons):
                continue
        out.append(c)
    return out
