"""Pages that are not plain Chinese text are recognised by their content and reported with what to do."""
from __future__ import annotations

import io
import zipfile

import pytest

from unionkg.pipelines.read.reading import PageError, read_page
from unionkg.pipelines.run.build import BuildError, run_build

# Our own small stories.
STORY = "本报讯 4月3日，区总工会召开会议，区总工会主席王明出席并讲话。会议总结了去年的工作。"
HTML = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>工会新闻</title></head><body>\n"
        f"<div class=\"nav\"><a href=\"/\">首页</a></div><h1>区总工会召开会议</h1><p>{STORY}</p>\n"
        "<h1>市总工会走访企业</h1><p>本报讯 市总工会副主席李华走访企业。</p></body></html>\n")
FRAGMENT = f"<h2>区总工会召开会议</h2>\n<p>{STORY}</p>\n<p>第二段。</p>\n<p>第三段。<br>完</p>\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", f"<w:document><w:body><w:p>{STORY}</w:p></w:body></w:document>")
    return buffer.getvalue()


@pytest.mark.parametrize("data,expected", [
    (HTML.encode("utf-8"), "an HTML page, not plain text"),
    (HTML.encode("gb18030").replace(b"utf-8", b"gbk"), "an HTML page, not plain text"),
    (HTML.encode("utf-16"), "an HTML page, not plain text"),
    (FRAGMENT.encode("utf-8"), "an HTML page, not plain text"),
    (_docx(), r"a Word document \(\.docx\)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Word 97-2003"),
    (b"%PDF-1.7\n" + b"\x00\x01" * 100, "a PDF file"),
    ("This page is in English only, with no Chinese text at all.\n".encode("utf-8") * 5, "no Chinese text"),
    ("English saved as UTF-16 without a byte-order mark.\n".encode("utf-16-le") * 5, "no Chinese text"),
    (b"\x00\x01\x02\x03" * 64, "binary|not text|undecodable"),
    (bytes(range(256)) * 8, "binary|not text|undecodable"),
], ids=["html", "html-gbk", "html-utf16", "fragment", "docx", "doc", "pdf", "english", "english-utf16", "nul-words",
        "all-bytes"])
def test_a_page_that_is_not_plain_chinese_text_is_reported(tmp_path, data, expected):
    import re

    path = tmp_path / "page.txt"
    path.write_bytes(data)
    with pytest.raises(PageError) as info:
        read_page(path)
    assert re.search(expected, info.value.reason), info.value.reason


def test_the_docx_message_says_how_to_convert():
    from unionkg.pipelines.read.formats import not_plain_text

    message = not_plain_text(_docx())
    assert "Save As" in message and "Plain Text" in message and "pandoc" in message


@pytest.mark.parametrize("text", [
    f"区总工会召开会议\n\n{STORY}\n",
    f"区总工会召开会议\n\n{STORY}公式 a<b 与 c>d 不是标记。\n",
    f"区总工会召开会议\n\n{STORY}\n".encode("utf-16-le").decode("latin-1"),  # UTF-16 Chinese, no BOM
])
def test_plain_chinese_pages_still_read(tmp_path, text):
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode("latin-1") if "\x00" in text else text.encode("utf-8"))
    assert "区总工会" in read_page(path).text


def test_an_html_page_among_pages_is_skipped_and_named(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(HTML, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(f"区总工会召开会议\n\n{STORY}\n", encoding="utf-8")
    summary = run_build([tmp_path / "in"], tmp_path / "out", workers=1)
    assert summary.pages == 1 and summary.articles == 1
    assert [str(e) for e in summary.skipped] == [f"{tmp_path / 'in' / 'a.txt'}: " + summary.skipped[0].reason]
    assert "an HTML page" in summary.skipped[0].reason


def test_a_folder_without_txt_pages_says_so_and_writes_nothing(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "in" / "story.docx").write_bytes(_docx())
    with pytest.raises(BuildError) as info:
        run_build([tmp_path / "in"], tmp_path / "out", workers=1)
    [error] = info.value.skipped
    assert "no *.txt page file in this folder (it holds 2 other files, e.g. story.docx" in str(error)
    assert not (tmp_path / "out").exists()
