"""CSV tables: entities and relations, UTF-8 with BOM, sorted and atomic."""
from __future__ import annotations

import csv
import io

import pytest

from unionkg.graph.corpus import Event
from unionkg.graph.readwrite.tables import ENTITY_COLUMNS, RELATION_COLUMNS, write_entities_csv, write_relations_csv
from sample_corpus import make_corpus


def read_csv(path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture()
def tables(tmp_path):
    corpus = make_corpus()
    write_entities_csv(corpus, tmp_path / "entities.csv")
    write_relations_csv(corpus, tmp_path / "relations.csv")
    return read_csv(tmp_path / "entities.csv"), read_csv(tmp_path / "relations.csv")


def test_tables_entities_have_one_sorted_row_each(tables):
    entities, _ = tables
    assert list(entities[0]) == ENTITY_COLUMNS
    ids = [row["id"] for row in entities]
    assert ids == sorted(ids) and set(ids) == set(make_corpus().entities)
    union = next(row for row in entities if row["id"] == "union/中华全国总工会")
    assert (union["name"], union["type"], union["aliases"]) == ("中华全国总工会", "UNION", "全国总工会|全总")
    beijing_union = next(row for row in entities if row["id"] == "union/北京市总工会")
    assert (beijing_union["mentions"], beijing_union["pages"], beijing_union["articles"]) == ("4", "p1", "2")


def test_tables_markup_in_names_stays_plain_text(tables):
    entities, _ = tables
    assert any(row["name"] == "<b>x&y</b>" for row in entities)


def test_tables_memberships_one_row_per_title_with_evidence(tables):
    _, relations = tables
    assert list(relations[0]) == RELATION_COLUMNS
    rows = [r for r in relations if r["kind"] == "membership"]
    held = {(r["source_name"], r["target_name"], r["label"]) for r in rows}
    assert ("张良", "北京市总工会", "党组书记") in held and ("张良", "北京市总工会", "副主席") in held
    assert ("任洁", "", "记者") in held
    row = next(r for r in rows if r["source"] == "person/道佩·阿伦")
    assert (row["page"], row["src_start"], row["src_end"]) == ("p1", "60", "77")
    assert row["headline"] == "北京市总工会与万象市工会交流" and row["sentence"].startswith("老挝万象市")


def test_tables_met_pairs_are_weighted_by_events(tmp_path):
    corpus = make_corpus()
    corpus.events.append(Event("p1#1/event0", "p1#1", "出席", ["person/张良", "person/道佩·阿伦", "person/张良"]))
    write_relations_csv(corpus, tmp_path / "r.csv")
    met = {(r["source"], r["target"]): r for r in read_csv(tmp_path / "r.csv") if r["kind"] == "met"}
    assert set(met) == {
        ("person/张文涛", "person/张良"), ("person/张文涛", "person/道佩·阿伦"), ("person/张良", "person/道佩·阿伦"),
    }
    pair = met[("person/张良", "person/道佩·阿伦")]
    assert pair["weight"] == "2" and pair["label"] == "会见|出席"
    assert met[("person/张文涛", "person/张良")]["weight"] == "1"
    assert pair["src_start"] == "120"  # the earliest evidence


def test_tables_co_mentioned_pairs_are_weighted_by_articles(tables):
    _, relations = tables
    co = {(r["source"], r["target"]): r for r in relations if r["kind"] == "co_mentioned"}
    assert co[("person/张良", "union/北京市总工会")]["weight"] == "1"
    assert co[("person/习近平", "union/北京市总工会")]["headline"] == "学习贯彻习近平总书记重要讲话精神"
    # 北京市总工会 and 中华全国总工会 share article p1#1 only
    assert co[("union/中华全国总工会", "union/北京市总工会")]["weight"] == "1"
    assert ("person/习近平", "person/张良") not in co  # never in one article
    # 7 people and bodies (and 3 places) in the first article, 4 in the second, no pair in both
    assert len(co) == 21 + 6


def test_tables_structure_rows(tables):
    _, relations = tables
    structure = {(r["kind"], r["source"], r["target"]) for r in relations if r["kind"] in ("part_of", "located_in")}
    assert structure == {
        ("part_of", "org/北京职工体育服务中心", "union/北京市总工会"),
        ("part_of", "place/万象", "place/老挝"),
        ("located_in", "union/北京市总工会", "place/北京"),
        ("located_in", "union/老挝万象市工会联合会", "place/万象"),
    }


def test_tables_rows_are_grouped_by_kind_in_a_fixed_order(tables):
    _, relations = tables
    kinds = [r["kind"] for r in relations]
    order = ["membership", "met", "co_mentioned", "part_of", "located_in"]
    assert kinds == sorted(kinds, key=order.index)


def test_tables_are_byte_identical_across_runs_and_atomic(tmp_path):
    for name in ("a", "b"):
        write_entities_csv(make_corpus(), tmp_path / f"{name}-e.csv")
        write_relations_csv(make_corpus(), tmp_path / f"{name}-r.csv")
    assert (tmp_path / "a-e.csv").read_bytes() == (tmp_path / "b-e.csv").read_bytes()
    assert (tmp_path / "a-r.csv").read_bytes() == (tmp_path / "b-r.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-e.csv", "a-r.csv", "b-e.csv", "b-r.csv"]


def test_tables_co_mentions_leave_places_out(tables):
    _, relations = tables
    co = [r for r in relations if r["kind"] == "co_mentioned"]
    assert co
    assert not any(r["source"].startswith("place/") or r["target"].startswith("place/") for r in co)


def test_tables_event_without_evidence_then_with_evidence_keeps_the_evidence(tmp_path):
    from unionkg.graph.records import Evidence
    from unionkg.graph.readwrite.tables import relations

    corpus = make_corpus()
    # No evidence and an article id that is not in the corpus: the pair starts without evidence.
    corpus.events.insert(0, Event("p9#0/event0", "p9#0", "座谈", ["person/道佩·阿伦", "person/张良"]))
    late = Evidence("p1", "data/samples/p1.txt", 900, 905, "座谈", "座谈会", "")
    corpus.events.append(Event("p1#1/event9", "p1#1", "调研", ["person/张良", "person/道佩·阿伦"], evidence=late))
    write_relations_csv(corpus, tmp_path / "r.csv")
    rows = [r for r in read_csv(tmp_path / "r.csv") if r["kind"] == "met"]
    pair = next(r for r in rows if (r["source"], r["target"]) == ("person/张良", "person/道佩·阿伦"))
    assert pair["weight"] == "3" and pair["label"] == "会见|座谈|调研"
    assert pair["src_start"] == "120"  # still the earliest evidence
    # relations() and the CSV agree row for row.
    listed = [(r.kind, r.source, r.target, r.label, str(r.weight)) for r in relations(corpus)]
    assert listed == [(r["kind"], r["source"], r["target"], r["label"], r["weight"])
                      for r in read_csv(tmp_path / "r.csv")]


@pytest.mark.parametrize("fields", [
    ["a", "b", 1, 2.5, None, ""],
    ["逗号,在内", 'say "hi"', "line\nbreak", "cr\rhere", "plain"],
    [""],
    ["", ""],
    [" lead", "trail ", "tab\there", "semi;colon"],
])
def test_tables_csv_line_equals_the_csv_writer(fields):
    import csv
    import io

    from unionkg.graph.readwrite.tables import _csv_line

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(fields)  # as the file is written: \r is quoted too
    assert _csv_line(fields) + "\r\n" == buffer.getvalue()
    assert next(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == ["" if f is None else str(f) for f in fields]


@pytest.mark.parametrize("rows_per_write", [1, 2, 500])
def test_tables_relations_written_in_pieces_equal_one_csv_writer(tmp_path, monkeypatch, rows_per_write):
    import csv

    import unionkg.graph.readwrite.tables as tables
    from test_model import _corpus_with_repeats

    corpus = _corpus_with_repeats()
    monkeypatch.setattr(tables, "_ROWS_PER_WRITE", rows_per_write)
    tables.write_relations_csv(corpus, tmp_path / "relations.csv")
    names = {eid: ent.name for eid, ent in corpus.entities.items()}
    with open(tmp_path / "reference.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(tables.RELATION_COLUMNS)
        for _, kind, source, target, label, weight, ev in tables._relation_table(corpus).sorted_rows():
            writer.writerow([kind, source, names.get(source, ""), target, names.get(target, ""), label, weight,
                             ev.page_id if ev else "", ev.headline if ev else "", ev.src_start if ev else "",
                             ev.src_end if ev else "", " ".join(ev.sentence.split()) if ev else ""])
    assert (tmp_path / "relations.csv").read_bytes() == (tmp_path / "reference.csv").read_bytes()
