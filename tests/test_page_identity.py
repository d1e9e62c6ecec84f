"""Page identity: unique per input, the same wherever the pages are, and no local path published."""
from __future__ import annotations

import hashlib
import json
import shutil

from unionkg.pipelines.read.inputs import discover_pages, display_name
from unionkg.pipelines.run.build import run_build
from unionkg.pipelines.settings import SAMPLES_DIR

# Two small pages of our own: different stories under the same file name.
PAGE_A = "区总工会召开会议\n\n本报讯 4月3日，区总工会主席王明出席会议。\n"
PAGE_B = "市总工会走访企业\n\n本报讯 5月6日，市总工会副主席李华走访企业。\n"


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_same_file_name_in_two_folders_of_one_root_are_two_pages(tmp_path):
    for sub, text in (("a", PAGE_A), ("b", PAGE_B)):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "page.txt").write_text(text, encoding="utf-8")
    pages, errors = discover_pages([tmp_path / "in"])
    assert not errors
    assert [(p.page_id, p.source) for p in pages] == [("a/page", "a/page.txt"), ("b/page", "b/page.txt")]


def test_same_file_name_given_from_two_folders_is_told_apart_by_content(tmp_path):
    for sub, text in (("a", PAGE_A), ("b", PAGE_B), ("c", PAGE_A)):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "page.txt").write_text(text, encoding="utf-8")
    pages, _ = discover_pages([tmp_path / "a" / "page.txt", tmp_path / "b" / "page.txt", tmp_path / "c" / "page.txt"])
    ids = [p.page_id for p in pages]
    assert len(set(ids)) == 3 and all(i.startswith("page~") for i in ids)
    # the names do not depend on where the files are, nor on the order they are given in
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "a", moved / "x")
    shutil.copytree(tmp_path / "b", moved / "y")
    again, _ = discover_pages([moved / "y" / "page.txt", moved / "x" / "page.txt"])
    by_content = {p.path.read_text(encoding="utf-8"): p.page_id for p in again}
    assert by_content == {p.path.read_text(encoding="utf-8"): p.page_id for p in pages[:3] if p.path.parent.name != "c"}


def test_two_same_named_pages_build_two_pages_each_with_its_own_headline(tmp_path):
    for sub, text in (("a", PAGE_A), ("b", PAGE_B)):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "page.txt").write_text(text, encoding="utf-8")
    run_build([tmp_path / "in"], tmp_path / "out", workers=1)
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["page_id"], r["source"]) for r in records] == [("a/page", "a/page.txt"), ("b/page", "b/page.txt")]
    assert [[a["headline"] for a in r["articles"]] for r in records] == [["区总工会召开会议"], ["市总工会走访企业"]]


def test_outputs_are_the_same_from_any_path_cwd_or_copy_and_hold_no_local_path(tmp_path, monkeypatch):
    pages = sorted(SAMPLES_DIR.glob("*.txt"))[:2]
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in pages:
        shutil.copy(page, folder / page.name)
    copy = tmp_path / "deep" / "copied elsewhere"
    shutil.copytree(folder, copy)
    run_build([folder.resolve()], tmp_path / "absolute", workers=1)
    monkeypatch.chdir(folder)
    run_build(["."], tmp_path / "dot", workers=1)
    monkeypatch.chdir(tmp_path)
    run_build([copy.relative_to(tmp_path)], tmp_path / "copy", workers=1)
    run_build([folder / page.name for page in pages], tmp_path / "files", workers=1)
    expected = _digests(tmp_path / "absolute")
    assert expected
    for other in ("dot", "copy", "files"):
        assert _digests(tmp_path / other) == expected, other
    for path in (p for p in (tmp_path / "absolute").iterdir() if p.is_file()):
        data = path.read_bytes()
        assert str(tmp_path).encode() not in data and str(SAMPLES_DIR).encode() not in data, path.name


def test_display_name_escapes_undecodable_bytes_and_control_characters():
    assert display_name(b"p\xff.txt".decode("utf-8", "surrogateescape")) == "p\\xff.txt"
    assert display_name("a\nskipped b.txt") == "a\\nskipped b.txt"
    assert display_name("页 1.txt") == "页 1.txt"
