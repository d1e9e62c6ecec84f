"""A page's line of records.jsonl: each article's sentences once, referred to by index; evidence and
mentions without what their article or their quoted text already says; the form written before
still read; one string object per distinct string of a loaded or extracted page."""
import dataclasses
import json
import pickle

import pytest

from unionkg.graph.records import (
    LOCATED_IN,
    ArticleRecord,
    EventRecord,
    Evidence,
    Mention,
    PageRecord,
    Reporter,
    RoleRecord,
    StructureRecord,
    page_from_dict,
    share_strings,
    to_dict,
    to_json,
)
from unionkg.pipelines.settings import SAMPLES_DIR

S1 = "市总工会主席李明会见区工会代表。"
S2 = "李明指出，要做好服务。"
HEADLINE = "市总工会会见代表"

# The page of ``_page().articles[:1]`` as the writer before "sentences" wrote it (graph/records.py at
# commit cd31325): whole sentences in every mention and evidence, every evidence field written.
OLD_LINE = (
    '{"articles": [{"aliases": [], "events": [{"attendees": ["李明"], "date": "", "evidence": {"exact": '
    '"市总工会主席李明会见区工会代表", "headline": "市总工会会见代表", "page_id": "p1", "sentence": '
    '"市总工会主席李明会见区工会代表。", "source": "p1.txt", "src_end": 23, "src_start": 8}, "label": "", '
    '"location": "", "organizations": ["区工会"], "organizer": "", "trigger": "会见"}], "headline": '
    '"市总工会会见代表", "index": 0, "mentions": [{"end": 4, "label": "UNION", "name": "某市总工会", '
    '"sentence": "市总工会主席李明会见区工会代表。", "src_end": 12, "src_start": 8, "start": 0, "text": '
    '"市总工会"}, {"end": 8, "label": "PERSON", "name": "李明", "sentence": "市总工会主席李明会见区工会代表。", '
    '"src_end": 16, "src_start": 14, "start": 6, "text": "李明"}, {"end": 18, "label": "PERSON", "name": '
    '"李明", "sentence": "李明指出，要做好服务。", "src_end": 26, "src_start": 24, "start": 16, "text": '
    '"李明"}], "page_id": "p1", "reporters": [], "roles": [{"evidence": {"exact": "李明", "headline": '
    '"市总工会会见代表", "page_id": "p1", "sentence": "市总工会主席李明会见区工会代表。", "source": "p1.txt", '
    '"src_end": 12, "src_start": 10}, "org": "某市总工会", "org_label": "UNION", "person": "李明", "title": '
    '"主席"}], "source": "p1.txt", "src_end": 60, "src_start": 8, "structure": [], "subheadline": ""}], '
    '"chars": 80, "encoding": "utf-8", "page_id": "p1", "sha256": '
    '"abababababababababababababababababababababababababababababababab", "source": "p1.txt"}'
)


def _copy(text: str) -> str:
    """An equal string that is another object (as a worker's slices and JSON values are)."""
    return "".join(list(text))


def _page() -> PageRecord:
    """A page whose strings are equal but distinct objects; its second article holds what the
    compact form must keep: an evidence of another page, source and headline, spans whose ends are
    not their start plus their text's length, an empty sentence, no evidence, dates."""
    def ev(start, exact, sentence):
        return Evidence(_copy("p1"), _copy("p1.txt"), start, start + len(exact), exact, _copy(sentence), _copy(HEADLINE))

    first = ArticleRecord(
        "p1", "p1.txt", 0, HEADLINE, "", 8, 60,
        mentions=[Mention("市总工会", "UNION", 0, 4, 8, 12, "某市总工会", _copy(S1)),
                  Mention(_copy("李明"), "PERSON", 6, 8, 14, 16, _copy("李明"), _copy(S1)),
                  Mention(_copy("李明"), "PERSON", 16, 18, 24, 26, _copy("李明"), _copy(S2))],
        roles=[RoleRecord(_copy("李明"), "某市总工会", "主席", ev(10, "李明", S1), "UNION")],
        events=[EventRecord("会见", [_copy("李明")], ["区工会"], evidence=ev(8, "市总工会主席李明会见区工会代表", S1))],
    )
    second = ArticleRecord(
        "p1", "p1.txt", 1, "区工会开展培训", "副题", 60, 80, date="2023-04-25",
        reporters=[Reporter("王红", "记者")],
        mentions=[Mention("区工会", "UNION", 0, 4, 62, 70, "某区工会", "区 工会开展培训。"),
                  Mention("王红", "PERSON", 9, 11, 71, 73, "王红", "")],
        roles=[RoleRecord("王红", "", "记者", Evidence("p0", "other.txt", 1, 3, "王红", "引\"号\\\n换行", ""))],
        events=[EventRecord("开展", [], ["某区工会"], date="近日", iso_date="2023-04-25", date_precision="around"),
                EventRecord("培训", ["王红"], evidence=Evidence("p1", "p1.txt", 62, 70, "区 工会", "区 工会开展培训。", "另一标题"))],
        structure=[StructureRecord(LOCATED_IN, "某区工会", "某区", "UNION", "PLACE"),
                   StructureRecord(LOCATED_IN, "某区工会", "某区", "UNION", "PLACE",
                                   Evidence("p1", "p1.txt", 62, 66, "区 工会", "😀 句子", "区工会开展培训"))],
        aliases=[("区工会", "某区工会")],
    )
    return PageRecord("p1", "p1.txt", "ab" * 32, "utf-8", 80, [first, second], date="2023-04-25", date_source="path")


def _evidence_of(article: dict) -> list[dict]:
    return [item["evidence"] for key in ("roles", "events", "structure") for item in article[key] if item["evidence"]]


def test_a_page_round_trips_through_its_line():
    page = _page()
    line = to_json(page)
    assert page_from_dict(json.loads(line)) == page
    assert to_json(page_from_dict(json.loads(line))) == line == to_json(_page())
    assert line == json.dumps(to_dict(page), ensure_ascii=False, sort_keys=True)
    assert "\n" not in line and "😀" in line  # one line, not ASCII-escaped


def test_each_sentence_is_written_once_per_article_and_referred_to_by_index():
    line = json.loads(to_json(_page()))
    first, second = line["articles"]
    assert first["sentences"] == [S1, S2]  # in order of first use: mentions, then evidence
    assert [m["sentence"] for m in first["mentions"]] == [0, 0, 1]
    assert [e["sentence"] for e in _evidence_of(first)] == [0, 0]
    assert to_json(_page()).count(S1) == 1
    assert second["sentences"] == ["区 工会开展培训。", "", "引\"号\\\n换行", "😀 句子"]
    assert [e["sentence"] for e in _evidence_of(second)] == [2, 0, 3]


def test_what_the_article_or_the_quote_says_is_left_out_and_the_rest_kept():
    first, second = json.loads(to_json(_page()))["articles"]
    assert all(set(e) == {"exact", "sentence", "src_start"} for e in _evidence_of(first))
    role, event, structure = _evidence_of(second)
    assert role == {"exact": "王红", "sentence": 2, "src_start": 1, "page_id": "p0", "source": "other.txt", "headline": ""}
    assert event["headline"] == "另一标题" and event["src_end"] == 70 and "page_id" not in event
    assert structure == {"exact": "区 工会", "sentence": 3, "src_start": 62}  # its article's headline
    assert first["mentions"][1] == {"label": "PERSON", "sentence": 0, "src_start": 14, "start": 6, "text": "李明"}
    assert first["mentions"][0]["name"] == "某市总工会"
    assert {k: second["mentions"][0][k] for k in ("end", "src_end")} == {"end": 4, "src_end": 70}
    assert second["structure"][0]["evidence"] is None


def test_the_form_written_before_sentences_is_still_read():
    expected = _page()
    expected.articles, expected.date, expected.date_source = expected.articles[:1], "", ""
    old = page_from_dict(json.loads(OLD_LINE))
    assert old == expected
    assert page_from_dict(json.loads(to_json(old))) == old
    # every field written, as ``dataclasses.asdict`` writes them (dated pages and events included)
    page = _page()
    assert page_from_dict(json.loads(json.dumps(dataclasses.asdict(page), ensure_ascii=False))) == page


@pytest.mark.parametrize("index", [2, -1, "0", None])
def test_a_sentence_index_that_is_not_one_is_an_error_naming_it(index):
    line = json.loads(to_json(_page()))
    line["articles"][0]["mentions"][2]["sentence"] = index
    with pytest.raises(ValueError, match=f"article 0: sentence {index!r} is not an index of its 2 sentences"):
        page_from_dict(line)


def _strings(page: PageRecord):
    yield page.page_id
    yield page.source
    for a in page.articles:
        yield from (a.page_id, a.source, a.headline)
        for m in a.mentions:
            yield from (m.text, m.name, m.sentence)
        for item in (*a.roles, *a.events, *a.structure):
            ev = item.evidence
            if ev is not None:
                yield from (ev.page_id, ev.source, ev.headline, ev.sentence, ev.exact)
        for r in a.roles:
            yield from (r.person, r.org, r.title)
        for e in a.events:
            yield from (*e.attendees, *e.organizations, e.location, e.label)
        for s in a.structure:
            yield from (s.child, s.parent)


def _distinct_objects(page: PageRecord) -> tuple[int, int]:
    strings = list(_strings(page))
    return len({id(s) for s in strings}), len(set(strings))


def test_a_loaded_page_holds_one_string_per_distinct_value():
    page = _page()
    objects, values = _distinct_objects(page)
    assert objects > values  # the made page repeats itself in separate objects
    for line in (to_json(page), OLD_LINE):
        loaded = page_from_dict(json.loads(line))
        objects, values = _distinct_objects(loaded)
        assert objects == values
        first = loaded.articles[0]
        assert first.mentions[0].sentence is first.roles[0].evidence.sentence
        assert first.mentions[1].text is first.roles[0].person is first.events[0].attendees[0]


def test_share_strings_makes_a_page_pickle_each_string_once():
    page = _page()
    before = len(pickle.dumps(page))
    assert share_strings(page) is page and page == _page()
    assert _distinct_objects(page)[0] == _distinct_objects(page)[1]
    assert len(pickle.dumps(page)) < before
    back = pickle.loads(pickle.dumps(page))
    assert back == page and _distinct_objects(back)[0] == _distinct_objects(back)[1]


def test_an_extracted_page_reaches_the_main_process_with_its_strings_shared():
    from unionkg.pipelines.nlp.extract import process_file

    page = pickle.loads(pickle.dumps(process_file(sorted(SAMPLES_DIR.glob("*.txt"))[0])))
    objects, values = _distinct_objects(page)
    assert objects == values and values > 100


def test_mentions_and_evidence_carry_no_instance_dict():
    # slots: a build holds hundreds of thousands of each
    assert not hasattr(Mention("李明", "PERSON", 0, 2, 0, 2, "李明"), "__dict__")
    assert not hasattr(Evidence("p", "p.txt", 0, 2, "李明"), "__dict__")


def test_a_store_whose_records_files_are_in_the_form_before_exports_what_a_build_writes(tmp_path):
    from unionkg.graph.store.versions import current_version, read_manifest
    from unionkg.pipelines.run.build import OUTPUT_FILES, run_build
    from unionkg.pipelines.run.store import build_store, export_store

    pages = sorted(SAMPLES_DIR.glob("*.txt"))[:2]
    build_store(pages, tmp_path / "store", workers=1)
    version = current_version(tmp_path / "store")
    for stored in read_manifest(version).pages:
        path = version / stored.record
        old = dataclasses.asdict(page_from_dict(json.loads(path.read_text(encoding="utf-8"))))
        path.unlink()  # (a hard link may share the file)
        path.write_text(json.dumps(old, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        assert "sentences" not in path.read_text(encoding="utf-8")
    export_store(tmp_path / "store", tmp_path / "exported")
    run_build(pages, tmp_path / "built", workers=1)
    for name in OUTPUT_FILES:
        assert (tmp_path / "exported" / name).read_bytes() == (tmp_path / "built" / name).read_bytes(), name


def test_the_records_benchmark_reads_either_form_and_writes_this_one(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    old = tmp_path / "old.jsonl"
    old.write_text(OLD_LINE + "\n", encoding="utf-8")
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "records.py"
    done = subprocess.run([sys.executable, str(script), str(old), "--write", str(tmp_path / "new.jsonl")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    row = done.stdout.splitlines()[-1].split("|")
    assert row[1].strip() == str(old) and row[2].strip() == "1"
    new = (tmp_path / "new.jsonl").read_text(encoding="utf-8")
    assert new == to_json(page_from_dict(json.loads(OLD_LINE))) + "\n"
    assert len(new) < len(OLD_LINE)
