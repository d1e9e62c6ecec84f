"""Reading: input discovery, encoding detection, bad files reported with their name."""
from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import pytest

from unionkg.pipelines.read.cleaning import clean_text
from unionkg.pipelines.read.reading import PageError, decode_bytes, discover_inputs, read_page

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
SAMPLE = sorted(SAMPLES.glob("*.txt"))[0]
TEXT = SAMPLE.read_text(encoding="utf-8")

ENCODINGS = [
    # (how the test writes the file, encoding name read_page must report)
    (lambda s: s.encode("utf-8"), "utf-8"),
    (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
    (lambda s: s.encode("utf-16"), "utf-16"),  # BOM + platform order
    (lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
    (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
    (lambda s: s.encode("utf-32"), "utf-32"),
    (lambda s: s.encode("gb18030"), "gb18030"),
    (lambda s: s.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
]


ENCODING_IDS = ["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32", "gb18030", "gbk"]


@pytest.mark.parametrize("encode,name", ENCODINGS, ids=ENCODING_IDS)
def test_reading_detects_encoding(tmp_path, encode, name):
    data = encode(TEXT)
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    page = read_page(path)
    assert page.encoding == name
    assert page.raw == TEXT  # BOM not part of the decoded text
    assert page.page_id == "page"
    assert page.sha256 == hashlib.sha256(data).hexdigest()
    assert (page.text, page.offsets) == clean_text(TEXT)


def test_reading_encoding_not_guessed_from_name(tmp_path):
    path = tmp_path / "utf8_page.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    assert read_page(path).encoding == "gb18030"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"  \r\n\t\n", "whitespace"),
        ("工会\x00工作".encode("utf-8"), "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary|a PNG image"),  # the page reader names the format
        ("工会\x01\x02\x03工作".encode("utf-8"), "binary"),
        (b"abc\xff\xfe\xff\xfedef", "undecodable"),
    ],
    ids=["empty", "whitespace", "nul", "png", "controls", "undecodable"],
)
def test_reading_rejects_bad_bytes(tmp_path, data, reason):
    with pytest.raises(ValueError, match=reason):
        decode_bytes(data)
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(PageError) as info:
        read_page(path)
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.path == path and re.search(reason, info.value.reason)


def test_reading_directory_given_as_file(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(PageError, match="folder.txt: .*directory"):
        read_page(folder)


def test_reading_missing_file(tmp_path):
    with pytest.raises(PageError, match="gone.txt: no such file"):
        read_page(tmp_path / "gone.txt")


def test_reading_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(TEXT, encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod 000 does not stop root
    with pytest.raises(PageError) as info:
        read_page(path)
    assert str(info.value) == f"{path}: unreadable: Permission denied"


def test_reading_page_error_fields():
    err = PageError(Path("a/b.txt"), "broken")
    assert str(err) == "a/b.txt: broken" and err.path == Path("a/b.txt") and err.reason == "broken"


def test_reading_discovers_inputs(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ["b/2.txt", "b/deep/1.txt", "a.txt", "b/notes.md", ".hidden/x.txt", "b/.y.txt", "b/UP.TXT"]:
        (tmp_path / rel).write_text("工会", encoding="utf-8")
    other = tmp_path / "given.dat"
    other.write_text("工会", encoding="utf-8")
    files, errors = discover_inputs([tmp_path / "b", other, tmp_path / "a.txt", str(tmp_path / "b" / "2.txt"), tmp_path / "missing"])
    rel = [p.relative_to(tmp_path).as_posix() for p in files]
    # sorted by the published name (below the folder given, or the file name), not by local path
    assert rel == ["b/2.txt", "b/UP.TXT", "a.txt", "b/deep/1.txt", "given.dat"]
    assert set(rel) == {"b/2.txt", "b/deep/1.txt", "b/UP.TXT", "a.txt", "given.dat"}  # deduplicated
    assert [str(e) for e in errors] == [f"{tmp_path / 'missing'}: no such file or directory"]


def test_reading_discover_is_deterministic(tmp_path):
    for name in ["c.txt", "a.txt", "b.txt"]:
        (tmp_path / name).write_text("工会", encoding="utf-8")
    first, _ = discover_inputs([tmp_path])
    again, _ = discover_inputs([tmp_path / "b.txt", tmp_path])
    assert first == again == [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"]


def test_reading_sample_pages():
    files, errors = discover_inputs([SAMPLES])
    assert len(files) == 5 and not errors
    for path in files:
        page = read_page(path)
        assert page.encoding == "utf-8" and page.page_id == path.stem
        assert len(page.offsets) == len(page.text) > 1000


def test_reading_page_error_survives_pickling():
    import pickle

    err = pickle.loads(pickle.dumps(PageError(Path("a/b.txt"), "empty file")))
    assert isinstance(err, PageError)
    assert err.path == Path("a/b.txt") and err.reason == "empty file"
    assert str(err) == "a/b.txt: empty file"
