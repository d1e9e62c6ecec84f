"""Rule layer of the NER: repair, complete and type LAC's names (``kg_entity_rules``).

Works on LAC's words (``Doc._.lac``) sentence by sentence:

* repairs of the segmentation: a suffix split over two words (``总工`` + ``会``), two bodies run
  together around 联合/与 (``X总工会联合Y局``), a body that swallowed the next word's first
  character (``…总工会所`` + ``属``), place compounds (``云南昆明`` -> 云南 + 昆明), names split at ``·``;
* organization names: a run of name words (ORG/LOC/nz/n …) starting at a proper name and cut back
  to its last organization ending, so ``东城区`` + ``体育馆路街道总工会`` and ``北京市总工会`` +
  ``职工服务中心`` become one name and titles (``党组书记``) stay out; parenthesized parts are kept;
* typing: UNION / COMPANY / ORG by the name's ending (``data/lexicon/org_suffixes.txt``), PLACE by
  the division table and place endings, PERSON by LAC with a family-name check;
* generic names (``该街道总工会``, ``区总工会``) go to ``doc.spans["kg_shortforms"]`` for
  ``kg_shortforms``; districts printed at the head of a body's name (``东城区``体育馆路街道总工会)
  go to ``doc.spans["kg_nested_places"]``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from unionkg.pipelines.settings import LEXICON_DIR
from unionkg.pipelines.nlp.extensions import char_span, doc_text, set_entities, set_span_name
from unionkg.pipelines.nlp.lexicon import MEMO_SIZE, Lexicon, load_lexicon
from unionkg.pipelines.nlp.ner import doc_sentence_ranges
from unionkg.pipelines.nlp.person_names import check_person_names
from unionkg.pipelines.nlp.titles import load_titles

SHORTFORM_GROUP = "kg_shortforms"
# Dots printed between the parts of a transliterated name (middle dot, bullet, katakana dots).
NAME_DOTS = "·•・･"
NESTED_PLACES_GROUP = "kg_nested_places"

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# A place name used as a modifier names no place: 中国式现代化, 中国特色社会主义.
_ADJECTIVAL_AFTER_PLACE = re.compile(r"式|特色|风格")
# 率 ("leads") glued to a name when a group follows: 张某率代表团一行, 李某率队.
_LEADS = "率"
# A place name ending so is a street, a landmark or a body of water, kept whole (南京东路, 深圳湾).
_FEATURE_ENDS = set("路街道巷桥湾港站河湖江山岛园场馆楼门")
# Words that join two bodies (and so end a department name before them): 某某总工会和教育部.
_CONJUNCTIONS = re.compile(r"[和与及同跟向在对为由从把被将、]|联合|会同")
_GROUP_AFTER = re.compile(r"[^，。；、\s]{0,8}?(?:团|组|队|一行)")
# LAC's LOC words outside the lexicons ending like these are rivers, roads or venues, not places.
_NOT_ADMINISTRATIVE_END = ("河", "江", "湖", "海", "山", "岛", "峰", "湾", "桥", "路", "街", "广场", "公园",
                           "堂", "馆", "宫", "场", "园", "楼", "厦", "站", "门", "寺", "陵", "墙")


def _read_chars(path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return frozenset(c for line in lines if not line.startswith("#") for c in line if not c.isspace())


_TRANSLITERATION_CHARS = _read_chars(LEXICON_DIR / "transliteration_chars.txt")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]")
# Words that can start a name, and words that can continue one.
_HEAD_TAGS = {"ORG", "LOC", "nz", "nt", "ns"}
_CONT_TAGS = {"ORG", "LOC", "nz", "nt", "ns", "n", "j", "an"}  # an: 卫生 + 健康 + 工会
_NAME_TAGS = _CONT_TAGS | _HEAD_TAGS
_GENERIC_HEAD_TAGS = ("n", "r", "ORG")  # tags of the generic words that start short forms (市, 该 …)
_GENERIC_HEADS = ("市", "区", "县", "镇", "该", "本", "街道", "地区")
# Tags of the common words that may be a name after a title (主席 + 高峰).
_TITLED_NAME_TAGS = ("n", "nz", "nr")
# Tags of the words an organization or a place can start from (names, places, nouns, numbers …).
_CANDIDATE_TAGS = frozenset({"m"} | _HEAD_TAGS | set(_GENERIC_HEAD_TAGS))
# Tags of every word a candidate can start from (persons, names after a title, the above).
_START_TAGS = frozenset({"PER"} | set(_TITLED_NAME_TAGS) | _CANDIDATE_TAGS)
# Nouns that end a name rather than continue it (X公司 代表; X总工会 一行).
_STOP_NOUNS = {
    "企业", "单位", "代表", "代表团", "一行", "职工", "人员", "工作人员", "负责人", "干部", "选手", "领导",
    "成员", "会员", "群众", "农民工", "劳动者", "建设者", "团队", "员工", "同志", "记者", "通讯员", "本报",
    "本报讯", "活动", "会议", "工作", "举措", "领域", "方面", "情况", "主题", "系列", "品牌", "模式",
}
# Connectives that LAC sometimes swallows between two bodies: X总工会联合Y局.
_CONNECTIVES = ("联合", "会同", "携手", "与", "和", "及", "同", "驻")
# Those that never start a name (unlike 和 in 和平里).
_LEADING_CONNECTIVES = ("联合", "会同", "携手")
# A body's last character glued to a following word: 总工会所 + 属.
_GLUED = {"所": "属在辖有"}
_GLUED_END = re.compile(f"[{''.join(_GLUED)}]")
# Words after which a person's name follows in bylines.
_BYLINE_WORDS = ("记者", "通讯员", "摄影", "摄")
_BYLINE_NAME_WORD = re.compile("|".join(_BYLINE_WORDS[:2]))  # the two a name follows
# Generic plural markers just before an ending: 两地工会, 各级工会.
_PLURAL_MARKERS = ("两地", "三地", "两市", "两国", "多国", "多地", "各国", "各级", "各地", "基层", "全市", "全区", "各", "诸")
# Department endings cut from a company's name (…煤矿党群科 -> …煤矿).
_DEPARTMENT_TAIL = re.compile(r"(?:党群|办公|综合|财务|人事|宣传|组织|技术|安全|生产)?[科处室股]$")
_BYLINE = re.compile(
    r"(?:记者|通讯员)[ \u3000]*(?P<name>[\u4e00-\u9fff]{2,3})(?=[ \u3000]|[）)、，]|摄|通讯员|记者|\n|$)"
)
_DEPARTMENT_SUFFIXES = ("部", "中心", "科", "处", "室", "办公室")
_COMPANY_INSIDE = re.compile(r".*(?:有限责任公司|股份有限公司|有限公司|集团|公司)")
_TRAILING_BRACKET = re.compile(r"[（(][^（()）]*[）)]$")
_PROJECT_PHASE = re.compile(r"[一二三四五六七八九十\d]+期(?:工程|项目)?")
_ORDINAL_BUREAU = re.compile(r"[一二三四五六七八九十]局$")
# Business names with no known ending (brands) are short; news credits (某某网讯) name an outlet.
_LONGEST_BARE_BRAND = 6
_NEWS_CREDITS = ("网讯", "报讯", "台讯", "社讯", "电讯")
_ABSTRACT_END = ("力", "性", "化", "感", "度", "观", "精神", "时代", "征程", "会", "人")
_OPEN_BRACKETS = "（("
# A place's party committee by its short form, resolved to the place in context (市委 -> 北京市委).
_PARTY_COMMITTEES = ("省委", "市委", "区委", "县委", "镇委")
# Endings of nouns for kinds of people (宣讲员, 志愿者), which follow titles too.
_PERSON_NOUN_ENDS = "员者人家师工手生们长"
_CLAUSE_MARKS = ("，", "。", "、", "；", "：")
# Online products named after a brand: 某讯会议, 某某小程序 (the brand alone is then no business mention).
_PRODUCT_WORDS = ("会议", "小程序", "公众号", "视频号", "直播间", "App", "APP", "客户端")
# A street-level place and a short tail LAC glued to it in one LOC word: 某某街道 + 某院.
_STREET_HEAD = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,}?(?:街道|社区))(?P<tail>[\u4e00-\u9fff]{1,2})$")
# A school's campus or branch printed after its name: 某某中学 + 东校区.
_CAMPUS = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:校区|分校)")
_SCHOOL_ENDINGS = ("大学", "学院", "中学", "小学", "学校", "职业高中", "技校")
_CLOSE_BRACKETS = "）)"
_BRACKETS = _OPEN_BRACKETS + _CLOSE_BRACKETS
# Marks whose absence from a sentence rules a repair out (see EntityRules.repair).
_BRACKET_MARK = re.compile(f"[{re.escape(_BRACKETS)}]")
_NAME_DOT = re.compile(f"[{NAME_DOTS}]")
# Words that may start a short form whatever the lexicon says (see _generic_head).
_GENERIC_HEAD_WORDS = frozenset(_GENERIC_HEADS + _PARTY_COMMITTEES)
# Ministries of the State Council by their usual short names (general knowledge).
_STATE_MINISTRIES = ("人社部", "教育部", "财政部", "民政部", "商务部", "工信部", "科技部", "公安部", "司法部", "外交部",
                     "国防部", "水利部", "住建部", "交通运输部", "农业农村部", "文化和旅游部", "文旅部", "自然资源部",
                     "生态环境部", "应急管理部", "退役军人事务部", "国家卫健委", "国家发改委")
# The national federation's and the ministries' short names, longest first.
_NATIONAL_SHORT_NAMES = tuple(sorted(("全总",) + _STATE_MINISTRIES, key=len, reverse=True))
# 某某中 + 学到 / 学习: a verb after 中 ("in"), not a school's name.
_SCHOOL_LEVELS = ("中学", "小学")
_LEARN_AFTER = ("到", "习")
# Words LAC may tag PER that start with a family-name character but name no one.
_NEVER_NAMES = frozenset({"双方", "各方", "多方", "三方", "四方", "对方", "何方", "党员", "全员", "万人", "方面"})
# Forms of address after a family name (郭师傅, 李大姐).
_HONORIFICS = ("师傅", "老师", "大姐", "大哥", "阿姨", "大爷", "大妈", "大叔", "姐", "哥", "叔", "伯", "婶")
# A national union centre named as an organization of unions (某国中央工会组织).
_UNION_CENTRE_END = "工会组织"
# International organizations are named so (国际某某组织, 世界某某组织, 联合国某某组织).
_INTERNATIONAL_ORG = re.compile(r"(?:国际|世界|联合国|亚太|亚洲|欧洲|非洲|美洲)[\u4e00-\u9fff]{1,8}组织")
# Administrative divisions LAC leaves as a word after the place's name (某某 + 边疆区).
_DIVISION_WORDS = ("社区", "街道", "村", "镇", "乡", "地区", "边疆区", "自治区", "自治州", "自治县", "自治旗")
# A numbered branch named without its business (第三分公司), like 公司 alone.
_ORDINAL_BRANCH = re.compile(r"第[一二三四五六七八九十百零〇0-9]+(?:分公司|子公司)")
# Endings of a country's mission abroad (某国驻某市总领事馆).
_MISSION_ENDS = ("大使馆", "使馆", "领事馆", "代表处", "办事处")
# A kind of business printed before its name (中资企业某某公司), not part of the name.
_BUSINESS_KIND_HEAD = re.compile(r"(?:中资|外资|外商|民营|国有|国营|合资|私营|驻华)?企业")
# A business referred to without its name (该公司, 公司工会主席, 集团党委书记 …).
_GENERIC_COMPANY_WORDS = ("公司", "集团", "集团公司", "分公司", "子公司")
# Nouns a candidate can start from besides names after a title (公司 words, generic heads).
_NOUNS_OF_NOTE = frozenset(_GENERIC_COMPANY_WORDS) | _GENERIC_HEAD_WORDS


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


def _peel_national_short_names(w: Word) -> list[Word]:
    """Split a word that starts with two or more national short names run together (全总, 人社部 …),
    keeping what follows as the head of a further name; [] when there is nothing to split."""
    if not w.text.startswith(_NATIONAL_SHORT_NAMES):
        return []
    pieces: list[Word] = []
    pos = 0
    while True:
        m = next((m for m in _NATIONAL_SHORT_NAMES if w.text.startswith(m, pos)), "")
        if not m:
            break
        pieces.append(Word(m, "ORG", w.start + pos, w.start + pos + len(m)))
        pos += len(m)
    rest = w.text[pos:]
    if len(pieces) < 2:
        return []
    if rest:
        pieces.append(Word(rest, w.tag, w.start + pos, w.end))
    return pieces


def _alternation(words) -> re.Pattern:
    """A pattern matching any of ``words`` (never matching when there are none)."""
    words = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def _words_by_sentence(words: list[Word], ranges: list[tuple[int, int]]) -> list[list[Word]]:
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


_TAG = attrgetter("tag")


def _sizes(words: list[Word], tag: str) -> set[int]:
    """The lengths of the ``tag`` words (a repair that needs a word of some length skips the rest)."""
    return {len(w.text) for w in words if w.tag == tag}


def _is_generic_company_word(text: str) -> bool:
    return text in _GENERIC_COMPANY_WORDS or "公司" in text and _ORDINAL_BRANCH.fullmatch(text) is not None


def _complete_person_names(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Persons checked against the other persons of the article: a name LAC cut short where the
    article prints it whole elsewhere (顾某 + 厚 -> 顾某厚), and a family's home (在贺家: a family
    name of someone in the article + 家) dropped."""
    persons = {text[c.start:c.end] for c in candidates if c.label == "PERSON"}
    out: list[Candidate] = []
    for c in candidates:
        if c.label == "PERSON":
            name = text[c.start:c.end]
            longer = sorted((p for p in persons if len(p) > len(name) and p.startswith(name) and len(p) <= 4
                             and not _NAME_DOT.search(p) and text.startswith(p, c.start)), key=len)
            if longer:
                c = Candidate(c.start, c.start + len(longer[-1]), "PERSON", c.name)
            elif len(name) == 2 and name.endswith("家") \
                    and any(p != name and p.startswith(name[0]) and len(p) >= 2 for p in persons):
                continue
        out.append(c)
    return out


def _drop_inner_departments(text: str, candidates: list[Candidate], shortforms: list[Candidate]) -> list[Candidate]:
    """``全国总工会宣传教育部部长``: LAC finds the ministry name 教育部 inside the department 宣传教育部
    of the body just before it. A 部 right after a body and a few more characters of the same word
    (no conjunction, no punctuation) is that body's department, not an organization of its own."""
    bodies = sorted((c for c in candidates + shortforms if c.label in ("UNION", "ORG", "COMPANY")),
                    key=lambda c: (c.start, c.end))
    drop = set()
    for prev, cur in zip(bodies, bodies[1:]):
        gap = text[prev.end:cur.start]
        if cur.label == "ORG" and text[cur.start:cur.end].endswith("部") and 1 <= len(gap) <= 4 \
                and _CJK.match(gap) and not _CONJUNCTIONS.search(gap):
            drop.add((cur.start, cur.end))
    return [c for c in candidates if (c.start, c.end) not in drop or c.label != "ORG"]


class EntityRules:
    def __init__(self, nlp: Language, name: str, *, lexicon_dir: str = "") -> None:
        self.name = name
        self.lexicon: Lexicon = load_lexicon(_dir(lexicon_dir))
        # What an organization ending split over two words can leave in the second (工会 -> 会)
        self._suffix_tails = frozenset(s[k:] for s in self.lexicon.suffix_kind for k in range(1, len(s)))
        self._lac_persons: set[str] = set()  # LAC's PER words of the doc at hand
        # Endings whose absence from a sentence rules a repair out (see repair)
        endings = self.lexicon.suffix_kind
        self._company_ending = _alternation(s for s, kind in endings.items() if kind == "COMPANY" and len(s) >= 2)
        self._long_ending = _alternation(s for s in endings if len(s) >= 2)
        self._long_ending_last = _alternation({s[-1] for s in endings if len(s) >= 2})  # a quicker first test
        self._body_ending = _alternation(s for s, kind in endings.items() if kind in ("ORG", "UNION"))
        # For _title_overhang: a title's last characters -> (its first two or more characters, the title)
        self._title_heads: dict[str, list[tuple[str, str]]] = {}
        for title in sorted(self.lexicon.title_set):
            for cut in range(2, len(title)):
                self._title_heads.setdefault(title[cut:], []).append((title[:cut], title))
        # answers that depend on a name alone, remembered (names recur)
        self._place_split = lru_cache(maxsize=MEMO_SIZE)(self._find_place_split)
        self._joined_pieces = lru_cache(maxsize=MEMO_SIZE)(self._find_joined_pieces)
        self.type_org = lru_cache(maxsize=MEMO_SIZE)(self._type_org)

    def __call__(self, doc: Doc) -> Doc:
        words = [Word(*w) for w in (doc._.lac or [])]
        candidates: list[Candidate] = []
        shortforms: list[Candidate] = []
        text = doc_text(doc)  # built on each access: read it once
        self._lac_persons = {w.text for w in words if w.tag == "PER"}  # for _brand_ok
        ranges = doc_sentence_ranges(doc)
        for (start, end), sentence_words in zip(ranges, _words_by_sentence(words, ranges)):
            sentence_words = self.repair(text, sentence_words, text[start:end])
            found, generic = self.sentence_candidates(doc, sentence_words, text, text[start:end])
            candidates.extend(found)
            shortforms.extend(generic)
        self.add_foreign_cities(doc, words, candidates)
        self.add_byline_names(doc, candidates)
        candidates = _complete_person_names(text, candidates)
        candidates = check_person_names(text, words, candidates, self.lexicon)  # no person from a fragment
        candidates = [c for c in candidates if not (c.label == "PLACE" and _ADJECTIVAL_AFTER_PLACE.match(text, c.end))]
        candidates = _drop_inner_departments(text, candidates, shortforms)
        spans = []
        names: dict[tuple[int, int], str] = {}
        one_token_per_char = len(doc) == len(text)  # (then char_span makes the Span directly)
        for c in candidates:
            span = Span(doc, c.start, c.end, label=c.label) if one_token_per_char and 0 <= c.start < c.end <= len(text) \
                else char_span(doc, c.start, c.end, c.label)
            if span is not None:
                spans.append(span)
                if c.name:
                    names[(c.start, c.end)] = c.name
        spans = sorted(filter_spans(spans), key=lambda s: s.start)
        set_entities(doc, spans)  # = doc.ents = spans, without copying each span first; doc.ents now gives these back
        for ent in spans:
            set_span_name(doc, ent.start_char, ent.end_char, names.get((ent.start_char, ent.end_char)))
        taken = [(e.start_char, e.end_char) for e in spans]
        doc.spans[SHORTFORM_GROUP] = [
            s
            for s in (char_span(doc, c.start, c.end, c.label) for c in shortforms)
            if s is not None and not any(a < s.end_char and s.start_char < b for a, b in taken)
        ]
        doc.spans[NESTED_PLACES_GROUP] = self.nested_places(doc, spans)
        return doc

    # -- repairs of LAC's words -------------------------------------------------------------
    def repair(self, text: str, words: list[Word], sentence: str) -> list[Word]:
        """``words`` of ``sentence`` (a piece of ``text``) repaired. A repair that needs a mark or a
        word the sentence does not have is skipped: words are always pieces of the sentence."""
        if _BRACKET_MARK.search(sentence):
            words = self._split_brackets(words)
        if "街道" in sentence or "社区" in sentence:
            words = self._split_street_heads(words)
        if self._company_ending.search(sentence):
            words = self._split_inner_endings(words)
        if self._long_ending_last.search(sentence) and self._long_ending.search(sentence):
            words = self._merge_split_suffixes(words)
        if self._body_ending.search(sentence):
            words = self._split_body_titles(words)
        tags = set(map(_TAG, words))
        if "ORG" in tags or "LOC" in tags:  # the next two work on ORG and LOC words only, making no LOC
            words = self._split_joined_bodies(words)
            if _GLUED_END.search(sentence):
                words = self._unglue(text, words)
        if "LOC" in tags:  # the next two work on LOC words only
            words = self._split_place_compounds(words)  # (makes no one-character LOC)
            if 1 in _sizes(words, "LOC"):  # the next one joins a one-character LOC to the next
                words = self._merge_place_fragments(words)
        if _NAME_DOT.search(sentence):
            words = self._join_dotted_names(text, words)
            tags = set(map(_TAG, words))  # it makes persons
        if "PER" in tags:  # the next three work on PER words only
            if 1 in _sizes(words, "PER"):  # it starts from a lone family name
                words = self._join_split_names(words)
            words = self._resplit_title_and_name(text, words)
            if not _sizes(words, "PER").isdisjoint((1, 2)):  # it starts from a PER word of one or two
                words = self._resplit_occupation_and_name(words)
        if "中央和国家机关" in sentence:
            words = self._join_central_and_state(words)
        if "驻" in sentence:
            words = self._join_missions(words)
        if "公司" in sentence:
            words = self._join_ordinal_branches(words)
        if "工会组织" in sentence:
            words = self._join_union_organization(text, words)
        return words

    def _join_union_organization(self, text: str, words: list[Word]) -> list[Word]:
        """``某国中央工会`` + ``组织`` read as a verb: a union centre named 工会组织, when a title
        follows (…工会组织秘书长) or it invites (应…工会组织邀请)."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            w = words[i]
            nxt = words[i + 1] if i + 1 < len(words) else None
            if w.tag == "ORG" and w.text.endswith("工会") and not w.text.endswith(("总工会", "联合工会")) \
                    and nxt is not None and nxt.text == "组织" and nxt.start == w.end and nxt.end < len(text):
                title = self.lexicon.title_at(text, nxt.end)
                if title.startswith("代表") or w.text[:-2].endswith(_PLURAL_MARKERS):
                    title = ""  # 多国工会组织代表: unions' representatives, no body
                invited = text[max(0, w.start - 1):w.start] == "应" and text.startswith(("邀请", "的邀请"), nxt.end)
                if title or invited:
                    out.append(Word(w.text + "组织", "ORG", w.start, nxt.end))
                    i += 2
                    continue
            out.append(w)
            i += 1
        return out

    @staticmethod
    def _join_ordinal_branches(words: list[Word]) -> list[Word]:
        """``第三分``/m + ``公司``: LAC read the number with 分; 第三分公司 is one (generic) word."""
        out: list[Word] = []
        for w in words:
            prev = out[-1] if out else None
            if prev is not None and prev.end == w.start and w.text == "公司" \
                    and _ORDINAL_BRANCH.fullmatch(prev.text + w.text):
                out[-1] = Word(prev.text + w.text, "n", prev.start, w.end)
                continue
            out.append(w)
        return out

    @staticmethod
    def _join_missions(words: list[Word]) -> list[Word]:
        """``某国`` + ``驻`` + ``某市总领事馆``: a country's mission in a place is one name."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            w = words[i]
            if w.tag in ("LOC", "ns") and i + 2 < len(words) and words[i + 1].text == "驻" \
                    and words[i + 1].start == w.end and words[i + 2].start == words[i + 1].end \
                    and words[i + 2].text.endswith(_MISSION_ENDS) and len(words[i + 2].text) > 2:
                last = words[i + 2]
                out.append(Word(w.text + "驻" + last.text, "ORG", w.start, last.end))
                i += 3
                continue
            out.append(w)
            i += 1
        return out

    def _resplit_title_and_name(self, text: str, words: list[Word]) -> list[Word]:
        """``劳动模`` + ``范孙``/PER + ``国庆``: LAC cut across a title and took its end with the family
        name as a person; the title is one word and the name is what follows it."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            w = words[i]
            k = self._title_overhang(text, w) if w.tag == "PER" else 0
            if k:
                cut, end = w.start + k, w.end
                nxt = words[i + 1] if i + 1 < len(words) else None
                if w.end - cut == 1 and nxt is not None and nxt.start == w.end and _CJK.match(nxt.text) \
                        and len(nxt.text) <= 2 and nxt.tag not in ("v", "p", "c", "d", "u", "w"):
                    end = nxt.end  # 孙 + 国庆 (LAC read the given name as a date word)
                name = text[cut:end]
                if self.lexicon.has_surname(name) and 2 <= len(name) <= 3:
                    start = out.pop().start if out and out[-1].end == w.start else w.start
                    out += [Word(text[start:cut], "n", start, cut), Word(name, "PER", cut, end)]
                    i += 2 if end != w.end else 1
                    continue
            out.append(w)
            i += 1
        return out

    def _resplit_occupation_and_name(self, words: list[Word]) -> list[Word]:
        """``钢筋`` + ``工范`` + ``大勇``/PER: LAC took the end of an occupation (钢筋工) with the family
        name as one word; the family name goes with the given name."""
        out: list[Word] = []
        for w in words:
            prev = out[-1] if out else None
            if w.tag == "PER" and 1 <= len(w.text) <= 2 and not self.lexicon.has_surname(w.text) \
                    and prev is not None and prev.end == w.start \
                    and prev.tag in ("n", "nz") and len(prev.text) == 2 and _CJK.match(prev.text) \
                    and prev.text[0] in _PERSON_NOUN_ENDS and self.lexicon.has_surname(prev.text[1]) \
                    and len(out) >= 2 and out[-2].end == prev.start and out[-2].tag in ("n", "vn", "nz"):
                out[-1] = Word(prev.text[0], "n", prev.start, prev.start + 1)
                out.append(Word(prev.text[1] + w.text, "PER", prev.start + 1, w.end))
                continue
            out.append(w)
        return out

    def _title_overhang(self, text: str, w: Word) -> int:
        """How many leading characters of ``w`` end a title begun before it (劳动模 | 范孙 -> 1)."""
        found = []  # (longest title first, then by text as in the title list; fewest characters of w)
        for k in range(1, len(w.text)):
            # at least two characters of the title before the word: 户主 | 任某 is a name
            for head, title in self._title_heads.get(w.text[:k], ()):
                if text.endswith(head, 0, w.start):
                    found.append((-len(title), title, k))
        return min(found)[2] if found else 0

    def _join_split_names(self, words: list[Word]) -> list[Word]:
        """``副主席`` + ``任``/PER + ``家声``/n + ``出席``: LAC cut a name after its family name; after
        a title, a lone family name and the one or two characters glued to it are one name."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            w = words[i]
            if w.tag == "PER" and len(w.text) == 1 and out and i + 1 < len(words) \
                    and self.lexicon.has_surname(w.text) and out[-1].end == w.start \
                    and self.lexicon.is_title(out[-1].text):
                given = words[i + 1]
                after = words[i + 2] if i + 2 < len(words) else None
                if given.start == w.end and given.tag in ("n", "nz", "a", "PER") \
                        and _CJK.match(given.text) and len(given.text) <= 2 \
                        and (after is None or after.start != given.end or after.tag in ("v", "w", "p", "c", "d")):
                    out.append(Word(w.text + given.text, "PER", w.start, given.end))
                    i += 2
                    continue
            out.append(w)
            i += 1
        return out

    @staticmethod
    def _join_central_and_state(words: list[Word]) -> list[Word]:
        """``中央`` + ``和`` + ``国家机关工委``: 中央和国家机关 is one name (the central Party and state
        organs), not two bodies joined by 和."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            w = words[i]
            if w.text == "中央" and i + 2 < len(words) and words[i + 1].text == "和" \
                    and words[i + 2].text.startswith("国家机关") and words[i + 2].start == words[i + 1].end == w.end + 1:
                nxt = words[i + 2]
                out.append(Word(w.text + "和" + nxt.text, "ORG", w.start, nxt.end))
                i += 3
                continue
            out.append(w)
            i += 1
        return out

    def _split_brackets(self, words: list[Word]) -> list[Word]:
        """Brackets LAC glued to a name (``）有限公司北京分公司``) become words of their own."""
        out: list[Word] = []
        brackets = _BRACKETS
        for w in words:
            text, start = w.text, w.start
            if len(text) < 2 or not (text[0] in brackets or text[-1] in brackets):
                out.append(w)
                continue
            while text and text[0] in brackets:
                out.append(Word(text[0], "w", start, start + 1))
                text, start = text[1:], start + 1
            tail = []
            while text and text[-1] in brackets:
                tail.insert(0, Word(text[-1], "w", start + len(text) - 1, start + len(text)))
                text = text[:-1]
            if text:
                tag = w.tag if w.tag != "w" else ("n" if self.lexicon.org_suffix("X" + text)[0] else "x")
                out.append(Word(text, tag, start, start + len(text)))
            out.extend(tail)
        return out

    def _split_street_heads(self, words: list[Word]) -> list[Word]:
        """A street or community with a short sub-place glued on (``某某街道某院``) is the place;
        the tail is no body of its own, so it must not make the whole an organization."""
        out: list[Word] = []
        for w in words:
            m = _STREET_HEAD.match(w.text) if w.tag == "LOC" else None
            if m and not self.lexicon.org_suffix(w.text)[0][1:] \
                    and not any(sfx.startswith(m.group("tail")) for sfx, _ in self.lexicon.org_suffixes):
                # only a one-character ending (院, 局), and no ending begun (某某社区联合 + 工会)
                cut = w.start + m.end("place")
                out.append(Word(m.group("place"), "LOC", w.start, cut))
                out.append(Word(m.group("tail"), "x", cut, w.end))
                continue
            out.append(w)
        return out

    def _split_inner_endings(self, words: list[Word]) -> list[Word]:
        """A word right after a body that runs past a business's ending (``建设发展公司某某团``):
        cut after the ending, so the subsidiary's name can end there."""
        out: list[Word] = []
        for w in words:
            if w.tag not in ("n", "vn", "nz") or not out or out[-1].tag != "ORG" or out[-1].end != w.start:
                out.append(w)
                continue
            for cut in range(len(w.text) - 2, 1, -1):
                suffix, kind = self.lexicon.org_suffix(w.text[:cut])
                if kind == "COMPANY" and len(suffix) >= 2:
                    out.extend(w.split(cut, "n", "x"))
                    break
            else:
                out.append(w)
        return out

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

    def _merge_split_suffixes(self, words: list[Word]) -> list[Word]:
        out: list[Word] = []
        tails = self._suffix_tails  # no ending across the two words unless w is the end of one
        for w in words:
            prev = out[-1] if out and w.text in tails else None
            if prev is not None and prev.end == w.start and len(w.text) <= 2 and prev.tag in _NAME_TAGS \
                    and self._ending_across(prev.text, w.text):
                out[-1] = Word(prev.text + w.text, "ORG" if prev.tag == "ORG" else "n", prev.start, w.end)
                continue
            out.append(w)
        return out

    def _split_body_titles(self, words: list[Word]) -> list[Word]:
        """A body's ending glued to a title (``市委书记`` -> 市委 + 书记), so the body can be named."""
        out: list[Word] = []
        for w in words:
            if len(w.text) < 3:  # too short for a body and a title
                out.append(w)
                continue
            if w.tag in ("n", "nz"):
                for size in range(min(self.lexicon.longest_title, len(w.text)), 0, -1):
                    head = w.text[:-size]
                    if w.text[-size:] in self.lexicon.title_set and self.lexicon.suffix_kind.get(head) in ("ORG", "UNION"):
                        # the body is a name (区委 of 区委常委 is the district's committee, a short form)
                        out.extend(w.split(len(head), "ORG", "n"))
                        break
                else:
                    out.append(w)
                continue
            if w.tag == "ORG" and len(w.text) >= 5:
                # 某某区委书记 as one name (a headline): the body, then its title
                title = self.lexicon.title_ending(w.text, shortest=2)
                head = w.text[: -len(title)] if title else ""
                if len(head) >= 3 and self.lexicon.org_suffix(head)[1] in ("ORG", "UNION"):
                    out.extend(w.split(len(head), "ORG", "n"))
                    continue
            if w.tag in ("v", "vn") and len(w.text) >= 5:
                # 调研 + 区总工会 as one word (a headline): a verb, then a body's short form
                for cut in range(2, len(w.text) - 2):
                    rest = w.text[cut:]
                    if rest[0] in "市区县" and self.lexicon.org_suffix(rest)[1] in ("ORG", "UNION") \
                            and len(rest) > len(self.lexicon.org_suffix(rest)[0]):
                        out.extend(w.split(cut, "v", "ORG"))
                        break
                else:
                    out.append(w)
                continue
            out.append(w)
        return out

    def _split_joined_bodies(self, words: list[Word]) -> list[Word]:
        out: list[Word] = []
        for w in words:
            if w.tag not in ("ORG", "LOC"):
                out.append(w)
                continue
            pieces = self._joined_pieces(w.text, w.tag, w.end - w.start)
            if len(pieces) == 1 and pieces[0] == (w.text, w.tag, 0, w.end - w.start):
                out.append(w)  # (the usual case: the word stays)
            else:
                out.extend(Word(text, tag, w.start + start, w.start + end) for text, tag, start, end in pieces)
        return out

    def _find_joined_pieces(self, text: str, tag: str, length: int) -> tuple[tuple[str, str, int, int], ...]:
        """``_split_joined_words`` of one word, as (text, tag, start, end) from the word's start: the
        pieces depend on the word's text and tag only."""
        return tuple((p.text, p.tag, p.start, p.end) for p in self._split_joined_words([Word(text, tag, 0, length)]))

    def _split_joined_words(self, words: list[Word]) -> list[Word]:
        """What _split_joined_bodies does, worked out word by word."""
        out: list[Word] = []
        for w in words:
            if w.tag not in ("ORG", "LOC"):
                out.append(w)
                continue
            lead = next((c for c in _LEADING_CONNECTIVES if w.text.startswith(c)), "") \
                if w.text.startswith(_LEADING_CONNECTIVES) else ""  # (one test first: most words have none)
            if lead:
                # 联合 + 区民政局: a connective LAC took as (the head of) a name
                rest = w.text[len(lead):]
                suffix = self.lexicon.org_suffix(rest)[0]
                if not rest:
                    out.append(Word(w.text, "c", w.start, w.end))
                    continue
                if suffix and len(rest) - len(suffix) >= 2:
                    out.append(Word(lead, "c", w.start, w.start + len(lead)))
                    out.append(Word(rest, w.tag, w.start + len(lead), w.end))
                    continue
            trail = next((c for c in _LEADING_CONNECTIVES if w.text.endswith(c)), "") \
                if w.text.endswith(_LEADING_CONNECTIVES) else ""
            body = w.text[: len(w.text) - len(trail)]
            if trail and self.lexicon.org_suffix(body)[0] and len(body) > len(self.lexicon.org_suffix(body)[0]):
                # 某某市总工会联合 + 市人社局: the connective after a body LAC took into its name
                out.append(Word(body, w.tag, w.start, w.start + len(body)))
                out.append(Word(trail, "c", w.start + len(body), w.end))
                continue
            cut = w.text.find("部") + 1
            if w.tag == "ORG" and cut >= 3 and w.text.endswith("司") and not w.text.endswith("公司") \
                    and len(w.text) - cut >= 3:
                # 财政部社会保障司: a ministry and its department; the department goes with the title
                out.extend(w.split(cut, "ORG", "n"))
                continue
            peeled = _peel_national_short_names(w)
            if peeled:
                # 人社部全总市场监管总局 (a headline listing bodies with no 、): one body after another
                out.extend(peeled)
                continue
            ministry = next((m for m in _STATE_MINISTRIES if w.text.endswith(m) and len(w.text) > len(m)), "") \
                if w.text.endswith(_STATE_MINISTRIES) else ""
            head = w.text[: len(w.text) - len(ministry)]
            if ministry and (head in ("全总",) or head.endswith("总工会")):
                # 全总人社部 (a headline without its 、): a union and a ministry, not the union's department
                out.extend(w.split(len(head), "ORG", "ORG"))
                continue
            pieces = [w]
            for p in range(2, len(w.text) - 2):
                head = w.text[:p]
                if not self.lexicon.org_suffix(head)[0]:
                    continue
                for conn in _CONNECTIVES:
                    rest = w.text[p + len(conn):]
                    rest_suffix = self.lexicon.org_suffix(rest)[0]
                    if w.text.startswith(conn, p) and rest_suffix \
                            and (len(rest) - len(rest_suffix) >= 2 or rest[0] in "市区县省镇乡" and len(rest) > len(rest_suffix)):
                        s = w.start
                        pieces = [
                            Word(head, "ORG", s, s + p),
                            Word(conn, "c", s + p, s + p + len(conn)),
                            Word(rest, "ORG", s + p + len(conn), w.end),
                        ]
                        break
                rest = w.text[p:]
                if len(pieces) == 1 and rest[0] in "市区县省" and 2 < len(rest) <= 5 \
                        and self.lexicon.org_suffix(rest)[1] == "ORG" and self.lexicon.org_suffix(head)[1] == "ORG":
                    pieces = [Word(head, "ORG", w.start, w.start + p), Word(rest, "ORG", w.start + p, w.end)]
                if len(pieces) > 1:
                    break
            out.extend(pieces)
        return out

    def _unglue(self, text: str, words: list[Word]) -> list[Word]:
        out: list[Word] = []
        for i, w in enumerate(words):
            nxt = text[w.end:w.end + 1]
            last = w.text[-1:]
            if w.tag == "ORG" and len(w.text) > 3 and last in _GLUED and nxt and nxt in _GLUED[last] \
                    and self.lexicon.org_suffix(w.text[:-1])[0]:
                out.append(Word(w.text[:-1], w.tag, w.start, w.end - 1))
                out.append(Word(last, "u", w.end - 1, w.end))
            else:
                out.append(w)
        return out

    def _split_place_compounds(self, words: list[Word]) -> list[Word]:
        out: list[Word] = []
        for w in words:
            if w.tag == "LOC" and not self.lexicon.is_known_place(w.text):
                parts, head = self._place_split(w.text)
                if parts and len(parts) > 1:
                    pos = w.start
                    for part in parts:
                        out.append(Word(part, "LOC", pos, pos + len(part)))
                        pos += len(part)
                    continue
                rest = w.text[len(head):]
                if head and 2 <= len(rest) <= 3 and _CJK.match(rest) and rest[-1] not in _FEATURE_ENDS:
                    # 深圳前海: a known city and a quarter of it no table lists; the city is the place
                    out.extend(w.split(len(head), "LOC", "n"))
                    continue
            out.append(w)
        return out

    def _find_place_split(self, text: str) -> tuple[list[str] | None, str]:
        """``_place_split(text)`` (remembered): ``(segment_places(text), _city_at_head(text))``."""
        return self.segment_places(text), self._city_at_head(text)

    def _city_at_head(self, text: str) -> str:
        for size in range(min(len(text) - 2, 6), 1, -1):
            if self.lexicon.place_kind(text[:size]) in ("province", "city"):
                return text[:size]
        return ""

    def _merge_place_fragments(self, words: list[Word]) -> list[Word]:
        """A one-character LOC cut from the place after it (上 + 塔坡村), unless that is a known place."""
        out: list[Word] = []
        for w in words:
            prev = out[-1] if out else None
            if prev is not None and prev.tag == "LOC" and len(prev.text) == 1 and w.tag == "LOC" \
                    and prev.end == w.start and not self.lexicon.is_known_place(w.text):
                out[-1] = Word(prev.text + w.text, "LOC", prev.start, w.end)
                continue
            out.append(w)
        return out

    def segment_places(self, text: str) -> list[str] | None:
        """``云南昆明`` -> [云南, 昆明] when the whole is a sequence of known places."""
        if not text:
            return []
        for size in range(min(len(text), 8), 1, -1):
            head = text[:size]
            if self.lexicon.is_known_place(head):
                rest = self.segment_places(text[size:])
                if rest is not None:
                    return [head] + rest
        return None

    def _join_dotted_names(self, text: str, words: list[Word]) -> list[Word]:
        """``道佩`` + ``·`` + ``阿伦`` -> one person. LAC often mistags one half of a transliterated
        name (``阿依古丽`` as ORG, ``买买提`` as a verb): the run joins when every part is a person, or
        when one part is a person or made of transliteration characters and at least half of all the
        characters are (a slogan like 税收·法治·公平 is not)."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            j = i
            while j + 2 < len(words) and words[j + 1].text in tuple(NAME_DOTS) \
                    and words[j + 1].start == words[j].end and words[j + 2].start == words[j + 1].end:
                j += 2
            parts = words[i : j + 1 : 2]
            joined = "".join(p.text for p in parts)
            if j > i and all(_CJK.match(p.text) and len(p.text) <= 6 for p in parts) \
                    and all(p.tag not in ("LOC", "TIME") for p in parts) \
                    and (all(p.tag == "PER" for p in parts)
                         or (any(self._name_like_part(p) for p in parts)
                             and 2 * sum(c in _TRANSLITERATION_CHARS for c in joined) >= len(joined))):
                out.append(Word(text[words[i].start:words[j].end], "PER", words[i].start, words[j].end))
                i = j + 1
                continue
            if words[i].tag == "PER" and _NAME_DOT.search(words[i].text) and i + 1 < len(words) \
                    and self._translit_tail(words[i], words[i + 1]):
                # 努尔兰·卡德尔 + 别克: the end of a transliterated name LAC cut off as a word of its own
                out.append(Word(words[i].text + words[i + 1].text, "PER", words[i].start, words[i + 1].end))
                i += 2
                continue
            out.append(words[i])
            i += 1
        return out

    @staticmethod
    def _translit_tail(name: Word, nxt: Word) -> bool:
        return nxt.start == name.end and nxt.tag not in ("v", "p", "c", "d", "u", "w", "m", "q") \
            and _CJK.match(nxt.text) is not None and len(nxt.text) <= 3 \
            and all(c in _TRANSLITERATION_CHARS for c in nxt.text)

    @staticmethod
    def _name_like_part(w: Word) -> bool:
        return w.tag == "PER" or (len(w.text) >= 2 and all(c in _TRANSLITERATION_CHARS for c in w.text))

    # -- candidates ---------------------------------------------------------------------------
    def sentence_candidates(self, doc: Doc, words: list[Word], text: str,
                            sentence: str) -> tuple[list[Candidate], list[Candidate]]:
        """Candidates and generic names among the ``words`` of ``sentence`` (a piece of ``text``)."""
        found: list[Candidate] = []
        generic: list[Candidate] = []
        byline = _BYLINE_NAME_WORD.search(sentence) is not None  # what _byline_name looks for
        # Words no rule below starts from (verbs, particles, marks …) are passed over in one sweep; in a
        # byline any word of two or three characters may be a name, so all are looked at there.
        starts = range(len(words)) if byline else [k for k, w in enumerate(words) if w.tag in _START_TAGS]
        resume = 0  # the words before this one are part of a name already found
        for i in starts:
            if i < resume:
                continue
            w = words[i]
            if w.tag == "n" and not byline and w.text not in _NOUNS_OF_NOTE and "公司" not in w.text \
                    and not (2 <= len(w.text) <= 3 and self._titled_name(words, i)):
                continue  # a common noun (the most frequent word): none of the rules below starts here
            if w.tag == "PER":
                person = self.person(text, w)
                if person:
                    found.append(person)
                continue
            if 2 <= len(w.text) <= 3 and (byline and self._byline_name(text, words, i)
                                          or w.tag in _TITLED_NAME_TAGS and self._titled_name(words, i)):
                found.append(Candidate(w.start, w.end, "PERSON"))
                continue
            if w.tag not in _CANDIDATE_TAGS:
                continue  # no rule below starts from such a word
            if w.tag == "ORG" and w.text == "全总":
                # the national federation's short name standing alone (kg_shortforms names it in full)
                found.append(Candidate(w.start, w.end, "UNION"))
                continue
            if w.tag == "n" and _is_generic_company_word(w.text):
                if self._bare_company_union_title(text, words, i):
                    # 公司工会主席王某 with no name before 公司: the company the article named before
                    generic.append(Candidate(w.start, w.end, "COMPANY"))
                    continue
                if self._bare_company_union(words, i):
                    # 集团工会将… with no name before: the union of the business the article named before
                    generic.append(Candidate(w.start, words[i + 1].end, "UNION"))
                    resume = i + 2
                    continue
            numbered = self._numbered_body(text, words, i) if w.tag == "m" else None
            if numbered is not None:  # 12345市民服务热线中心
                found.append(Candidate(w.start, words[numbered].end, "ORG"))
                resume = numbered + 1
                continue
            head = (w.tag in _HEAD_TAGS and len(w.text) >= 2) \
                or w.tag in _GENERIC_HEAD_TAGS and (w.text in _GENERIC_HEAD_WORDS or w.tag == "ORG") \
                and self._generic_head(words, i)
            end = self._org_run(text, words, i) if head else None
            if end is not None:
                start_char, end_char = w.start, words[end].end
                end_char = self._trim_department(text, start_char, end_char, words[end])
                end_char = self._trim_repeated_union(text, start_char, end_char)
                kind_head = _BUSINESS_KIND_HEAD.match(text, start_char, end_char)
                if kind_head and self.lexicon.org_suffix(text[kind_head.end():end_char])[1] == "COMPANY" \
                        and end_char - kind_head.end() >= 4:
                    start_char = kind_head.end()
                name = text[start_char:end_char]
                kind = self.type_org(name)
                if not kind and self.lexicon.org_suffix(name)[1] == "VENUE":
                    # 某某有限公司 + 劳模创新工作室: the business that hosts the venue is named
                    inside = _COMPANY_INSIDE.match(name)
                    if inside and inside.end() >= 4 and self.type_org(inside.group()) == "COMPANY":
                        end_char = start_char + inside.end()
                        name, kind = inside.group(), "COMPANY"
                if name.endswith(_SCHOOL_LEVELS) and text[end_char:end_char + 1] in _LEARN_AFTER:
                    kind = ""  # 比武中学到的经验: 中 + 学到 (learned in), no school
                if kind == "ORG":
                    end_char = self._extend_campus(text, start_char, end_char)
                if kind == "GENERIC" and self._company_union_title(text, name, end_char, generic=True):
                    # 该公司工会主席: the company named before, with 工会主席 as the title
                    generic.append(Candidate(start_char, end_char - 2, "COMPANY"))
                elif kind == "GENERIC":
                    generic.append(Candidate(start_char, end_char, self.type_org(name, generic=True)))
                elif kind == "PLACE_UNION":  # 北京市工会, 老挝工会: the unions of a place
                    found.append(Candidate(start_char, end_char - 2, "PLACE"))
                elif kind == "COMPANY" and not self.lexicon.org_suffix(name)[0] and not self._brand_ok(doc, words, i):
                    pass
                elif kind == "UNION" and self._company_union_title(text, name, end_char):
                    # X公司工会主席: the company, with 工会主席 as the title
                    found.append(Candidate(start_char, end_char - 2, "COMPANY"))
                elif kind:
                    found.append(Candidate(start_char, end_char, kind))
                resume = end + 1
                continue
            if w.tag in ("LOC", "ORG", "ns"):
                place = self.place(text, words, i)
                if place:
                    found.append(place)
                    resume = i + (1 if place.end == w.end else 2)
                    continue
        return found, generic

    def _numbered_body(self, text: str, words: list[Word], i: int) -> int | None:
        """A service named by its phone number (``12345`` + 市民服务热线中心): index of the last
        word of a body name that starts with a bare number of five or more digits."""
        w = words[i]
        if w.tag != "m" or not (w.text.isascii() and w.text.isdigit()) or len(w.text) < 5:
            return None
        last = None
        for k in range(i + 1, len(words)):
            x = words[k]
            if x.start != words[k - 1].end or x.tag not in ("n", "v", "vn", "nz") or x.end - w.start > 16:
                break
            if self.lexicon.org_suffix(text[w.start:x.end])[1] == "ORG":
                last = k
        return last

    def _generic_head(self, words: list[Word], i: int) -> bool:
        """A generic word that may start a short form: 市总工会, 该街道总工会, 区人社局."""
        w = words[i]
        if not (w.tag == "n" and w.text in _PARTY_COMMITTEES  # 市委 + 常委
                or w.tag in _GENERIC_HEAD_TAGS and w.text in _GENERIC_HEADS
                or w.tag == "ORG" and self.lexicon.strip_generic(w.text) != w.text):
            return False
        prev = words[i - 1] if i > 0 else None
        # 两市工会, 各区总工会: several bodies
        return not (prev is not None and prev.end == w.start and prev.tag in ("m", "r") and prev.text != "该")

    def _is_cont(self, w: Word) -> bool:
        if w.text in _STOP_NOUNS or self.lexicon.is_title(w.text):
            return False
        if w.tag in _CONT_TAGS:
            return True
        suffix, _ = self.lexicon.org_suffix("X" + w.text)
        return bool(suffix) and w.tag in ("m", "v", "vn", "s", "a") and len(w.text) >= 1 and w.text.endswith(suffix)

    def _org_run(self, text: str, words: list[Word], i: int) -> int | None:
        """Index of the last word of the organization name starting at word ``i``, or None."""
        last_ok = None
        k = i
        while k < len(words):
            w = words[k]
            if k > i:
                if w.start != words[k - 1].end:
                    break
                if w.text in _OPEN_BRACKETS:
                    # a short parenthesized part right after a name: 网易集团（北京）
                    close = self._bracket_close(words, k)
                    if close is None:
                        break
                    if last_ok == k - 1:
                        last_ok = close
                    elif close + 1 >= len(words) or words[close + 1].start != words[close].end \
                            or not self._is_cont(words[close + 1]):
                        break  # inside a name (某某工业（国防）工会) only when the name goes on
                    k = close + 1
                    continue
                if not self._is_cont(w) and not self._verb_noun_in_name(words, k):
                    break
                if w.text in _STATE_MINISTRIES or w.text == "全总":
                    break  # a ministry is a body of its own, never the end of another name
                title = self.lexicon.title_at(text, w.start)
                if title and len(title) >= len(w.text):
                    break  # 党委 + 副书记: a title starts here
                if w.text[0] in "市区县省" and self.lexicon.org_suffix(w.text)[0] \
                        and self.lexicon.org_suffix(text[words[i].start:words[k - 1].end])[0]:
                    break  # 丰台区委 | 区政府: a second body in its short form
            if self._ends_name(text, words, i, k):
                venue = self.lexicon.org_suffix(text[words[i].start:words[k].end])[1] == "VENUE"
                # 中建一局 + 项目: a body's site is not part of its name (but 某某医药 + 园 is a venue)
                if not (venue and last_ok is not None
                        and self.lexicon.org_suffix(text[words[i].start:words[last_ok].end])[0]):
                    last_ok = k
            k += 1
        return last_ok

    def _verb_noun_in_name(self, words: list[Word], k: int) -> bool:
        """A verbal noun inside a name right before its ending: 培训 + 中心, 监测 + 中心."""
        w = words[k]
        if w.tag != "vn" or k + 1 >= len(words) or words[k + 1].start != w.end:
            return False
        nxt = words[k + 1]
        return nxt.tag in ("n", "vn") and bool(self.lexicon.org_suffix("X" + nxt.text)[0])

    def _bracket_close(self, words: list[Word], k: int) -> int | None:
        """Closing bracket of a short parenthesized part (``（北京）``, ``（总部）``) opened at ``k``."""
        for j in range(k + 1, min(k + 5, len(words))):
            if words[j].text in _CLOSE_BRACKETS:
                inner = "".join(x.text for x in words[k + 1:j])
                if 1 <= len(inner) <= 8 and _CJK.match(inner) and inner not in ("以下简称",) \
                        and not inner.startswith(("以下", "简称", "下称")):
                    return j
                return None
        return None

    def _ends_name(self, text: str, words: list[Word], i: int, k: int) -> bool:
        name = text[words[i].start:words[k].end]
        if self.lexicon.org_suffix(name)[0]:
            return True
        return words[k].tag == "ORG"

    @staticmethod
    def _extend_campus(text: str, start: int, end: int) -> int:
        """A school's name goes on over its campus or branch: 某某中学 + 某某校区."""
        if not text[start:end].endswith(_SCHOOL_ENDINGS):
            return end
        m = _CAMPUS.match(text[end:end + 6])
        return end + m.end() if m else end

    def _trim_repeated_union(self, text: str, start: int, end: int) -> int:
        """``X工会联合会工会`` (LAC glued the next word's 工会) -> ``X工会联合会``."""
        name = text[start:end]
        if name.endswith("工会") and name[:-2].endswith(("工会联合会", "总工会", "联合工会")):
            return end - 2
        return end

    def _company_union_title(self, text: str, name: str, end: int, *, generic: bool = False) -> bool:
        if not name.endswith("工会") or name.endswith(("总工会", "联合工会")):
            return False
        body = name[:-2]
        if generic:
            if not body.endswith(_GENERIC_COMPANY_WORDS) and not _ORDINAL_BRANCH.search(body):
                return False
        elif self.lexicon.org_suffix(body)[1] != "COMPANY" and not _ORDINAL_BUREAU.search(body):
            return False
        return self.lexicon.title_at(text, end) in ("主席", "副主席", "常务副主席")

    @staticmethod
    def _bare_company_union(words: list[Word], i: int) -> bool:
        """``公司`` / ``集团`` + ``工会`` standing alone, nothing name-like glued before it."""
        w = words[i]
        if w.tag != "n" or not _is_generic_company_word(w.text) or i + 1 >= len(words):
            return False
        if i > 0 and words[i - 1].end == w.start and words[i - 1].tag not in ("w", "p", "c", "d", "u", "TIME"):
            return False
        nxt = words[i + 1]
        return nxt.text == "工会" and nxt.start == w.end

    def _bare_company_union_title(self, text: str, words: list[Word], i: int) -> bool:
        """``公司`` + ``工会`` + a union title, or ``公司`` + titles (养护中心主任) right before a
        name, nothing name-like glued before ``公司``."""
        w = words[i]
        if w.tag != "n" or not _is_generic_company_word(w.text) or i + 1 >= len(words):
            return False
        glued_ok = ("w", "p", "c", "v", "d", "u") if w.text == "公司" else ("w", "p", "c", "d", "u")
        if i > 0 and words[i - 1].end == w.start and words[i - 1].tag not in glued_ok:
            return False  # 某某 + 集团: a group named in full (LAC may read its last word as a verb)
        nxt = words[i + 1]
        if nxt.text == "工会" and nxt.start == w.end:
            return self._company_union_title(text, text[w.start:nxt.end], nxt.end, generic=True)
        # a list of titles may run long (党委副书记、工会主席): look on to the name within the clause
        name = next((x for x in words[i + 1:i + 12] if x.tag == "PER"), None)
        if name is None:
            return False
        between = text[w.end:name.start]
        if any(c in "，。；：！？,;:!?\n" for c in between):
            return False
        titles = load_titles()
        return bool(between) and (titles.titles_full.fullmatch(between) or titles.suborg_titles.fullmatch(between)) is not None

    def _brand_ok(self, doc: Doc, words: list[Word], i: int) -> bool:
        """A business name LAC found without any known ending (京东, 北汽新能源): not in a
        headline-like line (slogans), and not the end of a person's name LAC split (常|洪霞)."""
        w = words[i]
        text = doc_text(doc)
        line_start = text.rfind("\n", 0, w.start) + 1
        line_end = text.find("\n", w.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if not any(p in line for p in "，。、：；"):
            return False
        if text.startswith(_PRODUCT_WORDS, w.end):
            return False  # 某某会议 / 某某小程序: an online product named after the brand, not the business
        return not any(p.endswith(w.text) and p != w.text for p in self._lac_persons)

    def _trim_department(self, text: str, start: int, end: int, last: Word) -> int:
        name = text[start:end]
        # a business's department (X集团税务服务部) is not a body of its own: keep the business
        suffix, kind = self.lexicon.org_suffix(name)
        if kind == "ORG" and suffix in _DEPARTMENT_SUFFIXES:
            m = _COMPANY_INSIDE.search(name[: -len(suffix)])
            if m and m.end() < len(name) - len(suffix):
                return start + m.end()
        if self.lexicon.org_suffix(name)[0] or last.tag != "ORG" or name.endswith(_UNION_CENTRE_END):
            return end
        m = _DEPARTMENT_TAIL.search(name)
        if m and m.start() > 0 and self.lexicon.org_suffix(name[: m.start()])[0]:
            return start + m.start()
        # LAC ran a body into the next word (…联合会签署, …工会制作): cut after its ending
        for cut in (len(name) - 1, len(name) - 2):
            suffix, kind = self.lexicon.org_suffix(name[:cut])
            if suffix and kind != "VENUE" and len(suffix) >= 2:
                return start + cut
        return end

    def _type_org(self, name: str, *, generic: bool = False) -> str:
        """``type_org`` (remembered): UNION | COMPANY | ORG | PLACE for an organization-like name;
        ``GENERIC`` for a name of no particular body (该街道总工会); ``""`` when not an entity (venues, junk)."""
        bracket = _TRAILING_BRACKET.search(name)
        if bracket and _PROJECT_PHASE.fullmatch(bracket.group()[1:-1]):
            return ""  # 某某服务中心（一期）: a building project, not a body
        name = _TRAILING_BRACKET.sub("", name)  # 网易集团（北京） is typed as 网易集团
        suffix, kind = self.lexicon.org_suffix(name)
        if kind == "VENUE":
            return ""
        if not suffix and len(name) >= 2 and self.lexicon.is_place(name):
            return "PLACE"  # not a lone 镇 / 区
        body = name[: -len(suffix)] if suffix else name
        if self.lexicon.is_abbreviated_places(body):
            return ""
        if suffix == "工会" and not generic:
            place_kind = self.lexicon.place_kind(body)
            if place_kind in ("country", "province", "city", "district", "region", "foreign_city") \
                    or place_kind == "other" and body.endswith("市"):
                return "PLACE_UNION"
        if not generic:
            if body == "全国" and kind == "ORG":
                return "ORG"  # 全国人大常委会, 全国政协: the one national body of its kind, not a short form
            if not self.lexicon.strip_generic(body):
                return "GENERIC" if suffix else ""
            if body.endswith(_PLURAL_MARKERS):
                return ""
        if kind == "UNION" or suffix == "委员会" and "工会" in body:
            return "UNION"  # 中国某某工会北京市委员会: a union's committee for a place
        if kind == "COMPANY" or _ORDINAL_BUREAU.search(name):
            return "COMPANY"
        if kind == "ORG":
            return "ORG"
        if _INTERNATIONAL_ORG.fullmatch(name):
            return "ORG"  # 国际某某组织, 世界某某组织: an intergovernmental body, no business
        # LAC's ORG with no known ending: a brand-like business name, unless it is junk.
        if generic or len(name) < 2 or not _CJK.match(name) or name.endswith(_ABSTRACT_END):
            return ""
        if name.endswith(_NEWS_CREDITS):
            return ""  # 某某网讯, 某某报讯: an outlet's credit line, not a mention of a body
        stripped = self.lexicon.strip_generic(name)
        if stripped != name or self.lexicon.title_at(name, 0):
            return ""
        if name.endswith(_UNION_CENTRE_END) and len(name) > len(_UNION_CENTRE_END) + 1 \
                and not name[: -len(_UNION_CENTRE_END)].endswith(_PLURAL_MARKERS):
            return "UNION"  # 某国中央工会组织 (joined by _join_union_organization)
        if any(u in name for u in ("总工会", "工会联合会", "联合工会")):
            return ""  # a union's name inside: bodies LAC ran together, no business
        if any(name.endswith(p) and len(p) >= 2 for p in self._place_tails(name)):
            return ""  # 中共北京 | 市委书记: a body cut before its ending
        # a place followed by generic words only: 海淀区职工
        for size in range(len(name) - 1, 1, -1):
            if self.lexicon.is_place(name[:size]):
                if not self.lexicon.strip_generic(name[size:]):
                    return ""
                break
        if len(name) > _LONGEST_BARE_BRAND:
            return ""  # a longer run with no ending is a slogan or a cut name, not a brand
        return "COMPANY"

    def _place_tails(self, name: str) -> list[str]:
        """Province- or city-level places (or countries) that ``name`` ends with."""
        return [name[i:] for i in range(1, len(name) - 1)
                if self.lexicon.place_kind(name[i:]) in ("country", "province", "city", "region")]

    def person(self, text: str, w: Word) -> Candidate | None:
        name, start, end = w.text, w.start, w.end
        title = self.lexicon.title_at(name, 0)
        if title and len(name) - len(title) >= 2:
            start += len(title)
            name = name[len(title):]
        t = self.lexicon.title_ending(name[1:])  # the longest title ending the name, not all of it
        if t:
            name = name[: -len(t)]
            end -= len(t)
        if len(name) >= 3 and name[-1] in _LEADS and _GROUP_AFTER.match(text, end):
            # 何某率代表团: LAC glues the verb 率 ("leads") to the name before the delegation
            name, end = name[:-1], end - 1
        if _NAME_DOT.search(name):
            before = text[start - 1:start] if start else ""
            after = text[end:end + 1]
            parts = re.split(f"[{NAME_DOTS}]", name)
            if (before and before in NAME_DOTS) or (after and after in NAME_DOTS) or not all(parts):
                return None
            if not all(_CJK.match(p) for p in parts):
                return None
            return Candidate(start, end, "PERSON")
        if not _CJK.match(name) or not 2 <= len(name) <= 6:
            return None
        if name in _NEVER_NAMES:
            return None  # 双方表示: 双 is a family name, 双方 is "both sides"
        if name.endswith(_HONORIFICS) and len(name) - max(len(h) for h in _HONORIFICS if name.endswith(h)) == 1:
            return None  # 郭师傅, 王老师: a family name and a form of address, not a name
        # Chinese names are 2-4 characters after a family name; LAC's other PER words are mostly
        # transliterated foreign names (克林顿, 内塔尼亚胡), kept unless they read as a title or phrase.
        if self.lexicon.contains_title(name, shortest=2):
            return None  # 毛主席身边: a title inside is a phrase, not a name
        if not self.lexicon.has_surname(name) or len(name) > 4:
            if not set(name) <= _TRANSLITERATION_CHARS:
                return None
        return Candidate(start, end, "PERSON")

    def _titled_name(self, words: list[Word], i: int) -> bool:
        """A name LAC took for a common word right after a title: 主席 + 高峰 + 出席."""
        w = words[i]
        if w.tag not in _TITLED_NAME_TAGS or not 2 <= len(w.text) <= 3 or i == 0:
            return False
        prev = words[i - 1]  # the title, checked first: it rules out most words
        if prev.end != w.start or not self.lexicon.is_title(prev.text):
            return False
        if not _CJK.match(w.text) or not self.lexicon.has_surname(w.text) or w.text in _STOP_NOUNS \
                or w.text in _NEVER_NAMES or w.text[-1] in _PERSON_NOUN_ENDS or not self.lexicon.strip_generic(w.text):
            return False
        nxt = words[i + 1] if i + 1 < len(words) else None
        return nxt is None or nxt.start != w.end or nxt.tag in ("v", "w", "p", "c", "d") or nxt.text in _CLAUSE_MARKS

    def _byline_name(self, text: str, words: list[Word], i: int) -> bool:
        """A name LAC left untagged right after 记者 / 通讯员 in a byline."""
        w = words[i]
        if w.tag in ("PER", "LOC", "ORG") or not 2 <= len(w.text) <= 3:
            return False
        j = i - 1
        while j >= 0 and not words[j].text.strip():
            j -= 1
        if j < 0 or words[j].text not in _BYLINE_WORDS[:2] or not _CJK.match(w.text):
            return False
        nxt = text[w.end:w.end + 1]
        return self.lexicon.has_surname(w.text) and (not nxt or not _NAME_CHAR.match(nxt) or nxt in "摄通记")

    def place(self, text: str, words: list[Word], i: int) -> Candidate | None:
        w = words[i]
        name = w.text
        if len(name) < 2 or not _CJK.match(name):
            return None
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is not None and nxt.start == w.end and nxt.text in _DIVISION_WORDS \
                and not self.lexicon.org_suffix(name)[0]:
            return Candidate(w.start, nxt.end, "PLACE")
        if self.lexicon.org_suffix(name)[1] == "VENUE":
            return None
        if name.endswith("地区") and name[:-2] in self.lexicon.regions:
            return Candidate(w.start, w.end, "PLACE", name=name[:-2])
        kind = self.lexicon.place_kind(name)
        if not kind:
            # LAC's LOC words outside the lexicons: foreign cities, continents, regions (耶路撒冷, 东南亚)
            if w.tag != "LOC" or self.lexicon.org_suffix(name)[0] or name.endswith(_NOT_ADMINISTRATIVE_END) \
                    or self.lexicon.is_abbreviated_places(name):  # 京港澳: several places
                return None
            if not name.endswith(self.lexicon.natural_place_endings) and not set(name) <= _TRANSLITERATION_CHARS:
                return None  # roads, projects, slogans LAC calls places (某某路二期, 美丽乡村)
            return Candidate(w.start, w.end, "PLACE")
        if kind == "other" and w.tag != "LOC":
            return None
        return Candidate(w.start, w.end, "PLACE")

    def add_byline_names(self, doc: Doc, candidates: list[Candidate]) -> None:
        """Names in bylines that LAC cut or left untagged: （记者 于佳）, 通讯员 石祎 摄."""
        taken = [(c.start, c.end) for c in candidates if c.label == "PERSON"]
        for m in _BYLINE.finditer(doc_text(doc)):
            start, end = m.span("name")
            if not self.lexicon.has_surname(m.group("name")):
                continue
            if any(a <= start and end <= b for a, b in taken):
                continue
            candidates[:] = [c for c in candidates if not (c.start < end and start < c.end)]
            candidates.append(Candidate(start, end, "PERSON"))

    def add_foreign_cities(self, doc: Doc, words: list[Word], candidates: list[Candidate]) -> None:
        """A foreign city that is also a common word (万象) counts where its country is named."""
        taken = [(c.start, c.end) for c in candidates]
        text = doc_text(doc)
        cities = self.lexicon.foreign_cities
        for w in [w for w in words if w.text in cities]:  # (one sweep: few words are such cities)
            country = cities[w.text]
            if w.tag not in ("n", "nz", "ns", "LOC") or country not in text:
                continue
            if any(a < w.end and w.start < b for a, b in taken):
                continue
            candidates.append(Candidate(w.start, w.end, "PLACE"))

    def nested_places(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """District-level places printed at the head of a body's name (东城区 in 东城区…总工会);
        ``ents``: ``doc.ents``."""
        out = []
        doc_chars = doc_text(doc)
        for ent in ents:
            if ent.label_ not in ("UNION", "COMPANY", "ORG"):
                continue
            text = doc_chars[ent.start_char:ent.end_char]
            offset = 0
            for size in range(min(len(text) - 1, 8), 1, -1):  # skip a leading province/city
                d = self.lexicon.divisions.get(text[:size])
                if d is not None and d.level in ("province", "city"):
                    offset = size
                    break
            for size in range(min(len(text) - offset - 1, 8), 1, -1):
                d = self.lexicon.divisions.get(text[offset:offset + size])
                if d is not None and d.level == "district":
                    span = doc.char_span(ent.start_char + offset, ent.start_char + offset + size, label="PLACE")
                    if span is not None:
                        out.append(span)
                    break
        return out


def _dir(lexicon_dir: str):
    from pathlib import Path

    return Path(lexicon_dir) if lexicon_dir else LEXICON_DIR


@Language.factory(
    "kg_entity_rules",
    requires=["doc._.lac"],
    assigns=["doc.ents", "span._.name", "doc.spans"],
    default_config={"lexicon_dir": ""},
)
def make_entity_rules(nlp: Language, name: str, *, lexicon_dir: str) -> EntityRules:
    return EntityRules(nlp, name, lexicon_dir=lexicon_dir)
