"""How well our NER generalizes to news text that is not our newspaper: span P/R/F1 on MSRA NER sentences.

    .venv/bin/python benchmarks/msra_ner.py [--n 3000] [--seed 13] [--data PATH] [--examples 2]

Reads the MSRA sentences in place (``--data``, default /work/shared/corpora/msra/train.jsonl, research use
only: never copied into the repo; when absent the script says so and exits 0), samples ``--n`` of them
deterministically, and scores two systems against MSRA's PER/LOC/ORG spans:

* (a) raw LAC: ``LacTagger().tag`` on each sentence, its PER/LOC/ORG words;
* (b) our pipeline: ``load_nlp`` on each sentence as a doc, ``doc.ents`` mapped PERSON->PER, PLACE->LOC,
  UNION/COMPANY/ORG->ORG.

Two scores: exact (start, end and label all equal) and lenient (a span counts when it overlaps a span of
the same label on the other side; precision over predicted spans, recall over gold spans), since MSRA's
conventions differ from ours (e.g. it marks places nested inside organization names). Then the most
frequent error patterns of (b) that (a) did not make: false positives (a span of ours not in gold that LAC
did not predict) and misses (a gold span LAC found exactly and we did not), each with examples. Prints
markdown.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

DEFAULT_DATA = Path("/work/shared/corpora/msra/train.jsonl")
LABELS = ("PER", "LOC", "ORG")
LAC_TO_MSRA = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
PIPELINE_TO_MSRA = {"PERSON": "PER", "PLACE": "LOC", "UNION": "ORG", "COMPANY": "ORG", "ORG": "ORG"}

# A span is (start, end, label) with end exclusive; a predicted span of the pipeline may carry its own
# label too: (start, end, label, own_label).


# -- data -----------------------------------------------------------------------------------------------

def read_examples(path: Path) -> list[dict]:
    """The corpus lines as ``{"text": str, "entities": [(start, end, label)]}``, in file order."""
    examples = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                entities = [(int(s), int(e), str(label)) for s, e, label in row.get("entities", [])]
                examples.append({"text": row["text"], "entities": sorted(entities)})
    return examples


def sample_examples(examples: list[dict], n: int, seed: int) -> list[dict]:
    """``n`` examples chosen by ``seed`` (all when n >= len), kept in corpus order."""
    if n >= len(examples):
        return list(examples)
    chosen = sorted(random.Random(seed).sample(range(len(examples)), n))
    return [examples[i] for i in chosen]


# -- systems ----------------------------------------------------------------------------------------------

def lac_spans(text: str, words: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """PER/LOC/ORG words of one LAC result as character spans of ``text``."""
    spans = []
    cursor = 0
    for word, tag in words:
        found = text.find(word, cursor)
        if found < 0:  # LAC changed the text (not expected): skip the word
            continue
        cursor = found + len(word)
        label = LAC_TO_MSRA.get(tag)
        if label and word.strip():
            spans.append((found, cursor, label))
    return sorted(spans)


def pipeline_spans(doc) -> list[tuple[int, int, str, str]]:
    """``doc.ents`` as (start, end, MSRA label, our label); labels MSRA has no counterpart for are dropped."""
    spans = []
    for ent in doc.ents:
        label = PIPELINE_TO_MSRA.get(ent.label_)
        if label:
            spans.append((ent.start_char, ent.end_char, label, ent.label_))
    return sorted(spans)


def run_lac(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from unionkg.pipelines.nlp.tagger import LacTagger

    tagged = LacTagger().tag(texts)
    return [lac_spans(text, words) for text, words in zip(texts, tagged)]


def run_pipeline(texts: list[str]) -> list[list[tuple[int, int, str, str]]]:
    from unionkg.pipelines.nlp.pipeline import load_nlp

    nlp = load_nlp()
    return [pipeline_spans(doc) for doc in nlp.pipe(texts, batch_size=64)]


# -- scoring ----------------------------------------------------------------------------------------------

def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def count_matches(gold: list, pred: list, *, lenient: bool = False) -> dict[str, list[int]]:
    """Per label ``[matched predictions, predictions, matched gold, gold]`` for one sentence.

    Exact: a prediction matches a gold span with the same start, end and label. Lenient: a prediction
    matches when it overlaps a gold span of its label, and a gold span is matched when some prediction
    of its label overlaps it (so one long prediction covering two gold spans recalls both).
    """
    gold3 = [tuple(g[:3]) for g in gold]
    pred3 = [tuple(p[:3]) for p in pred]
    counts = {label: [0, 0, 0, 0] for label in LABELS}
    if lenient:
        def hit(span, others):
            return any(o[2] == span[2] and _overlaps(o, span) for o in others)
    else:
        def hit(span, others):
            return span in others
    gold_set, pred_set = set(gold3), set(pred3)
    for span in pred_set:
        row = counts.setdefault(span[2], [0, 0, 0, 0])
        row[1] += 1
        row[0] += hit(span, gold_set)
    for span in gold_set:
        row = counts.setdefault(span[2], [0, 0, 0, 0])
        row[3] += 1
        row[2] += hit(span, pred_set)
    return counts


def score(golds: list[list], preds: list[list], *, lenient: bool = False) -> dict[str, dict[str, float]]:
    """P/R/F1 per label and ``"ALL"`` (micro) over parallel lists of gold and predicted spans."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for gold, pred in zip(golds, preds):
        for label, row in count_matches(gold, pred, lenient=lenient).items():
            for i, value in enumerate(row):
                totals[label][i] += value
                totals["ALL"][i] += value
    result = {}
    for label in (*LABELS, *sorted(set(totals) - set(LABELS) - {"ALL"}), "ALL"):
        hit_pred, n_pred, hit_gold, n_gold = totals[label]
        p = hit_pred / n_pred if n_pred else 0.0
        r = hit_gold / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        result[label] = {"p": p, "r": r, "f1": f, "pred": n_pred, "gold": n_gold}
    return result


# -- error patterns ---------------------------------------------------------------------------------------

def _relation(span, other) -> str:
    """How ``span`` sits against an overlapping ``other``: same/longer/shorter/crossing."""
    if span[:2] == other[:2]:
        return "same span"
    if span[0] <= other[0] and other[1] <= span[1]:
        return "longer"
    if other[0] <= span[0] and span[1] <= other[1]:
        return "shorter"
    return "crossing"


def classify_false_positive(span, gold: list) -> str:
    """Pattern of a predicted span (with our label) that is not a gold span."""
    own = span[3] if len(span) > 3 else span[2]
    touching = [g for g in gold if _overlaps(g, span)]
    if not touching:
        return f"FP spurious: ours {own}, no gold there"
    best = max(touching, key=lambda g: (min(g[1], span[1]) - max(g[0], span[0]), -g[0]))
    relation = _relation(span, best)
    if len(touching) > 1 and relation == "longer":
        relation = f"merges {len(touching)} gold spans"
    if best[2] == span[2]:
        return f"FP boundary ({relation}): ours {own}, gold {best[2]}"
    return f"FP wrong type ({relation}): ours {own}, gold {best[2]}"


def classify_miss(gold_span, pred: list) -> str:
    """Pattern of a gold span that no prediction matches exactly."""
    touching = [p for p in pred if _overlaps(p, gold_span)]
    if not touching:
        size = " (1 char)" if gold_span[1] - gold_span[0] == 1 else ""
        return f"miss: gold {gold_span[2]}{size}, nothing of ours there"
    best = max(touching, key=lambda p: (min(p[1], gold_span[1]) - max(p[0], gold_span[0]), -p[0]))
    own = best[3] if len(best) > 3 else best[2]
    relation = _relation(best, gold_span)
    kind = "boundary" if best[2] == gold_span[2] else "retyped"
    return f"miss ({kind}, ours {relation}): gold {gold_span[2]}, ours {own}"


def introduced_errors(text: str, gold: list, lac: list, ours: list):
    """Errors of ours that LAC did not make, as ``(pattern, surface, example)`` triples.

    A false positive counts when LAC did not predict the same span with the same label; a miss counts
    when LAC found the gold span exactly.
    """
    gold3 = {tuple(g[:3]) for g in gold}
    lac3 = {tuple(s[:3]) for s in lac}
    ours3 = {tuple(s[:3]) for s in ours}
    out = []
    for span in ours:
        key = tuple(span[:3])
        if key not in gold3 and key not in lac3:
            out.append((classify_false_positive(span, gold), text[span[0]:span[1]], _example(text, span, gold)))
    for span in sorted(gold3):
        if span in lac3 and span not in ours3:
            out.append((classify_miss(span, ours), text[span[0]:span[1]],
                        _example(text, span, ours, marked="ours")))
    return out


def fixed_errors(text: str, gold: list, lac: list, ours: list) -> tuple[list[str], list[str]]:
    """Errors of LAC we do not make: (its false positives we dropped, gold spans it missed that we found),
    as ``text/label`` strings."""
    gold3 = {tuple(g[:3]) for g in gold}
    lac3 = {tuple(s[:3]) for s in lac}
    ours3 = {tuple(s[:3]) for s in ours}
    removed = [f"{text[s[0]:s[1]]}/{s[2]}" for s in sorted(lac3 - gold3 - ours3)]
    found = [f"{text[s[0]:s[1]]}/{s[2]}" for s in sorted((gold3 - lac3) & ours3)]
    return removed, found


def _example(text: str, span, others: list, *, marked: str = "gold", width: int = 8) -> str:
    """``…context【span】context…`` plus what the other side has over that stretch."""
    start, end = span[0], span[1]
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    near = [f"{text[o[0]:o[1]]}/{o[3] if len(o) > 3 else o[2]}" for o in others if _overlaps(o, span)]
    return f"{left}【{text[start:end]}】{right}  ({marked}: {', '.join(near) or '-'})"


# -- report -----------------------------------------------------------------------------------------------

def score_table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    """Markdown table: one row per system and mode, P/R/F1 per label and overall."""
    labels = (*LABELS, "ALL")
    head = "| system | match | " + " | ".join(f"{label} P / R / F1" for label in labels) + " |"
    rule = "|---|---|" + "---|" * len(labels)
    rows = [head, rule]
    for name, by_label in results.items():
        system, mode = name.split(" / ")
        cells = []
        for label in labels:
            s = by_label.get(label, {"p": 0.0, "r": 0.0, "f1": 0.0})
            cells.append(f"{100 * s['p']:.1f} / {100 * s['r']:.1f} / **{100 * s['f1']:.1f}**")
        rows.append(f"| {system} | {mode} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _frequent(items, k: int) -> str:
    ranked = sorted(Counter(items).items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return ", ".join(f"{item}×{count}" if count > 1 else item for item, count in ranked)


def error_table(errors: list[tuple[str, str, str]], top: int, examples: int, spans: int = 8) -> str:
    """Markdown table of the ``top`` most frequent patterns: count, most frequent spans, examples."""
    counts = Counter(pattern for pattern, _, _ in errors)
    surfaces: dict[str, list[str]] = defaultdict(list)
    samples: dict[str, list[str]] = defaultdict(list)
    for pattern, surface, example in errors:
        surfaces[pattern].append(surface)
        if len(samples[pattern]) < examples:
            samples[pattern].append(example)
    rows = ["| # | pattern | count | frequent spans | examples |", "|---|---|---|---|---|"]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    for rank, (pattern, count) in enumerate(ranked, 1):
        shown = "<br>".join(e.replace("|", "\\|") for e in samples[pattern])
        rows.append(f"| {rank} | {pattern} | {count} | {_frequent(surfaces[pattern], spans)} | {shown} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n", type=int, default=3000, help="sentences to sample")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--top", type=int, default=15, help="error patterns to list")
    parser.add_argument("--examples", type=int, default=2, help="examples per error pattern")
    args = parser.parse_args(argv)

    if not args.data.exists():
        print(f"MSRA data not found at {args.data}; nothing to benchmark.")
        return 0
    examples = sample_examples(read_examples(args.data), args.n, args.seed)
    texts = [e["text"] for e in examples]
    golds = [e["entities"] for e in examples]

    clock = time.perf_counter()
    lac = run_lac(texts)
    lac_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    ours = run_pipeline(texts)
    ours_seconds = time.perf_counter() - clock

    gold_counts = Counter(g[2] for gold in golds for g in gold)
    print(f"## MSRA NER generalization: {len(texts)} sentences (seed {args.seed}), "
          f"{sum(map(len, texts))} chars, gold " + ", ".join(f"{k} {gold_counts[k]}" for k in LABELS))
    # timings go to stderr so that stdout is the same on every run
    print(f"(a) raw LAC {lac_seconds:.1f} s; (b) pipeline {ours_seconds:.1f} s", file=sys.stderr)
    print()
    results = {}
    for name, preds in (("(a) LAC", lac), ("(b) pipeline", ours)):
        for mode, lenient in (("exact", False), ("lenient", True)):
            results[f"{name} / {mode}"] = score(golds, preds, lenient=lenient)
    print(score_table(results))
    print("\nPredicted spans: " + "; ".join(
        f"{name} " + ", ".join(f"{k} {results[name + ' / exact'][k]['pred']}" for k in LABELS)
        for name in ("(a) LAC", "(b) pipeline")))
    own_labels = Counter(s[3] for spans in ours for s in spans)
    print("Our labels: " + ", ".join(f"{k} {v}" for k, v in sorted(own_labels.items())))

    errors = []
    removed: list[str] = []
    found: list[str] = []
    for text, gold, lac_pred, our_pred in zip(texts, golds, lac, ours):
        errors.extend(introduced_errors(text, gold, lac_pred, our_pred))
        r, f = fixed_errors(text, gold, lac_pred, our_pred)
        removed += r
        found += f
    n_fp = sum(1 for p, _, _ in errors if p.startswith("FP"))
    print(f"\nVs LAC (exact): errors we introduce: {n_fp} false positives, {len(errors) - n_fp} misses; "
          f"errors we fix: {len(removed)} LAC false positives dropped, {len(found)} gold spans LAC missed found.")
    print(f"- LAC false positives we drop, most frequent: {_frequent(removed, 12)}")
    print(f"- gold spans we find that LAC missed, most frequent: {_frequent(found, 12)}\n")
    print(f"### Top {args.top} error patterns of (b) that (a) did not make\n")
    print(error_table(errors, args.top, args.examples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
