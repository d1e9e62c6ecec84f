"""Rule layer of the NER: repair, complete and type LAC's names (``kg_entity_rules``).

Works on LAC's words (``Doc._.lac``) sentence by sentence; the rules live in ``pipelines/nlp/rules``:

* repairs of the segmentation (``rules/splits.py``, ``rules/joins.py``): a suffix split over two
  words (``总工`` + ``会``), two bodies run together around 联合/与 (``X总工会联合Y局``), a body that
  swallowed the next word's first character (``…总工会所`` + ``属``), place compounds
  (``云南昆明`` -> 云南 + 昆明), names split at ``·``;
* candidates (``rules/bodies.py``, ``rules/persons.py``, ``rules/places.py``): a run of name words
  (ORG/LOC/nz/n …) starting at a proper name and cut back to its last organization ending, so
  ``东城区`` + ``体育馆路街道总工会`` and ``北京市总工会`` + ``职工服务中心`` become one name and titles
  (``党组书记``) stay out; persons by LAC with a family-name check; places by the division table;
* typing (``rules/org_types.py``): UNION / COMPANY / ORG by the name's ending
  (``data/lexicon/org_suffixes.txt``), PLACE by the division table and place endings;
* generic names (``该街道总工会``, ``区总工会``) go to ``doc.spans["kg_shortforms"]`` for
  ``kg_shortforms``; districts printed at the head of a body's name (``东城区``体育馆路街道总工会)
  go to ``doc.spans["kg_nested_places"]``.

Word lists of the rules are in ``data/lexicon/rule_words.txt``, read with the other lexicons from
the ``lexicon_dir`` option's folder.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from unionkg.pipelines.nlp.extensions import char_span, doc_text, set_entities, set_span_name
from unionkg.pipelines.nlp.guarded import GuardedPipe, lexicon_step
from unionkg.pipelines.nlp.lexicon import MEMO_SIZE, Lexicon, lexicon_directory, load_lexicon
from unionkg.pipelines.nlp.ner import doc_sentence_ranges
from unionkg.pipelines.nlp.person_names import check_person_names, load_person_context
from unionkg.pipelines.nlp.rules.bodies import BodyCandidates
from unionkg.pipelines.nlp.rules.joins import JoinRepairs
from unionkg.pipelines.nlp.rules.org_types import OrgTyping
from unionkg.pipelines.nlp.rules.persons import PersonRules, complete_person_names
from unionkg.pipelines.nlp.rules.places import PlaceRules
from unionkg.pipelines.nlp.rules.splits import SplitRepairs
from unionkg.pipelines.nlp.rules.vocabulary import vocabulary
from unionkg.pipelines.nlp.rules.words import (  # noqa: F401  (NAME_DOTS, Word: re-exported for callers)
    BRACKETS, NAME_DOT, NAME_DOTS, TAG, Candidate, Word, alternation, rewrite, sizes, words_by_sentence,
)
from unionkg.pipelines.nlp.titles import load_titles

SHORTFORM_GROUP = "kg_shortforms"
_dir = lexicon_directory  # (kg_shortforms imports it by this name)
NESTED_PLACES_GROUP = "kg_nested_places"
# Marks whose absence from a sentence rules a repair out (see EntityRules.repair).
BRACKET_MARK = re.compile(f"[{re.escape(BRACKETS)}]")


@lexicon_step("kg_entity_rules", requires=["doc._.lac"], assigns=["doc.ents", "span._.name", "doc.spans"])
class EntityRules(SplitRepairs, JoinRepairs, BodyCandidates, PersonRules, PlaceRules, OrgTyping, GuardedPipe):
    """The rules of ``pipelines/nlp/rules`` on one lexicon; ``process`` runs them over a doc."""

    def __init__(self, nlp: Language, name: str, *, lexicon_dir: str = "") -> None:
        self.name = name
        self.lexicon: Lexicon = load_lexicon(lexicon_directory(lexicon_dir))
        self.vocab = vocabulary(self.lexicon)
        self.titles = load_titles(self.lexicon.directory / "role_titles.txt")
        self.person_context = load_person_context(self.lexicon.directory / "person_context.txt")
        self._lac_persons: set[str] = set()  # LAC's PER words of the doc at hand
        # Endings whose absence from a sentence rules a repair out (see repair)
        endings = self.lexicon.suffix_kind
        self._company_ending = alternation(s for s, kind in endings.items() if kind == "COMPANY" and len(s) >= 2)
        self._long_ending = alternation(s for s in endings if len(s) >= 2)
        self._long_ending_last = alternation({s[-1] for s in endings if len(s) >= 2})  # a quicker first test
        self._body_ending = alternation(s for s, kind in endings.items() if kind in ("ORG", "UNION"))
        self._prepare_joins()
        self._remember_splits()
        self.type_org = lru_cache(maxsize=MEMO_SIZE)(self._type_org)  # (names recur)

    def process(self, doc: Doc) -> Doc:
        words = [Word(*w) for w in (doc._.lac or [])]
        candidates: list[Candidate] = []
        shortforms: list[Candidate] = []
        text = doc_text(doc)  # built on each access: read it once
        self._lac_persons = {w.text for w in words if w.tag == "PER"}  # for _brand_ok
        ranges = doc_sentence_ranges(doc)
        for (start, end), sentence_words in zip(ranges, words_by_sentence(words, ranges)):
            sentence_words = self.repair(text, sentence_words, text[start:end])
            found, generic = self.sentence_candidates(doc, sentence_words, text, text[start:end])
            candidates.extend(found)
            shortforms.extend(generic)
        self.add_foreign_cities(doc, words, candidates)
        self.add_byline_names(doc, candidates)
        candidates = complete_person_names(text, candidates)
        # no person from a fragment
        candidates = check_person_names(text, words, candidates, self.lexicon, self.person_context)
        candidates = [c for c in candidates if not (c.label == "PLACE" and self.vocab.adjectival_after_place.match(text, c.end))]
        candidates = self.drop_inner_departments(text, candidates, shortforms)
        spans = []
        names: dict[tuple[int, int], str] = {}
        one_token_per_char = len(doc) == len(text)  # (then char_span makes the Span directly)
        for c in candidates:
            span = Span(doc, c.start, c.end, label=c.label) if one_token_per_char and 0 <= c.start < c.end <= len(text) \
                else char_span(doc, c.start, c.end, c.label)
            if span is not None:
                spans.append(span)
                if c.name:
                    names[(c.start, c.end)] = c.name
        spans = sorted(filter_spans(spans), key=lambda s: s.start)
        set_entities(doc, spans)  # = doc.ents = spans, without copying each span first; doc.ents now gives these back
        for ent in spans:
            set_span_name(doc, ent.start_char, ent.end_char, names.get((ent.start_char, ent.end_char)))
        taken = [(e.start_char, e.end_char) for e in spans]
        doc.spans[SHORTFORM_GROUP] = [
            s
            for s in (char_span(doc, c.start, c.end, c.label) for c in shortforms)
            if s is not None and not any(a < s.end_char and s.start_char < b for a, b in taken)
        ]
        doc.spans[NESTED_PLACES_GROUP] = self.nested_places(doc, spans)
        return doc

    # -- repairs of LAC's words -------------------------------------------------------------
    def repair(self, text: str, words: list[Word], sentence: str) -> list[Word]:
        """``words`` of ``sentence`` (a piece of ``text``) repaired. A repair that needs a mark or a
        word the sentence does not have is skipped: words are always pieces of the sentence."""
        if BRACKET_MARK.search(sentence):
            words = rewrite(text, words, self._brackets_at)
        if "街道" in sentence or "社区" in sentence:
            words = rewrite(text, words, self._street_head_at)
        if self._company_ending.search(sentence):
            words = rewrite(text, words, self._inner_ending_at)
        if self._long_ending_last.search(sentence) and self._long_ending.search(sentence):
            words = rewrite(text, words, self._split_suffix_at)
        if self._body_ending.search(sentence):
            words = rewrite(text, words, self._body_title_at)
        tags = set(map(TAG, words))
        if "ORG" in tags or "LOC" in tags:  # the next two work on ORG and LOC words only, making no LOC
            words = rewrite(text, words, self._joined_bodies_at)
            if self.vocab.glued_end.search(sentence):
                words = rewrite(text, words, self._glued_end_at)
        if "LOC" in tags:  # the next two work on LOC words only
            words = rewrite(text, words, self._place_compound_at)  # (makes no one-character LOC)
            if 1 in sizes(words, "LOC"):  # the next one joins a one-character LOC to the next
                words = rewrite(text, words, self._place_fragment_at)
        if NAME_DOT.search(sentence):
            words = rewrite(text, words, self._dotted_name_at)
            tags = set(map(TAG, words))  # it makes persons
        if "PER" in tags:  # the next three work on PER words only
            if 1 in sizes(words, "PER"):  # it starts from a lone family name
                words = rewrite(text, words, self._split_name_at)
            words = rewrite(text, words, self._title_and_name_at)
            if not sizes(words, "PER").isdisjoint((1, 2)):  # it starts from a PER word of one or two
                words = rewrite(text, words, self._occupation_and_name_at)
        if "中央和国家机关" in sentence:
            words = rewrite(text, words, self._central_and_state_at)
        if "驻" in sentence:
            words = rewrite(text, words, self._mission_at)
        if "公司" in sentence:
            words = rewrite(text, words, self._ordinal_branch_at)
        if "工会组织" in sentence:
            words = rewrite(text, words, self._union_organization_at)
        return words
