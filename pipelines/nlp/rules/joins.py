"""Repairs that join LAC's words: a name, an ending or a place LAC cut in two, one name read as several.

Each repair is a step of ``rewrite`` (``words.py``): it looks at one word, with the words rewritten
before it, and says how many words the joined one replaces.
"""
from __future__ import annotations

from unionkg.pipelines.nlp.lexicon import Lexicon
from unionkg.pipelines.nlp.rules.vocabulary import Vocabulary
from unionkg.pipelines.nlp.rules.words import CJK, NAME_DOT, NAME_DOTS, NAME_TAGS, Word, acts_on, glued_to_last
from unionkg.pipelines.nlp.rules.org_types import ORDINAL_BRANCH


class JoinRepairs:
    """Repairs that make one word of several of LAC's (mixed into ``EntityRules``)."""

    lexicon: Lexicon
    vocab: Vocabulary

    def _prepare_joins(self) -> None:
        # What an organization ending split over two words can leave in the second (工会 -> 会)
        self._suffix_tails = frozenset(s[k:] for s in self.lexicon.suffix_kind for k in range(1, len(s)))
        # For _title_overhang: a title's last characters -> (its first two or more characters, the title)
        self._title_heads: dict[str, list[tuple[str, str]]] = {}
        for title in sorted(self.lexicon.title_set):
            for cut in range(2, len(title)):
                self._title_heads.setdefault(title[cut:], []).append((title[:cut], title))

    @acts_on("ORG")
    def _union_organization_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``某国中央工会`` + ``组织`` read as a verb: a union centre named 工会组织, when a title
        follows (…工会组织秘书长) or it invites (应…工会组织邀请)."""
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if not (w.tag == "ORG" and w.text.endswith("工会") and not w.text.endswith(self.vocab.federation_endings)
                and nxt is not None and nxt.text == "组织" and nxt.start == w.end and nxt.end < len(text)):
            return 0
        title = self.lexicon.title_at(text, nxt.end)
        if title.startswith("代表") or w.text[:-2].endswith(self.vocab.plural_markers):
            title = ""  # 多国工会组织代表: unions' representatives, no body
        invited = text[max(0, w.start - 1):w.start] == "应" and text.startswith(("邀请", "的邀请"), nxt.end)
        if not (title or invited):
            return 0
        out.append(Word(w.text + "组织", "ORG", w.start, nxt.end))
        return 2

    @staticmethod
    def _ordinal_branch_at(text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``第三分``/m + ``公司``: LAC read the number with 分; 第三分公司 is one (generic) word."""
        w = words[i]
        prev = glued_to_last(out, w)
        if prev is None or w.text != "公司" or not ORDINAL_BRANCH.fullmatch(prev.text + w.text):
            return 0
        out[-1] = Word(prev.text + w.text, "n", prev.start, w.end)
        return 1

    @acts_on("LOC", "ns")
    def _mission_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``某国`` + ``驻`` + ``某市总领事馆``: a country's mission in a place is one name."""
        w = words[i]
        if not (w.tag in ("LOC", "ns") and i + 2 < len(words) and words[i + 1].text == "驻"
                and words[i + 1].start == w.end and words[i + 2].start == words[i + 1].end
                and words[i + 2].text.endswith(self.vocab.mission_ends) and len(words[i + 2].text) > 2):
            return 0
        last = words[i + 2]
        out.append(Word(w.text + "驻" + last.text, "ORG", w.start, last.end))
        return 3

    @staticmethod
    def _central_and_state_at(text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``中央`` + ``和`` + ``国家机关工委``: 中央和国家机关 is one name (the central Party and state
        organs), not two bodies joined by 和."""
        w = words[i]
        if not (w.text == "中央" and i + 2 < len(words) and words[i + 1].text == "和"
                and words[i + 2].text.startswith("国家机关") and words[i + 2].start == words[i + 1].end == w.end + 1):
            return 0
        nxt = words[i + 2]
        out.append(Word(w.text + "和" + nxt.text, "ORG", w.start, nxt.end))
        return 3

    @acts_on("PER")
    def _title_and_name_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``劳动模`` + ``范孙``/PER + ``国庆``: LAC cut across a title and took its end with the family
        name as a person; the title is one word and the name is what follows it."""
        w = words[i]
        k = self._title_overhang(text, w) if w.tag == "PER" else 0
        if not k:
            return 0
        cut, end = w.start + k, w.end
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w.end - cut == 1 and nxt is not None and nxt.start == w.end and CJK.match(nxt.text) \
                and len(nxt.text) <= 2 and nxt.tag not in ("v", "p", "c", "d", "u", "w"):
            end = nxt.end  # 孙 + 国庆 (LAC read the given name as a date word)
        name = text[cut:end]
        if not (self.lexicon.has_surname(name) and 2 <= len(name) <= 3):
            return 0
        start = out.pop().start if glued_to_last(out, w) else w.start
        out += [Word(text[start:cut], "n", start, cut), Word(name, "PER", cut, end)]
        return 2 if end != w.end else 1

    def _title_overhang(self, text: str, w: Word) -> int:
        """How many leading characters of ``w`` end a title begun before it (劳动模 | 范孙 -> 1)."""
        found = []  # (longest title first, then by text as in the title list; fewest characters of w)
        for k in range(1, len(w.text)):
            # at least two characters of the title before the word: 户主 | 任某 is a name
            for head, title in self._title_heads.get(w.text[:k], ()):
                if text.endswith(head, 0, w.start):
                    found.append((-len(title), title, k))
        return min(found)[2] if found else 0

    @acts_on("PER")
    def _occupation_and_name_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``钢筋`` + ``工范`` + ``大勇``/PER: LAC took the end of an occupation (钢筋工) with the family
        name as one word; the family name goes with the given name."""
        w = words[i]
        if w.tag != "PER" or not 1 <= len(w.text) <= 2 or self.lexicon.has_surname(w.text):
            return 0
        prev = glued_to_last(out, w)
        if not (prev is not None and prev.tag in ("n", "nz") and len(prev.text) == 2 and CJK.match(prev.text)
                and prev.text[0] in self.vocab.person_noun_ends and self.lexicon.has_surname(prev.text[1])
                and len(out) >= 2 and out[-2].end == prev.start and out[-2].tag in ("n", "vn", "nz")):
            return 0
        out[-1] = Word(prev.text[0], "n", prev.start, prev.start + 1)
        out.append(Word(prev.text[1] + w.text, "PER", prev.start + 1, w.end))
        return 1

    @acts_on("PER")
    def _split_name_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``副主席`` + ``任``/PER + ``家声``/n + ``出席``: LAC cut a name after its family name; after
        a title, a lone family name and the one or two characters glued to it are one name."""
        w = words[i]
        if not (w.tag == "PER" and len(w.text) == 1 and out and i + 1 < len(words)
                and self.lexicon.has_surname(w.text) and out[-1].end == w.start
                and self.lexicon.is_title(out[-1].text)):
            return 0
        given = words[i + 1]
        after = words[i + 2] if i + 2 < len(words) else None
        if not (given.start == w.end and given.tag in ("n", "nz", "a", "PER")
                and CJK.match(given.text) and len(given.text) <= 2
                and (after is None or after.start != given.end or after.tag in ("v", "w", "p", "c", "d"))):
            return 0
        out.append(Word(w.text + given.text, "PER", w.start, given.end))
        return 2

    def _ending_across(self, prev: str, tail: str) -> str:
        """The longest organization ending (two characters or more) of ``prev + tail`` that reaches
        back into ``prev`` and is not already ``prev``'s own ending, or ``""``."""
        if tail not in self._suffix_tails:
            return ""
        joined = prev + tail
        for size in range(min(self.lexicon.longest_suffix, len(joined)), max(len(tail), 1), -1):
            suffix = joined[-size:]
            if suffix in self.lexicon.suffix_kind and not prev.endswith(suffix):
                return suffix
        return ""

    def _split_suffix_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``某某总工`` + ``会``: an organization ending LAC split over two words."""
        w = words[i]
        if w.text not in self._suffix_tails:  # no ending across the two words unless w is the end of one
            return 0
        prev = glued_to_last(out, w)
        if prev is None or len(w.text) > 2 or prev.tag not in NAME_TAGS or not self._ending_across(prev.text, w.text):
            return 0
        out[-1] = Word(prev.text + w.text, "ORG" if prev.tag == "ORG" else "n", prev.start, w.end)
        return 1

    @acts_on("LOC")
    def _place_fragment_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """A one-character LOC cut from the place after it (上 + 塔坡村), unless that is a known place."""
        w = words[i]
        prev = glued_to_last(out, w)
        if prev is None or prev.tag != "LOC" or len(prev.text) != 1 or w.tag != "LOC" \
                or self.lexicon.is_known_place(w.text):
            return 0
        out[-1] = Word(prev.text + w.text, "LOC", prev.start, w.end)
        return 1

    def _dotted_name_at(self, text: str, words: list[Word], i: int, out: list[Word]) -> int:
        """``道佩`` + ``·`` + ``阿伦`` -> one person. LAC often mistags one half of a transliterated
        name (``阿依古丽`` as ORG, ``买买提`` as a verb): the run joins when every part is a person, or
        when one part is a person or made of transliteration characters and at least half of all the
        characters are (a slogan like 税收·法治·公平 is not)."""
        j = i
        while j + 2 < len(words) and words[j + 1].text in tuple(NAME_DOTS) \
                and words[j + 1].start == words[j].end and words[j + 2].start == words[j + 1].end:
            j += 2
        parts = words[i: j + 1: 2]
        joined = "".join(p.text for p in parts)
        if j > i and all(CJK.match(p.text) and len(p.text) <= 6 for p in parts) \
                and all(p.tag not in ("LOC", "TIME") for p in parts) \
                and (all(p.tag == "PER" for p in parts)
                     or (any(self._name_like_part(p) for p in parts)
                         and 2 * sum(c in self.vocab.transliteration_chars for c in joined) >= len(joined))):
            out.append(Word(text[words[i].start:words[j].end], "PER", words[i].start, words[j].end))
            return j + 1 - i
        if words[i].tag == "PER" and NAME_DOT.search(words[i].text) and i + 1 < len(words) \
                and self._translit_tail(words[i], words[i + 1]):
            # 努尔兰·卡德尔 + 别克: the end of a transliterated name LAC cut off as a word of its own
            out.append(Word(words[i].text + words[i + 1].text, "PER", words[i].start, words[i + 1].end))
            return 2
        return 0

    def _translit_tail(self, name: Word, nxt: Word) -> bool:
        return nxt.start == name.end and nxt.tag not in ("v", "p", "c", "d", "u", "w", "m", "q") \
            and CJK.match(nxt.text) is not None and len(nxt.text) <= 3 \
            and all(c in self.vocab.transliteration_chars for c in nxt.text)

    def _name_like_part(self, w: Word) -> bool:
        return w.tag == "PER" or (len(w.text) >= 2 and all(c in self.vocab.transliteration_chars for c in w.text))
