"""Dates printed in an article's text, and what they mean against the page's date.

Plain functions, no spaCy: :func:`find_date_phrase` finds the first date phrase in the text's lede
(as printed), :func:`resolve_date_phrase` turns it into an ISO date given the publication date.

Forms, and what they resolve to (page date 2023-04-25, a Tuesday):

=====================  ===========================================================  ==========
printed                 resolves to                                                  precision
=====================  ===========================================================  ==========
2023年4月25日, 2023-4-25  that day (needs no page date)                                day
2023年4月                the month's first day (needs no page date)                   month
4月23日                  the page's year; the year before when the month lies after    day
                        the page's month (12月30日 on a January page)
23日                     the page's month                                             day
今年5月 / 去年5月         the page's year (or the one before), the month's first day   month
今年5月3日 / 去年5月3日    that day of the page's year (or the one before)              day
昨天 昨日 / 前天 / 今天     the page date less one / two / zero days                     day
上周五 (上星期五)          that weekday of the week before the page's (weeks from Monday)  day
近日 / 日前               the page date: the event lies on or shortly before it         around
=====================  ===========================================================  ==========

A form that needs the page's date stays unresolved on an undated page, and so does a day that
does not exist (2月30日): nothing is guessed. Chinese numerals (四月二十三日) are not read.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from unionkg.pipelines.read.dates import calendar_day, parse_iso

# How exact an event's ISO date is; ARTICLE: the text gives none, the event takes its article's date.
DAY, MONTH, AROUND, ARTICLE = "day", "month", "around", "article"
_LEDE_CHARS = 80  # the lede: the first sentence, or this many characters when it is shorter

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# One alternation, longest forms first, so the first match in the text is the whole phrase.
_PHRASE_RE = re.compile(
    r"(?P<full>(?<!\d)(?P<fy>(?:19|20)\d\d)年(?P<fm>\d{1,2})月(?:(?P<fd>\d{1,2})[日号])?)"
    r"|(?P<iso>(?<!\d)(?P<iy>(?:19|20)\d\d)-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d))"
    r"|(?P<rel_year>(?P<which>今年|去年)(?P<rm>\d{1,2})月(?:(?P<rd>\d{1,2})[日号])?)"
    r"|(?P<md>(?<![\d年])(?P<mm>\d{1,2})月(?P<md_d>\d{1,2})[日号])"
    r"|(?P<d>(?<![\d月年])(?P<dd>\d{1,2})日(?![前后内起以]))"
    r"|(?P<week>上(?:个)?(?:周|星期)(?P<wd>[一二三四五六日天]))"
    r"|(?P<days_ago>昨天|昨日|前天(?!津)|今天)"
    r"|(?P<around>近日|(?<![节生假作末期次当今昨明前某个数两几十百\d])日前)"
)
_DAYS_AGO = {"昨天": 1, "昨日": 1, "前天": 2, "今天": 0}
# 记者昨天从…获悉 / 记者近日了解到: when the reporter learned it, not when it happened.
_REPORTER_LEARNED_RE = re.compile(r"^(?:从|在|获悉|了解到|采访)")
# A plan or a deadline, not the event: 预计2017年12月通车, 计划于5月底, 截至3月31日
_PLAN_BEFORE_RE = re.compile(r"(?:预计|计划|将于|将在|将|拟于|拟|力争|争取|截至|截止|到)$")


def find_date_phrase(text: str, start: int = 0, end: int | None = None) -> str:
    """The first date phrase of ``text[start:end]`` as printed ("" when there is none); one the
    reporter learned something on (``记者昨天从…获悉``) and a plan's or deadline's (``预计2017年12月``,
    ``截至3月31日``) are skipped."""
    end = len(text) if end is None else end
    for m in _PHRASE_RE.finditer(text, start, end):
        if text[max(0, m.start() - 2):m.start()] == "记者" and _REPORTER_LEARNED_RE.match(text[m.end():m.end() + 3]):
            continue
        if _PLAN_BEFORE_RE.search(text[max(0, m.start() - 3):m.start()]):
            continue
        return m.group(0)
    return ""


def lede_date_phrase(text: str) -> str:
    """The date phrase of an article's lede (its first sentence, at least the first 80 characters):
    where a news report says when its event happened."""
    ends = [i for i in (text.find(c) for c in "。\n") if i > 0]
    return find_date_phrase(text, 0, max(min(ends or [len(text)]), _LEDE_CHARS))


def names_calendar_day(phrase: str) -> bool:
    """Whether ``phrase`` names a month and day by itself (4月23日, 2023年4月25日), as opposed to
    one that means nothing without the page's date (近日, 昨天, 23日)."""
    m = _PHRASE_RE.fullmatch(phrase or "")
    return bool(m and (m.group("md") or m.group("iso") or (m.group("full") and m.group("fd"))))


def date_events(page) -> None:
    """Date the articles and events of a :class:`~unionkg.graph.records.PageRecord` whose ``date``
    is set (or left undated): each article takes the page's date; each event the date its printed
    phrase resolves to, else its article's (precision ``article``). On an undated page an event
    keeps only a printed calendar day (4月23日): 近日 or 昨天 say nothing without the page's date."""
    for article in page.articles:
        article.date = page.date
        for event in article.events:
            iso, precision = resolve_date_phrase(event.date, article.date)
            if not iso and article.date:
                iso, precision = article.date, ARTICLE
            event.iso_date, event.date_precision = iso, precision
            if not article.date and not iso and not names_calendar_day(event.date):
                event.date = ""


def resolve_date_phrase(phrase: str, page_date: str = "") -> tuple[str, str]:
    """(ISO date, precision) of a printed date ``phrase`` against the ``page_date`` (ISO, "" when
    the page is undated); ("", "") when it cannot be resolved. See the module docstring."""
    iso, precision = _resolve(phrase, page_date)
    return (iso, precision) if iso else ("", "")


def _resolve(phrase: str, page_date: str) -> tuple[str, str]:
    m = _PHRASE_RE.fullmatch(phrase or "")
    if m is None:
        return "", ""
    page = parse_iso(page_date)
    if m.group("full"):
        if m.group("fd"):
            return _iso(calendar_day(int(m.group("fy")), int(m.group("fm")), int(m.group("fd")))), DAY
        return _iso(calendar_day(int(m.group("fy")), int(m.group("fm")), 1)), MONTH
    if m.group("iso"):
        return _iso(calendar_day(int(m.group("iy")), int(m.group("im")), int(m.group("id")))), DAY
    if page is None:
        return "", ""
    if m.group("rel_year"):
        year = page.year - (1 if m.group("which") == "去年" else 0)
        if m.group("rd"):
            return _iso(calendar_day(year, int(m.group("rm")), int(m.group("rd")))), DAY
        return _iso(calendar_day(year, int(m.group("rm")), 1)), MONTH
    if m.group("md"):
        month = int(m.group("mm"))
        year = page.year - 1 if month > page.month else page.year
        return _iso(calendar_day(year, month, int(m.group("md_d")))), DAY
    if m.group("d"):
        return _iso(calendar_day(page.year, page.month, int(m.group("dd")))), DAY
    if m.group("week"):
        monday = page - timedelta(days=page.weekday())
        return (monday - timedelta(days=7 - _WEEKDAYS[m.group("wd")])).isoformat(), DAY
    if m.group("days_ago"):
        return (page - timedelta(days=_DAYS_AGO[m.group("days_ago")])).isoformat(), DAY
    return page.isoformat(), AROUND


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""

