"""Resolution: extraction records of all pages -> one :class:`~unionkg.graph.corpus.Corpus` with stable ids.

Rules, in order:
1. Names go through the user's alias file (``alias<TAB>canonical[<TAB>LABEL]``, ``#`` comments).
2. One label per organization/place name: the alias file's label if given, else the majority of its
   mentions; ties go to the more specific kind (UNION > COMPANY > ORG > PLACE), because a body
   seen once as a union is a union even where NER only saw "some organization". People are never
   merged with bodies of the same name.
3. Companies whose names are equal after stripping generic company suffixes (京东 / 京东公司 /
   京东集团) are one company named by the fullest form; the same for their unions (X公司工会); a
   trailing parenthesized part is kept in the key (某某集团（北京）工会 = 某某（北京）工会).
4. One name in several articles is one person only when something corroborates it: a role at the
   same body, the same title (记者 counts), or a shared co-mentioned body that is not generic (not
   the national/home-city federation, not named in most articles). Otherwise the people are kept
   apart (``person/王伟``, ``person/王伟-2`` in input order) and listed in ``Corpus.homonyms``.
5. Memberships are unique per (person, org, title) with all their evidence; a title without a body
   is dropped when the same person holds that title at a named body.
Every merge is written to ``Corpus.merges`` with its reason. Output order is deterministic.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from unionkg.data.readers import division_parents, home_divisions
from unionkg.pipelines.settings import Settings
from unionkg.graph.corpus import Article, Corpus, Entity, Event, Membership, Merge, Structure
from unionkg.graph.io import gc_paused
from unionkg.graph.records import (
    COMPANY,
    ENTITY_LABELS,
    ORG,
    ORGANIZATION_LABELS,
    PERSON,
    PLACE,
    REPORTER_ROLES,
    UNION,
    ArticleRecord,
    Evidence,
    PageRecord,
)

# Generic company endings, longest first (stripped repeatedly: 京东集团有限公司 -> 京东).
COMPANY_SUFFIXES = (
    "集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司",
    "集团公司", "控股集团", "股份公司", "集团", "公司",
)
UNION_ENDING = "工会"
SPECIFICITY = (UNION, COMPANY, ORG, PLACE)  # most specific first
_UNION_ENDINGS = ("总工会", "工会联合会", "联合工会", "工会", "工联会")
_COMPANY_ENDINGS = ("公司", "集团", "银行", "煤矿", "厂")
_PLACE_ENDINGS = ("省", "市", "区", "县", "镇", "乡", "街道", "村", "社区", "自治区", "自治州")
_PLACE_LEVELS = ("省", "市")  # 北京/北京市; districts (朝阳区/朝阳县) are ambiguous without it
_GOVERNMENT = re.compile(r"人民政府(?=$|办公室|办)")
_TRAILING_BRACKET = re.compile(r"[（(](?P<inner>[^（()）]+)[）)]$")


# -- alias file ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AliasEntry:
    alias: str
    canonical: str
    label: str = ""  # forced label of the canonical entity, "" for none


def load_aliases(path: Path | str | None) -> list[AliasEntry]:
    """Entries of an alias file; an absent file or ``None`` gives none. Bad lines are skipped."""
    if path is None or not Path(path).exists():
        return []
    entries = []
    for raw in Path(path).read_text("utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1] or parts[0] == parts[1]:
            continue
        label = parts[2].upper() if len(parts) > 2 and parts[2].upper() in ENTITY_LABELS else ""
        entries.append(AliasEntry(parts[0], parts[1], label))
    return entries


# -- name rules ---------------------------------------------------------------------------------
def company_key(name: str) -> str:
    """京东集团有限公司 -> 京东; the name itself when no generic ending is left to strip.
    A trailing parenthesized part is kept, in full-width brackets: 某某集团(北京) -> 某某（北京）."""
    m = _TRAILING_BRACKET.search(name)
    if m and m.start() >= 2:
        return company_key(name[: m.start()]) + "（" + m.group("inner") + "）"
    key = name
    changed = True
    while changed:
        changed = False
        for suffix in COMPANY_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                key = key[: -len(suffix)]
                changed = True
                break
    return key


_PLACE_HEAD = re.compile(r"^(?:[\u4e00-\u9fff]{2,7}?[省市区县])*")


def abbreviates(short: str, full: str) -> bool:
    """``short`` is the usual short form of the body ``full``: 某某市人社局 / 某某市人力资源和社会保障局,
    某某区卫健委 / 某某区卫生健康委员会 (same place head, same first and last character of the body,
    the short body's characters in order in the full one)."""
    head = _PLACE_HEAD.match(short).group(0)
    if not head or not full.startswith(head):
        return False
    body, full_body = short[len(head):], full[len(head):]
    if body.endswith("委") and full_body.endswith("委员会"):
        full_body = full_body[:-2]
    if len(body) < 3 or len(full_body) <= len(body) or body[0] != full_body[0] or body[-1] != full_body[-1]:
        return False
    chars = iter(full_body)
    return all(ch in chars for ch in body)


def union_key(name: str) -> str:
    """X集团有限公司工会 / X公司工会 / X工会 -> X工会; federations (总工会) keep their name."""
    if not name.endswith(UNION_ENDING) or name.endswith("总工会"):
        return name
    return company_key(name[: -len(UNION_ENDING)]) + UNION_ENDING


def place_key(name: str) -> str:
    """北京市 / 北京 -> 北京: a place written with or without its level ending."""
    for suffix in _PLACE_LEVELS:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def guess_label(name: str) -> str:
    if name.endswith(_UNION_ENDINGS):
        return UNION
    if name.endswith(_COMPANY_ENDINGS):
        return COMPANY
    if name.endswith(_PLACE_ENDINGS) and len(name) <= 8:
        return PLACE
    return ORG


def entity_id(label: str, name: str) -> str:
    return f"{label.lower()}/{name}"


def _ev_key(ev: Evidence) -> tuple:
    return (ev.page_id, ev.src_start, ev.src_end, ev.exact)


def _mention_evidence(a: ArticleRecord, m) -> Evidence:
    return Evidence(a.page_id, a.source, m.src_start, m.src_end, m.text, m.sentence, a.headline)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass
class _Occurrence:
    """One person name in one article, with what can corroborate identity across articles."""

    article: str
    name: str
    page: str
    surfaces: set
    title_orgs: dict  # title -> set of org names ("" for none)
    orgs: set  # co-mentioned bodies
    cited: bool = False  # named as a leader whose words or thought are cited (…重要讲话, …思想)


# -- resolution ---------------------------------------------------------------------------------
def resolve(pages: list[PageRecord], settings: Settings) -> Corpus:
    """All pages' records -> one corpus with stable ids (see the module docstring for the rules)."""
    with gc_paused():  # 10^5 small records and sets: no cycles for the collector to look for
        return _Resolver(settings).run(pages)


class _Resolver:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.alias_entries = load_aliases(settings.aliases_file)
        self.alias = {e.alias: e.canonical for e in self.alias_entries}
        self.forced_label = {e.canonical: e.label for e in self.alias_entries if e.label}
        self.merges: list[Merge] = []
        self._body_ids: dict[tuple[str, str], str | None] = {}

    def canon(self, name: str) -> str:
        seen = set()
        while name in self.alias and name not in seen:  # follow chains, never loop
            seen.add(name)
            name = self.alias[name]
        return name

    def run(self, pages: list[PageRecord]) -> Corpus:
        articles = [a for p in pages for a in p.articles]
        self._resolve_bodies(articles)
        self._resolve_people(articles)
        self._build_entities(articles)
        memberships = self._memberships(articles)
        events = self._events(articles)
        structure = self._structure(articles)
        out_articles = self._articles(articles)
        entities = {k: self.entities[k] for k in sorted(self.entities)}
        merges = sorted(self.merges, key=lambda m: (m.entity, m.reason, m.surfaces))
        return Corpus(entities, out_articles, memberships, events, structure, list(pages), merges, sorted(self.homonyms))

    # -- bodies and places ---------------------------------------------------------------------
    def _body_observations(self, articles: list[ArticleRecord]):
        """(raw name, label or "", weight, surface) for every body/place named anywhere."""
        for a in articles:
            for m in a.mentions:
                if m.label != PERSON:
                    yield m.name, m.label, 1.0, m.text
            for r in a.roles:
                if r.org:
                    yield r.org, r.org_label, 0.5, r.org
            for s in a.structure:
                yield s.child, s.child_label, 0.5, s.child
                yield s.parent, s.parent_label, 0.5, s.parent
            for e in a.events:
                for o in [*e.organizations, e.organizer]:
                    if o:
                        yield o, "", 0.0, o

    def _resolve_bodies(self, articles: list[ArticleRecord]) -> None:
        votes: dict[str, Counter] = defaultdict(Counter)
        self.body_surfaces: dict[str, set] = defaultdict(set)
        for raw, label, weight, surface in self._body_observations(articles):
            name = self.canon(raw)
            votes[name][label or ""] += weight
            self.body_surfaces[name].update({surface, raw})
        label_of: dict[str, str] = {}
        for name in sorted(votes):
            label_of[name] = self._pick_label(name, votes[name])
        # Companies (and their unions) equal after stripping generic suffixes are one body.
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name, label in label_of.items():
            if label == COMPANY:
                groups[(COMPANY, company_key(name))].append(name)
            elif label == UNION:
                groups[(UNION, union_key(name))].append(name)
            elif label == PLACE:
                groups[(PLACE, place_key(name))].append(name)
            elif label == ORG and "政府" in name:
                groups[(ORG, _GOVERNMENT.sub("政府", name))].append(name)
        for (label, key), names in groups.items():
            if label == COMPANY and key in label_of and key not in names and label_of[key] == ORG:
                names.append(key)  # a bare 京东 NER called an organization
        self.final_name: dict[str, str] = {n: n for n in label_of}
        for (label, key), names in sorted(groups.items()):
            if len(names) < 2:
                continue
            # the fullest form; a government by the form printed most often (某某市政府 / 某某市人民政府)
            full = max(names, key=lambda n: (sum(votes[n].values()), len(n), n) if label == ORG
                       else (len(n), sum(votes[n].values()), n))
            for n in names:
                self.final_name[n] = full
            label_of[full] = label
            what = {COMPANY: "company names equal after stripping generic company suffixes",
                    UNION: "company unions equal after stripping generic company suffixes",
                    PLACE: "place names equal with or without 省/市",
                    ORG: "a government named with or without 人民"}[label]
            self.merges.append(Merge(entity_id(label, full), sorted(set(names)), f"{what} (key {key})"))
        self._merge_abbreviated_bodies(label_of)
        self.body_label = {self.final_name[n]: label_of[self.final_name[n]] for n in label_of}
        for name, counter in sorted(votes.items()):
            labels = sorted(lab for lab, c in counter.items() if lab and c > 0)
            if len(labels) > 1:
                final = self.final_name[name]
                detail = ", ".join(f"{lab}×{counter[lab]:g}" for lab in labels)
                self.merges.append(Merge(entity_id(self.body_label[final], final), [name],
                                         f"type conflict {detail} -> {self.body_label[final]} (majority, then specificity)"))

    def _merge_abbreviated_bodies(self, label_of: dict[str, str]) -> None:
        """A government body's usual short form and its full name seen in different articles are
        one body (某某市人社局 / 某某市人力资源和社会保障局), when the full form is the only one the
        short form abbreviates."""
        orgs = sorted(n for n, lab in label_of.items() if lab == ORG and self.final_name[n] == n)
        for short in orgs:
            # A full form starts with the short form's place head and the body's first character:
            # in sorted order those names are one contiguous run, found by bisection.
            head = _PLACE_HEAD.match(short).group(0)
            if not head or len(short) <= len(head):
                continue
            prefix = short[: len(head) + 1]
            run = orgs[bisect.bisect_left(orgs, prefix):bisect.bisect_left(orgs, prefix + "\U0010ffff")]
            fuller = [full for full in run if full != short and abbreviates(short, full)]
            if len(fuller) != 1:
                continue
            full = fuller[0]
            self.final_name[short] = full
            for n, f in self.final_name.items():
                if f == short:
                    self.final_name[n] = full
            self.merges.append(Merge(entity_id(ORG, full), [short, full],
                                     "a government body's short form and its full name (same place, same first "
                                     "and last character, the short one's characters in order)"))

    def _pick_label(self, name: str, counter: Counter) -> str:
        if name in self.forced_label:
            return self.forced_label[name]
        scored = {lab: c for lab, c in counter.items() if lab in SPECIFICITY}
        if not scored:
            return guess_label(name)
        best = max(scored.values())
        return next(lab for lab in SPECIFICITY if scored.get(lab) == best)

    def body(self, raw: str, label_hint: str = "") -> str | None:
        """Entity id of a body/place name as written in a record; None for ""."""
        # Once the bodies are resolved the answer for (raw, hint) never changes: the first call
        # fixes the final name's label for good (setdefault), so answers are kept.
        found = self._body_ids.get((raw, label_hint))
        if found is None:
            found = self._body_ids[(raw, label_hint)] = self._body(raw, label_hint)
        return found

    def _body(self, raw: str, label_hint: str) -> str | None:
        if not raw:
            return None
        name = self.canon(raw)
        final = self.final_name.get(name, name)
        if final not in self.body_label and _GOVERNMENT.search(final):
            # a government a title names (市长 -> 某某市人民政府) that the text printed as 某某市政府
            short = _GOVERNMENT.sub("政府", final)
            final = self.final_name.get(short, final) if short in self.final_name else final
        label = self.body_label.get(final) or label_hint or guess_label(final)
        self.body_label.setdefault(final, label)
        return entity_id(label, final)

    # -- people ------------------------------------------------------------------------------
    def _resolve_people(self, articles: list[ArticleRecord]) -> None:
        occurrences: list[_Occurrence] = []
        index: dict[tuple[str, str], int] = {}
        article_orgs: dict[str, set] = {}
        org_articles: Counter = Counter()
        for a in articles:
            orgs = {self.final_name.get(self.canon(m.name), self.canon(m.name))
                    for m in a.mentions if m.label in ORGANIZATION_LABELS}  # places say little about who
            orgs |= {self.final_name.get(self.canon(r.org), self.canon(r.org)) for r in a.roles if r.org}
            article_orgs[a.article_id] = orgs
            org_articles.update(orgs)

        def occ(a: ArticleRecord, raw: str, surface: str | None = None) -> _Occurrence:
            name = self.canon(raw)
            key = (a.article_id, name)
            if key not in index:
                index[key] = len(occurrences)
                occurrences.append(_Occurrence(a.article_id, name, a.page_id, set(), defaultdict(set), set()))
            o = occurrences[index[key]]
            o.surfaces.update({surface or raw, raw})
            return o

        for a in articles:
            for r in a.reporters:
                occ(a, r.name).title_orgs[r.role].add("")
            for m in a.mentions:
                if m.label == PERSON:
                    o = occ(a, m.name, m.text)
                    o.cited = o.cited or _is_cited_leader(m.text, m.sentence)
            for r in a.roles:
                org = self.final_name.get(self.canon(r.org), self.canon(r.org)) if r.org else ""
                occ(a, r.person).title_orgs[r.title].add(org)
            for e in a.events:
                for name in e.attendees:
                    occ(a, name)
        for o in occurrences:
            o.orgs = article_orgs[o.article]
        generic = {"中华全国总工会", self.settings.home_city + "总工会"}
        threshold = max(3, len(articles) // 4 + 1)
        generic |= {o for o, n in org_articles.items() if n >= threshold}

        by_name: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(occurrences):
            by_name[o.name].append(i)
        self.person_of: dict[tuple[str, str], str] = {}
        self.person_name: dict[str, str] = {}
        self.person_surfaces: dict[str, set] = defaultdict(set)
        self.homonyms: list[str] = []
        for name in sorted(by_name, key=lambda n: by_name[n][0]):
            idx = by_name[name]
            uf, why = _link_occurrences([occurrences[i] for i in idx], generic)
            clusters: dict[int, list[int]] = defaultdict(list)
            for x in range(len(idx)):
                clusters[uf.find(x)].append(x)
            ordered = sorted(clusters.values(), key=lambda c: c[0])
            for n, members in enumerate(ordered, start=1):
                pid = entity_id(PERSON, name) + (f"-{n}" if n > 1 else "")
                self.person_name[pid] = name
                for x in members:
                    o = occurrences[idx[x]]
                    self.person_of[(o.article, name)] = pid
                    self.person_surfaces[pid] |= o.surfaces
                arts = sorted({occurrences[idx[x]].article for x in members})
                if len(arts) > 1:
                    reasons = sorted(set().union(*(r for x, r in why.items() if uf.find(x) == uf.find(members[0]))))
                    self.merges.append(Merge(pid, [name], f"same name in {len(arts)} articles; corroborated by "
                                             + "; ".join(reasons)))
            if len(ordered) > 1:
                where = " | ".join(",".join(sorted({occurrences[idx[x]].article for x in c})) for c in ordered)
                self.homonyms.append(f"{name}: {len(ordered)} people kept apart, nothing links their articles ({where})")

    def person(self, article: str, raw: str) -> str:
        name = self.canon(raw)
        return self.person_of.get((article, name)) or entity_id(PERSON, name)

    # -- entities ----------------------------------------------------------------------------
    def _build_entities(self, articles: list[ArticleRecord]) -> None:
        self.entities: dict[str, Entity] = {}
        seen_in: dict[str, tuple[set, set]] = defaultdict(lambda: (set(), set()))

        def touch(eid: str, a: ArticleRecord, mention: bool = False) -> None:
            if eid not in self.entities:
                label, _, name = eid.partition("/")
                self.entities[eid] = Entity(eid, label.upper(), self.person_name.get(eid, name))
            self.entities[eid].mentions += int(mention)
            seen_in[eid][0].add(a.page_id)
            seen_in[eid][1].add(a.article_id)

        self._article_ids: dict[str, list[str]] = {}
        for a in articles:
            named = []
            for m in a.mentions:
                eid = self.person(a.article_id, m.name) if m.label == PERSON else self.body(m.name, m.label)
                touch(eid, a, mention=True)
                named.append(eid)
            for r in a.reporters:
                touch(self.person(a.article_id, r.name), a)
            for r in a.roles:
                named.append(self.person(a.article_id, r.person))
                touch(named[-1], a)
                if r.org:
                    named.append(self.body(r.org, r.org_label))
                    touch(named[-1], a)
            for e in a.events:
                for n in e.attendees:
                    named.append(self.person(a.article_id, n))
                    touch(named[-1], a)
                for o in [*e.organizations, e.organizer]:
                    if o:
                        named.append(self.body(o))
                        touch(named[-1], a)
            for s in a.structure:
                touch(self.body(s.child, s.child_label), a)
                touch(self.body(s.parent, s.parent_label), a)
            self._article_ids[a.article_id] = named
        for eid, e in self.entities.items():
            surfaces = self.person_surfaces[eid] if e.label == PERSON else self._body_surfaces_of(e.name)
            e.aliases = sorted(s for s in surfaces if s and s != e.name)
            e.pages, e.articles = sorted(seen_in[eid][0]), sorted(seen_in[eid][1])
            if e.label != PERSON:
                in_context = sorted(s for s in e.aliases if self.canon(s) == s and self.final_name.get(s, s) == s)
                if in_context:
                    self.merges.append(Merge(eid, in_context, "short form resolved to the fullest name in context"))
                by_file = sorted(s for s in e.aliases if self.canon(s) != s)
                if by_file:
                    self.merges.append(Merge(eid, by_file, "alias file"))

    def _body_surfaces_of(self, final: str) -> set:
        if not hasattr(self, "_merged_into"):
            self._merged_into: dict[str, list[str]] = defaultdict(list)
            for name, f in self.final_name.items():
                self._merged_into[f].append(name)
        out = set()
        for name in self._merged_into.get(final, [final]):
            out |= self.body_surfaces.get(name, set()) | {name}
        return out

    # -- facts -------------------------------------------------------------------------------
    def _memberships(self, articles: list[ArticleRecord]) -> list[Membership]:
        found: dict[tuple, Membership] = {}
        seen_ev: dict[tuple, set] = defaultdict(set)

        def add(pid: str, oid: str | None, title: str, ev: Evidence) -> None:
            key = (pid, oid, title)
            if key not in found:
                found[key] = Membership(pid, oid, title, [])
            if _ev_key(ev) not in seen_ev[key]:
                seen_ev[key].add(_ev_key(ev))
                found[key].evidence.append(ev)

        for a in articles:
            for r in a.reporters:
                add(self.person(a.article_id, r.name), None, r.role, self._reporter_evidence(a, r.name, r.role))
            for r in a.roles:
                add(self.person(a.article_id, r.person), self.body(r.org, r.org_label), r.title, r.evidence)
        with_org = {(p, t) for p, o, t in found if o is not None}
        kept = [m for (p, o, t), m in found.items() if o is not None or t in REPORTER_ROLES or (p, t) not in with_org]
        return sorted(kept, key=lambda m: (m.person, m.org or "", m.title))

    @staticmethod
    def _reporter_evidence(a: ArticleRecord, name: str, role: str) -> Evidence:
        for m in a.mentions:
            if m.name == name or m.text == name:
                return Evidence(a.page_id, a.source, m.src_start, m.src_end, m.text, m.sentence, a.headline)
        # The byline has no mention of its own: point at the article.
        return Evidence(a.page_id, a.source, a.src_start, a.src_start, "", f"{role} {name}", a.headline)

    def _events(self, articles: list[ArticleRecord]) -> list[Event]:
        out = []
        for a in articles:
            authors = {self.canon(r.name) for r in a.reporters}
            for n, e in enumerate(a.events):
                attendees: list[str] = []
                for name in e.attendees:
                    pid = self.person(a.article_id, name)
                    if self.canon(name) not in authors and pid not in attendees:
                        attendees.append(pid)
                orgs: list[str] = []
                for o in e.organizations:
                    oid = self.body(o)
                    if oid and oid not in orgs:
                        orgs.append(oid)
                location = None
                if e.location:
                    lid = self.body(e.location)
                    location = lid if lid in self.entities else None
                out.append(Event(f"{a.article_id}/event{n}", a.article_id, e.trigger, attendees, orgs,
                                 self.body(e.organizer), location, e.date, e.evidence))
        return out

    def _structure(self, articles: list[ArticleRecord]) -> list[Structure]:
        found: dict[tuple, Structure] = {}

        def add(kind: str, child: str, parent: str, ev: Evidence | None) -> None:
            if child == parent:
                return
            key = (kind, child, parent)
            if key not in found:
                found[key] = Structure(kind, child, parent, [])
            if ev is not None and all(_ev_key(ev) != _ev_key(x) for x in found[key].evidence):
                found[key].evidence.append(ev)

        first_ev: dict[str, Evidence] = {}
        for a in articles:
            for m in a.mentions:
                if m.label != PERSON:
                    first_ev.setdefault(self.body(m.name, m.label), _mention_evidence(a, m))
            for s in a.structure:
                add(s.kind, self.body(s.child, s.child_label), self.body(s.parent, s.parent_label), s.evidence)
        # Corpus-wide, with the child's own mention as evidence: district unions under their
        # city's federation (by the division table), company unions under their company, when both
        # bodies exist.
        parent_of = division_parents()
        for eid, e in self.entities.items():
            if e.label != UNION:
                continue
            place = e.name[: -len("总工会")] if e.name.endswith("总工会") else ""
            federation = entity_id(UNION, parent_of.get(place, "") + "总工会")
            if place in parent_of and federation in self.entities:
                add("part_of", eid, federation, first_ev.get(eid))
            if e.name.endswith(UNION_ENDING) and not e.name.endswith("总工会"):
                body = self.canon(e.name[: -len(UNION_ENDING)])
                company = entity_id(COMPANY, self.final_name.get(body, body))
                if company in self.entities:
                    add("part_of", eid, company, first_ev.get(eid))
        return sorted(found.values(), key=lambda s: (s.kind, s.child, s.parent))

    def _articles(self, articles: list[ArticleRecord]) -> list[Article]:
        out = []
        for a in articles:
            counts: Counter = Counter()
            evidence: dict[str, Evidence] = {}
            for m in a.mentions:
                eid = self.person(a.article_id, m.name) if m.label == PERSON else self.body(m.name, m.label)
                counts[eid] += 1
                evidence.setdefault(eid, _mention_evidence(a, m))
            for eid in self._article_ids[a.article_id]:
                if eid not in counts:
                    counts[eid] = 1
            for r in a.roles:
                for eid in (self.person(a.article_id, r.person), self.body(r.org, r.org_label)):
                    if eid:
                        evidence.setdefault(eid, r.evidence)
            authors = [(self.person(a.article_id, r.name), r.role) for r in a.reporters]
            out.append(Article(a.article_id, a.page_id, a.source, a.headline, a.subheadline, a.src_start, a.src_end,
                               authors, sorted(counts), dict(sorted(counts.items())),
                               dict(sorted(evidence.items()))))
        return out


# A leader cited for his words or thought right after his name (…总书记关于…的重要论述, …新时代…思想):
# the same well-known person in every article that cites him so.
_CITED_AFTER = re.compile(r"(?:总书记|同志|主席)?[^，。；,;]{0,25}?"
                          r"(?:重要讲话|重要论述|重要指示|重要批示|重要回信|讲话精神|指示精神|新时代中国特色社会主义思想)")


def _is_cited_leader(surface: str, sentence: str) -> bool:
    i = sentence.find(surface) if surface else -1
    return i >= 0 and bool(_CITED_AFTER.match(sentence, i + len(surface)))


def _link_occurrences(occs: list[_Occurrence], generic: set) -> tuple[_UnionFind, dict[int, set]]:
    """Join same-name occurrences that corroborate each other (linear: by shared keys, not pairs).

    Two occurrences are one person when they share a role at one body, a body in their roles,
    a title where one of them names no body (记者), or a co-mentioned body that is not generic.
    """
    uf = _UnionFind(len(occs))
    why: dict[int, set] = defaultdict(set)
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, o in enumerate(occs):
        for title, orgs in o.title_orgs.items():
            buckets[("title", title)].append(i)
            for org in orgs:
                if org:
                    buckets[("body", org)].append(i)
        for org in o.orgs - generic:
            buckets[("co", org)].append(i)
        if o.cited:
            buckets[("cited", "")].append(i)
    titled_without_body = {t for o in occs for t, orgs in o.title_orgs.items() if "" in orgs}
    strength = {"body": 0, "title": 1, "cited": 2, "co": 3}  # strongest evidence first, so it is the one reported
    for key in sorted(buckets, key=lambda k: (strength[k[0]], k[1])):
        members = buckets[key]
        kind, value = key
        if len(members) < 2 or (kind == "title" and value not in titled_without_body):
            continue
        if kind == "title":
            # Only an occurrence with this title and no body vouches for the others.
            anchors = [i for i in members if "" in occs[i].title_orgs[value]]
            pairs = [(anchors[0], i) for i in members]
            reason = f"same title {value}"
        else:
            pairs = [(members[0], i) for i in members[1:]]
            reason = {"body": f"roles at {value}", "cited": "cited as a leader in each"}.get(kind, f"co-mentioned with {value}")
        for a, b in pairs:
            if a != b and uf.find(a) != uf.find(b):
                uf.union(a, b)
                why[a].add(reason)
    return uf, why
