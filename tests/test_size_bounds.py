"""Size: a long line is cut into sentence-sized pieces, evidence keeps a bounded snippet, and
progress shows without a terminal."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from unionkg.pipelines.nlp.evidence import MAX_SNIPPET_CHARS, SentenceFinder
from unionkg.pipelines.nlp.ner import MAX_SENTENCE_CHARS, sentence_ranges
from unionkg.pipelines.run.build import run_build
from unionkg.pipelines.settings import SAMPLES_DIR

CLI = [sys.executable, "-c", "from unionkg.pipelines.run.cli import app; app()"]


def test_a_sentence_longer_than_the_bound_is_cut_at_clause_marks():
    text = "职工代表座谈" * 50 + "，" + "服务发展" * 100 + "。短句。\n" + "甲" * 1000
    ranges = sentence_ranges(text)
    assert all(0 < end - start <= MAX_SENTENCE_CHARS for start, end in ranges)
    assert "".join(text[s:e] for s, e in ranges) == text.replace("\n", "")  # nothing lost, nothing twice
    assert ranges[0] == (0, 301)  # cut after the comma, not in the middle of a clause
    assert sentence_ranges("短句。另一句！") == [(0, 3), (3, 7)]  # ordinary sentences unchanged


def test_evidence_of_a_long_sentence_is_a_bounded_window_around_the_span():
    text = "甲" * 5000 + "王明" + "乙" * 5000
    snippet = SentenceFinder(text).around(5000, 5002)
    assert "王明" in snippet and len(snippet) <= MAX_SNIPPET_CHARS + 2
    assert snippet.startswith("…") and snippet.endswith("…")
    assert SentenceFinder("短句。王明出席。").around(3, 5) == "王明出席。"


def test_a_page_with_one_long_unpunctuated_line_builds_small_records(tmp_path):
    line = ("职工代表参加座谈工作服务发展" * 40 + "区总工会主席王明") * 40  # ~23,000 characters, no 。
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(f"长行标题\n\n{line}\n", encoding="utf-8")
    run_build([tmp_path / "in"], tmp_path / "out", workers=1)
    records = (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8")
    [page] = [json.loads(line) for line in records.splitlines()]
    sentences = [article["sentences"][m["sentence"]] for article in page["articles"] for m in article["mentions"]]
    assert sentences and max(map(len, sentences)) <= MAX_SNIPPET_CHARS + 2
    assert len(records) < 40 * len(line)  # was ~ mentions x line: hundreds of times the page


def test_progress_prints_plain_lines_when_stderr_is_not_a_terminal(tmp_path):
    page = tmp_path / "one.txt"
    shutil.copy(sorted(SAMPLES_DIR.glob("*.txt"))[0], page)
    done = subprocess.run(CLI + ["build", str(page), "--out", str(tmp_path / "out"), "--workers", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "pages 1/1 read (" in done.stderr


def test_a_long_page_shows_still_working_lines_and_the_heartbeat_stops_before_the_export(capsys):
    import threading
    import time

    from unionkg.pipelines.run.cli import _Progress

    threads_before = set(threading.enumerate())
    progress = _Progress(quiet=False)
    progress.plain, progress.HEARTBEAT = True, 0.2
    progress(0, 2)
    assert len(set(threading.enumerate()) - threads_before) == 1
    time.sleep(1.0)
    progress(1, 2)
    progress(2, 2)
    assert set(threading.enumerate()) <= threads_before  # joined: the export may fork again
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith("pages 0/2 read, still working on the next (") for line in lines)
    assert lines[-1].startswith("pages 2/2 read (")
