"""The pipeline's shortcuts give what the plain computation they replace gives.

Each shortcut (a step called only at the tags it declares, indexed division tables, a prefilter of
the public-body grammar, a regex count) is checked against the slow way, computed here, on LAC's
words of the bundled sample pages or on every entry of a table.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.tokens import Span

from unionkg.data.readers import home_divisions, load_divisions
from unionkg.pipelines.nlp.extract import get_nlp
from unionkg.pipelines.nlp.lexicon import load_lexicon
from unionkg.pipelines.nlp.ner import doc_sentence_ranges
from unionkg.pipelines.nlp.rules.words import Word, rewrite, words_by_sentence
from unionkg.pipelines.read.articles import segment_articles
from unionkg.pipelines.read.layout import is_han
from unionkg.pipelines.read.reading import _NOT_HAN, read_page

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "data" / "samples").glob("*.txt"))
# The hand-tagged sentences of the rule tests ("北京市总工会/ORG 党组/n"): made so that each repair acts
HAND_TAGGED = re.compile(r'"((?:[^"\s/]+/[A-Za-z]+)(?: [^"\s/]+/[A-Za-z]+)+)"')
RULE_TESTS = ("test_entity_rules.py", "test_person_names.py", "test_shortforms.py")
# LAC's tags, and one no step knows
TAGS = ("n", "nr", "nz", "a", "m", "c", "PER", "f", "ns", "v", "ad", "q", "u", "LOC", "s", "nt", "vd",
        "an", "r", "xc", "ORG", "t", "nw", "vn", "d", "p", "w", "TIME", "x")


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def sample_docs(nlp):
    docs = []
    for path in SAMPLES[:2]:
        page = read_page(path)
        docs += [nlp(page.text[a.start:a.end]) for a in segment_articles(page)]
    return docs


def _hand_tagged() -> list[tuple[str, list[Word]]]:
    out = []
    for name in RULE_TESTS:
        for tagged in HAND_TAGGED.findall((Path(__file__).parent / name).read_text("utf-8")):
            words, pos = [], 0
            for item in tagged.split(" "):
                word, tag = item.rsplit("/", 1)
                words.append(Word(word.replace("_", " "), tag, pos, pos + len(word)))
                pos += len(word)
            out.append(("".join(w.text for w in words), words))
    return out


@pytest.fixture(scope="module")
def sentences(sample_docs):
    """(text, words of one sentence): the rule tests' hand-tagged sentences, then LAC's words of
    every sentence of the sample docs."""
    out = _hand_tagged()
    assert len(out) > 100
    for doc in sample_docs:
        words = [Word(*w) for w in doc._.lac]
        out += [(doc.text, ws) for ws in words_by_sentence(words, doc_sentence_ranges(doc)) if ws]
    return out


def _declared_steps(nlp):
    rules = nlp.get_pipe("kg_entity_rules")
    steps = [getattr(rules, name) for name in dir(type(rules)) if name.endswith("_at")]
    return [s for s in steps if callable(s) and hasattr(s, "tags")]


def test_steps_declare_tags(nlp):
    assert len(_declared_steps(nlp)) >= 10


def test_a_step_does_nothing_at_a_tag_it_does_not_declare(nlp, sentences):
    """The contract rewrite relies on: at a word of any other tag the step returns 0 and leaves the
    rewritten words alone, whatever the word's text and neighbours."""
    words_seen = 0
    for text, words in sentences:
        for i in range(len(words)):
            if words_seen >= 1500:  # (the hand-tagged sentences and some of the pages')
                return
            words_seen += 1
            for tag in TAGS:
                changed = list(words)
                changed[i] = Word(words[i].text, tag, words[i].start, words[i].end)
                for step in _declared_steps(nlp):
                    if tag in step.tags:
                        continue
                    out = list(changed[:i])
                    assert step(text, changed, i, out) == 0, (step.__name__, tag, words[i].text)
                    assert out == changed[:i], (step.__name__, tag, words[i].text)


def test_rewrite_with_declared_tags_equals_the_call_at_every_word(nlp, sentences):
    for step in _declared_steps(nlp):
        def everywhere(text, words, i, out, step=step):  # the same step, no declaration
            return step(text, words, i, out)

        for text, words in sentences:
            assert rewrite(text, words, step) == rewrite(text, words, everywhere), step.__name__


def test_public_bodies_division_index_and_prefilter(nlp, sample_docs):
    bodies = nlp.get_pipe("kg_public_bodies")
    lexicon = bodies.lexicon
    for doc in sample_docs:
        text = doc.text
        for pos in range(len(text) + 1):
            slow = next((len(name) for name, _, full, levels in lexicon.divisions_at(text, pos)
                         if full or levels <= {"province", "city"}), 0)
            assert bodies._division_at(text, pos) == slow, (text[pos:pos + 8], pos)
            if pos < len(text) and not (text[pos:pos + 2] in bodies._place_heads or text[pos] in bodies._level_starts
                                        or text.startswith("中共", pos)):
                assert bodies.match_at(text, pos) == 0, text[pos:pos + 8]


def test_public_bodies_starts_are_the_prefilter_at_every_character(nlp, sample_docs):
    """_grammar_starts finds by pairs of characters what the prefilter passes, character by character."""
    bodies = nlp.get_pipe("kg_public_bodies")
    head = sorted(bodies._place_heads)[0]
    texts = [doc.text for doc in sample_docs] + [head * 3 + "中共中共" + head[0] * 4, "", "市", "中共"]
    for text in texts:
        slow = [pos for pos in range(len(text)) if text[pos] in bodies._starts and (
            text[pos:pos + 2] in bodies._place_heads or text[pos] in bodies._level_starts or text.startswith("中共", pos))]
        assert bodies._grammar_starts(text) == slow, text[:40]


def test_home_divisions_index_equals_scan():
    rows = load_divisions()
    for name in sorted({n for _, n, _ in rows}) + ["无此地方", ""]:
        # rows given: the scan of every row; rows not given: the index of the packaged table
        assert list(home_divisions(name).items()) == list(home_divisions(name, rows).items()), name


def test_districts_of_index_equals_scan():
    lexicon = load_lexicon()
    for city, division in lexicon.divisions.items():
        prefix = division.code[:2] if division.level == "province" else division.code[:4]
        scan = sorted((d.name for d in lexicon.divisions.values()
                       if d.level == "district" and d.code.startswith(prefix)),
                      key=lambda n: lexicon.divisions[n].code)
        assert lexicon.districts_of(city) == scan, city
    assert lexicon.districts_of("无此地方") == []


def test_han_count_matches_is_han_on_every_code_point():
    every = "".join(map(chr, range(0x110000)))
    assert _NOT_HAN.sub("", every) == "".join(filter(is_han, every))


def test_short_forms_leave_unchanged_entities_as_setting_them_again(nlp, sample_docs, monkeypatch):
    """kg_shortforms does not write the entities again when they are the ones it was given: the doc
    ends as when it writes them whatever they are (entities, token annotation, names)."""
    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE

    from unionkg.pipelines.nlp import shortforms

    def through_short_forms(text):
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            doc = proc(doc)
            if name == "kg_shortforms":
                return doc

    def state(doc):
        return ([(e.start, e.end, e.label_) for e in doc.ents], doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist(),
                {k: v for k, v in doc.user_data.items() if isinstance(k, tuple)})

    answers = []
    same_entities = shortforms._same_entities
    for doc in sample_docs[:16]:
        with monkeypatch.context() as m:
            m.setattr(shortforms, "_same_entities", lambda spans, ents: answers.append(same_entities(spans, ents)) or answers[-1])
            fast = state(through_short_forms(doc.text))
            m.setattr(shortforms, "_same_entities", lambda spans, ents: False)
            plain = state(through_short_forms(doc.text))
        assert fast == plain
    assert True in answers and False in answers  # (the shortcut was taken, and not always)
    # any change of a bound, a label or the number of entities is one
    doc = sample_docs[0]
    ents = [shortforms._Entity(e, "", None) for e in doc.ents]
    spans = [e.span for e in ents]
    first = spans[0]
    assert shortforms._same_entities(spans, ents)
    for changed in ([Span(doc, first.start, first.end, "PLACE" if first.label_ != "PLACE" else "ORG")] + spans[1:],
                    [Span(doc, first.start, first.end + 1, first.label_)] + spans[1:], spans[1:], spans + spans[-1:]):
        assert not shortforms._same_entities(changed, ents)


def test_lac_entities_written_from_bounds_equal_set_from_spans(nlp, sample_docs):
    """kg_lac writes LAC's names from the words' bounds (set_lac_entities) as setting their spans would."""
    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE

    from unionkg.pipelines.nlp.extensions import set_entities
    from unionkg.pipelines.nlp.ner import lac_entities, set_lac_entities

    def annotation(text, words, how):
        doc = nlp.make_doc(text)
        how(doc, words)
        return [(e.start, e.end, e.label_) for e in doc.ents], doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist()

    cases = [(doc.text, list(doc._.lac)) for doc in sample_docs[:12]]
    text, words = cases[0]
    names = [w for w in words if w[1] in ("PER", "LOC", "ORG")]
    assert len(names) > 3
    cases += [(text, words[::-1]),  # out of order
              (text, [w for w in words if w[1] not in ("PER", "LOC", "ORG")]),  # no names
              (text, [(" ", "PER", 0, 1), ("", "LOC", 2, 2)] + names[1:])]  # a blank and an empty word
    for text, words in cases:
        fast = annotation(text, words, set_lac_entities)
        assert fast == annotation(text, words, lambda doc, ws: set_entities(doc, lac_entities(doc, ws)))


def test_sentence_words_are_the_words_between_bounds(nlp, sample_docs):
    from unionkg.pipelines.nlp.ner import sentence_words

    tagger = nlp.get_pipe("kg_lac").tagger
    text = sample_docs[0].text
    ranges = doc_sentence_ranges(sample_docs[0])
    sentences = [text[a:b] for a, b in ranges]
    for (offset, _), sentence, (bounds, labels) in zip(ranges, sentences, tagger.segment(sentences)):
        plain = [(sentence[a:b], label, offset + a, offset + b) for a, b, label in zip(bounds, bounds[1:], labels)]
        assert sentence_words(sentence, offset, bounds, labels) == plain
        assert "".join(w for w, _, _, _ in plain) == sentence


def test_entities_read_once_are_the_docs_entities_after_every_step(nlp, sample_docs):
    """doc_ents keeps doc.ents until a step sets them again: after each step, and read before it, it
    gives what the getter gives (a step setting entities without dropping the copy would fail here)."""
    from unionkg.pipelines.nlp.extensions import ENTS_KEY, doc_ents

    def bounds(ents):
        return [(e.start, e.end, e.label_, e.kb_id) for e in ents]

    for doc in sample_docs[:16]:
        fresh = nlp.make_doc(doc.text)
        for name, proc in nlp.pipeline:
            doc_ents(fresh)  # (a copy read before each step)
            fresh = proc(fresh)
            assert bounds(doc_ents(fresh)) == bounds(fresh.ents), name
        assert ENTS_KEY in fresh.user_data and fresh.ents
