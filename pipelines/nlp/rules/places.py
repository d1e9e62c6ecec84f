"""Candidates of places: divisions, countries, regions, natural places, foreign cities."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from unionkg.pipelines.nlp.extensions import doc_text
from unionkg.pipelines.nlp.lexicon import Lexicon
from unionkg.pipelines.nlp.rules.vocabulary import Vocabulary
from unionkg.pipelines.nlp.rules.words import CJK, Candidate, Word

# LAC tags of a word that, glued to a place, makes the two one longer name (a park, a zone, a project).
NAME_CONTINUATION_TAGS = ("n", "nz", "nw", "vn", "LOC", "ORG")
DIRECTIONS = "东西南北中"
AREA = "地区"  # "the area of": a prefecture-level division only where the table lists X地区


class PlaceRules:
    """Candidates of places (mixed into ``EntityRules``)."""

    lexicon: Lexicon
    vocab: Vocabulary

    def place(self, text: str, words: list[Word], i: int) -> Candidate | None:
        w = words[i]
        name = w.text
        if len(name) < 2 or not CJK.match(name):
            return None
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is not None and nxt.start == w.end and nxt.text in self.lexicon.place_endings["word"] \
                and not self.lexicon.org_suffix(name)[0]:
            if nxt.text == AREA and self.lexicon.is_known_place(name) and name + AREA not in self.lexicon.divisions:
                return Candidate(w.start, w.end, "PLACE")  # 昆明 + 地区: the area of a known place is that place
            return Candidate(w.start, nxt.end, "PLACE")
        if self.lexicon.org_suffix(name)[1] == "VENUE":
            return None
        if name.endswith(AREA) and name not in self.lexicon.divisions and self.lexicon.is_known_place(name[:-2]):
            return Candidate(w.start, w.end - len(AREA), "PLACE")  # 东南亚地区: the region (阿里地区 is a division)
        kind = self.lexicon.place_kind(name)
        if not kind:
            # LAC's LOC words outside the lexicons: foreign cities, continents, regions (耶路撒冷, 东南亚)
            if w.tag != "LOC" or self.lexicon.org_suffix(name)[0] or name.endswith(self.vocab.not_administrative_ends) \
                    or self.lexicon.is_abbreviated_places(name):  # 京港澳: several places
                return None
            if set(name) <= self.vocab.transliteration_chars:
                return Candidate(w.start, w.end, "PLACE")  # a foreign place
            if not name.endswith(self.lexicon.natural_place_endings):
                return None  # roads, projects, slogans LAC calls places (某某路二期, 美丽乡村)
            if self._heads_longer_name(words, i):
                return None  # 某河 + 环境治理示范区, 某江 + 世纪城: part of a zone's or a venue's name
            if len(name) >= 4 and name[0] in self.lexicon.province_abbreviations and name[1] in DIRECTIONS:
                return Candidate(w.start + 2, w.end, "PLACE")  # 京西 + a mountain: the area, then the place
            return Candidate(w.start, w.end, "PLACE")
        if kind == "other" and w.tag != "LOC":
            return None
        return Candidate(w.start, w.end, "PLACE")

    def _heads_longer_name(self, words: list[Word], i: int) -> bool:
        """The words glued after ``words[i]`` run into a name ending like a zone or a venue."""
        run = ""
        end = words[i].end
        for w in words[i + 1:i + 5]:
            if w.start != end or w.tag not in NAME_CONTINUATION_TAGS:
                break
            run, end = run + w.text, w.end
            if run.endswith(self.vocab.zone_and_venue_ends):
                return True
        return False

    def add_foreign_cities(self, doc: Doc, words: list[Word], candidates: list[Candidate]) -> None:
        """A foreign city that is also a common word (万象) counts where its country is named."""
        taken = [(c.start, c.end) for c in candidates]
        text = doc_text(doc)
        cities = self.lexicon.foreign_cities
        for w in [w for w in words if w.text in cities]:  # (one sweep: few words are such cities)
            country = cities[w.text]
            if w.tag not in ("n", "nz", "ns", "LOC") or country not in text:
                continue
            if any(a < w.end and w.start < b for a, b in taken):
                continue
            candidates.append(Candidate(w.start, w.end, "PLACE"))

    def nested_places(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """District-level places printed at the head of a body's name (东城区 in 东城区…总工会);
        ``ents``: ``doc.ents``."""
        out = []
        doc_chars = doc_text(doc)
        for ent in ents:
            if ent.label_ not in ("UNION", "COMPANY", "ORG"):
                continue
            text = doc_chars[ent.start_char:ent.end_char]
            offset = 0
            for size in range(min(len(text) - 1, 8), 1, -1):  # skip a leading province/city
                d = self.lexicon.divisions.get(text[:size])
                if d is not None and d.level in ("province", "city"):
                    offset = size
                    break
            for size in range(min(len(text) - offset - 1, 8), 1, -1):
                d = self.lexicon.divisions.get(text[offset:offset + size])
                if d is not None and d.level == "district":
                    span = doc.char_span(ent.start_char + offset, ent.start_char + offset + size, label="PLACE")
                    if span is not None:
                        out.append(span)
                    break
        return out
