"""The articles of a records.jsonl file, read again on every pass: resolution over a corpus larger
than the memory one wants to give it.

Resolution walks all articles several times (bodies, people, entities, facts). Holding every
page's records for that grows with the corpus (about 0.3 GB per 10M characters); reading them back
from the records.jsonl the build spools anyway costs a JSON parse per pass instead (about 0.3 s per
1M characters) and holds one page at a time. The build chooses it for large inputs
(:func:`unionkg.pipelines.run.build.run_build`).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterator

from unionkg.graph.records import ArticleRecord, page_from_dict


class SpooledArticles:
    """Every article of ``path`` in file order, re-read on each iteration; ``len`` is their count.
    ``on_pass`` is told the number of each pass as it starts (progress on long resolutions)."""

    def __init__(self, path: str | os.PathLike, count: int, on_pass: Callable[[int], None] | None = None) -> None:
        self.path = Path(path)
        self.count = count
        self.on_pass = on_pass
        self.passes = 0

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[ArticleRecord]:
        self.passes += 1
        if self.on_pass is not None:
            self.on_pass(self.passes)
        with open(self.path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield from page_from_dict(json.loads(line)).articles
