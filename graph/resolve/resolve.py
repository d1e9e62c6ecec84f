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
4. People: one node per name across articles unless the evidence conflicts (incompatible posts,
   places that cannot meet); see :mod:`unionkg.graph.resolve.people`. People kept apart
   (``person/王伟``, ``person/王伟-2`` in input order) are listed with the conflict in ``Corpus.homonyms``.
5. Memberships are unique per (person, org, title) with all their evidence; a title without a body
   is dropped when the same person holds that title at a named body.
Every merge is written to ``Corpus.merges`` with its reason. Output order is deterministic.
Name rules, the alias file and the division table are in :mod:`unionkg.graph.resolve.names`.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from typing import Iterable

from unionkg.pipelines.settings import Settings
from unionkg.graph.corpus import Article, Corpus, Entity, Event, Membership, Merge, Structure
from unionkg.graph.io import gc_paused
from unionkg.graph.records import COMPANY, ORG, PERSON, PLACE, REPORTER_ROLES, UNION, ArticleRecord, Evidence, PageRecord
# re-exported: callers import the name rules from here
from unionkg.graph.resolve.names import (  # noqa: F401
    COMPANY_SUFFIXES, DIVISIONS_FILE, SPECIFICITY, UNION_ENDING, _PLACE_HEAD, AliasEntry, abbreviates, company_key,
    division_parents, entity_id, guess_label, home_divisions, load_aliases, load_divisions, place_key, union_key,
)
from unionkg.graph.resolve.people import resolve_people

_GOVERNMENT = re.compile(r"人民政府(?=$|办公室|办)")


def _ev_key(ev: Evidence) -> tuple:
    return (ev.page_id, ev.src_start, ev.src_end, ev.exact)


def _mention_evidence(a: ArticleRecord, m) -> Evidence:
    return Evidence(a.page_id, a.source, m.src_start, m.src_end, m.text, m.sentence, a.headline)


# -- resolution ---------------------------------------------------------------------------------
def resolve(pages: list[PageRecord], settings: Settings, articles: Iterable[ArticleRecord] | None = None) -> Corpus:
    """All pages' records -> one corpus with stable ids (see the module docstring for the rules).

    ``articles``: the pages' articles from elsewhere, when ``pages`` are only their headers: any
    sized iterable that gives them in page order on every pass (:class:`~unionkg.graph.records_spool.SpooledArticles`)."""
    with gc_paused():  # 10^5 small records and sets: no cycles for the collector to look for
        return _Resolver(settings).run(pages, articles)


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

    def run(self, pages: list[PageRecord], articles: Iterable[ArticleRecord] | None = None) -> Corpus:
        # every step below only iterates over the articles (and people take their count)
        if articles is None:
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
            final = self.final_name.get(_GOVERNMENT.sub("政府", final), final)
        label = self.body_label.get(final) or label_hint or guess_label(final)
        self.body_label.setdefault(final, label)
        return entity_id(label, final)

    # -- people ------------------------------------------------------------------------------
    def _resolve_people(self, articles: list[ArticleRecord]) -> None:
        generic = {"中华全国总工会"} | ({self.settings.home_city + "总工会"} if self.settings.home_city else set())
        found = resolve_people(articles, self.canon, lambda name: self.final_name.get(name, name),
                               lambda name: self.body_label.get(name, ""), generic)
        self.person_of = found.person_of
        self.person_name = found.person_name
        self.person_surfaces = found.person_surfaces
        self.merges.extend(found.merges)
        self.homonyms = found.homonyms

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
                                 self.body(e.organizer), location, e.date, e.evidence,
                                 iso_date=e.iso_date, date_precision=e.date_precision, label=e.label))
        return out

    def _structure(self, articles: list[ArticleRecord]) -> list[Structure]:
        found: dict[tuple, Structure] = {}
        seen_ev: dict[tuple, set] = defaultdict(set)  # a set, not a scan: 北京 in 中国 has thousands

        def add(kind: str, child: str, parent: str, ev: Evidence | None) -> None:
            if child == parent:
                return
            key = (kind, child, parent)
            if key not in found:
                found[key] = Structure(kind, child, parent, [])
            if ev is not None and _ev_key(ev) not in seen_ev[key]:
                seen_ev[key].add(_ev_key(ev))
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
                               dict(sorted(evidence.items())), date=a.date))
        return out
