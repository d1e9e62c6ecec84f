"""LAC's words and the candidates made of them, and helpers every rule module uses."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

# Dots printed between the parts of a transliterated name (middle dot, bullet, katakana dots).
NAME_DOTS = "·•・･"
NAME_DOT = re.compile(f"[{NAME_DOTS}]")
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
OPEN_BRACKETS = "（("
CLOSE_BRACKETS = "）)"
BRACKETS = OPEN_BRACKETS + CLOSE_BRACKETS
TAG = attrgetter("tag")
# LAC's tags of the words that can start a name, and of those that can continue one.
HEAD_TAGS = {"ORG", "LOC", "nz", "nt", "ns"}
CONT_TAGS = {"ORG", "LOC", "nz", "nt", "ns", "n", "j", "an"}  # an: 卫生 + 健康 + 工会
NAME_TAGS = CONT_TAGS | HEAD_TAGS
GENERIC_HEAD_TAGS = ("n", "r", "ORG")  # tags of the generic words that start short forms (市, 该 …)
# Tags of the common words that may be a name after a title (主席 + 高峰).
TITLED_NAME_TAGS = ("n", "nz", "nr")
# Tags of the words an organization or a place can start from (names, places, nouns, numbers …).
CANDIDATE_TAGS = frozenset({"m"} | HEAD_TAGS | set(GENERIC_HEAD_TAGS))
# Tags of every word a candidate can start from (persons, names after a title, the above).
START_TAGS = frozenset({"PER"} | set(TITLED_NAME_TAGS) | CANDIDATE_TAGS)


@dataclass(slots=True)
class Word:
    text: str
    tag: str
    start: int
    end: int

    def split(self, cut: int, left_tag: str, right_tag: str) -> tuple["Word", "Word"]:
        """This word cut after its first ``cut`` characters, each part with its own tag."""
        return (Word(self.text[:cut], left_tag, self.start, self.start + cut),
                Word(self.text[cut:], right_tag, self.start + cut, self.end))


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    label: str  # PERSON | UNION | COMPANY | ORG | PLACE
    name: str = ""  # a name other than the text (京津冀地区 -> 京津冀), "" for the text


# A rewrite step looks at ``words[i]`` of ``text`` with the words already rewritten (``out``): it
# appends what replaces a run starting there and returns how many words that used, or 0 to keep the word.
Step = Callable[[str, list[Word], int, list[Word]], int]


def acts_on(*tags: str):
    """Declares that a step returns 0, touching nothing, at every word whose tag is not one of ``tags``:
    ``rewrite`` then calls it at those words only (a sentence has a few dozen words, and most steps
    act on one or two tags; the calls at the others were most of the repairs' time)."""
    def declare(step):
        step.tags = frozenset(tags)
        return step
    return declare


def rewrite(text: str, words: list[Word], step: Step) -> list[Word]:
    """``words`` with every run ``step`` recognizes replaced (see ``Step``), left to right."""
    tags = getattr(step, "tags", None)  # see acts_on
    out: list[Word] = []
    done = 0  # words[:done] are handled
    for i in range(len(words)) if tags is None else [k for k, w in enumerate(words) if w.tag in tags]:
        if i < done:  # taken by the run of an earlier word
            continue
        out.extend(words[done:i])  # the words between are kept (the step would return 0 there)
        used = step(text, words, i, out)
        if not used:
            out.append(words[i])
            used = 1
        done = i + used
    out.extend(words[done:])
    return out


def glued_to_last(out: list[Word], w: Word) -> Word | None:
    """The word rewritten last when ``w`` follows it with no gap, else None."""
    return out[-1] if out and out[-1].end == w.start else None


def alternation(words) -> re.Pattern:
    """A pattern matching any of ``words`` (never matching when there are none)."""
    words = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def sizes(words: list[Word], tag: str) -> set[int]:
    """The lengths of the ``tag`` words (a repair that needs a word of some length skips the rest)."""
    return {len(w.text) for w in words if w.tag == tag}


def words_by_sentence(words: list[Word], ranges: list[tuple[int, int]]) -> list[list[Word]]:
    """The words lying wholly inside each of the (sorted, disjoint) sentence ``ranges``, in order."""
    word_starts = [w.start for w in words]
    if word_starts == sorted(word_starts):
        # LAC's words come in order: each sentence takes a slice of them
        buckets = []
        for start, end in ranges:
            inside = words[bisect_left(word_starts, start):bisect_right(word_starts, end)]
            buckets.append([w for w in inside if w.end <= end])
        return buckets
    starts = [start for start, _ in ranges]
    buckets = [[] for _ in ranges]
    for w in words:
        k = bisect_right(starts, w.start) - 1
        if k >= 0 and w.end <= ranges[k][1]:
            buckets[k].append(w)
        if w.start == w.end and k > 0 and ranges[k - 1][1] == w.start:
            buckets[k - 1].append(w)  # an empty word where one sentence ends and the next begins
    return buckets
