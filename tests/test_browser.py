"""The explorer in headless Chromium with the network off: drawn, searchable, escaped, Chinese."""
from __future__ import annotations

import html
import shutil
import struct
import subprocess
import zlib
from urllib.parse import quote

import pytest
from headless import CHROMIUM, SKIP_REASON, body_attrs, dump_dom, panel, run_chromium
from sample_corpus import make_corpus

from unionkg.graph.readwrite.html import write_html
from unionkg.graph.model import build_graph

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=SKIP_REASON)


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("explorer") / "graph.html"
    write_html(build_graph(make_corpus()), path)
    return path.as_uri()


def test_browser_draws_graph_and_search_finds_node(page_url, tmp_path):
    G = build_graph(make_corpus())
    body = body_attrs(dump_dom(tmp_path, page_url))
    # The overview: every node of this small graph, every edge but the co-mentions (off by default).
    drawn_edges = sum(1 for key in G.keys if key[2] != "co_mentioned")
    assert f'data-drawn-nodes="{G.number_of_nodes()}"' in body
    assert f'data-drawn-edges="{drawn_edges}"' in body
    assert f'data-total="{G.number_of_nodes()}"' in body
    assert 'data-canvas="yes"' in body
    dom = dump_dom(tmp_path, page_url + "#search=" + quote("张良"))
    body = body_attrs(dom)
    # The search draws 张良 and the neighbours of its met and membership edges.
    near = G.without_co_mentions().neighbourhood("张良", radius=1)
    assert f'data-drawn-nodes="{near.number_of_nodes()}"' in body
    assert 'data-search-found="person/张良"' in body
    assert 'data-selected="person/张良"' in body
    assert "找到：张良" in dom
    assert "北京市总工会 党组书记" in panel(dom)


def test_browser_search_by_alias_and_missing_name(page_url, tmp_path):
    dom = dump_dom(tmp_path, page_url + "#search=" + quote("全总"))
    assert 'data-search-found="union/中华全国总工会"' in body_attrs(dom)
    dom = dump_dom(tmp_path, page_url + "#search=" + quote("没有这个人"))
    assert 'data-search-found=""' in body_attrs(dom)
    assert "未找到：没有这个人" in dom


def test_browser_shows_markup_in_names_literally(page_url, tmp_path):
    dom = dump_dom(tmp_path, page_url + "#search=" + quote("<b>x&y</b>"))
    side = panel(dom)
    # The DOM holds the name as text (serialized escaped), never as a <b> element.
    assert html.escape("<b>x&y</b>", quote=False) in side
    assert "<b>" not in side


def _png_size_and_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_browser_screenshot_renders(page_url, tmp_path):
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout \
        if shutil.which("fc-list") else ""
    if not fonts.strip():
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    shot = tmp_path / "explorer.png"
    run_chromium(tmp_path, page_url + "#search=" + quote("张良"), f"--screenshot={shot}")
    width, height, pixels = _png_size_and_pixels(shot.read_bytes())
    assert (width, height) == (1400, 900)
    # A drawn graph has many colours; a blank or failed page has a handful.
    assert len(set(pixels)) > 100
