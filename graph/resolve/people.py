"""Identity of people: one node per name across articles unless the evidence conflicts.

A name in one article is one *occurrence*, with the posts it holds there (title at a printed body),
the bodies the article names, and its places (:mod:`unionkg.graph.resolve.places`): the cities and
districts the article's printed places and bodies name (those of its page when it names none), and
the places of the bodies of its posts. A byline names no place of the reporter. Same-name occurrences
are joined in three passes:

1. **Corroborated**, strongest evidence first: roles at one body, one title where one side names no
   body (记者), both cited as a leader (…重要讲话), an uncommon body named in both articles. A link is
   refused when the two sides hold incompatible posts; a co-mentioned body or a title other than a
   byline's is no proof against places that cannot meet either.
2. **By default**: every group left joins the first earlier person of its name it does not conflict
   with; a group that conflicts with every one of them is a new person (``person/某某-2``).
3. **Nothing to tell**: groups with no place and no post join the only person of their name; when the
   name already stands for several people they cannot be placed and are one more node.

Conflicts, concretely:

* **incompatible posts**: the same title at two bodies printed with places of one level that are
  different places (县长 of two counties, 主席 of two cities' federations), or at two businesses (or
  their unions) neither of whose names holds the other's (董事长 of two unrelated companies);
* **places that cannot meet**: every place of one side is in another province, or in another city of
  the province, than every place of the other side. A side's places are those of all its articles
  together: someone written about over years is in many places, and one shared place is enough.

Every join across articles is a :class:`Merge` with its reasons; every split is a note in
``homonyms`` naming the nodes and what conflicts. Deterministic: input order decides.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from unionkg.graph.corpus import Merge
from unionkg.graph.records import COMPANY, ORGANIZATION_LABELS, PERSON, REPORTER_ROLES, UNION, ArticleRecord
from unionkg.graph.resolve.names import UNION_ENDING, company_key, entity_id
from unionkg.graph.resolve.places import Locus, Where, can_meet, describe, head_places, loci_of, place_index

# A leader cited for his words or thought right after his name (…总书记关于…的重要论述, …新时代…思想):
# the same well-known person in every article that cites him so.
_CITED_AFTER = re.compile(r"(?:总书记|同志|主席)?[^，。；,;]{0,25}?"
                          r"(?:重要讲话|重要论述|重要指示|重要批示|重要回信|讲话精神|指示精神|新时代中国特色社会主义思想)")
_BUSINESS_LABELS = (COMPANY, UNION)
_DEFAULT = "joined by default: no conflicting post or place"
_UNPLACED = "no place or post tells which of the others"


def is_cited_leader(surface: str, sentence: str) -> bool:
    i = sentence.find(surface) if surface else -1
    return i >= 0 and bool(_CITED_AFTER.match(sentence, i + len(surface)))


@dataclass
class Occurrence:
    """One person name in one article, with what tells people of that name apart."""

    article: str
    name: str
    page: str
    surfaces: set = field(default_factory=set)
    title_orgs: dict = field(default_factory=lambda: defaultdict(set))  # title -> org names ("" for none)
    orgs: set = field(default_factory=set)  # co-mentioned bodies
    cited: bool = False  # named as a leader whose words or thought are cited (…重要讲话, …思想)
    posts: set = field(default_factory=set)  # (title, body) where the body is printed, not inferred
    loci: frozenset = frozenset()  # where the article (and the person's bodies) are

    @property
    def byline(self) -> bool:
        return any(t in REPORTER_ROLES for t in self.title_orgs)


@dataclass
class People:
    """What the resolver needs: (article, name) -> person id, names and surfaces, the report."""

    person_of: dict = field(default_factory=dict)
    person_name: dict = field(default_factory=dict)
    person_surfaces: dict = field(default_factory=lambda: defaultdict(set))
    merges: list = field(default_factory=list)
    homonyms: list = field(default_factory=list)


class PostRules:
    """Whether two posts (title, body) cannot be held by one person (see the module docstring)."""

    def __init__(self, label_of: Callable[[str], str]) -> None:
        self.label_of = label_of
        self.index = place_index()
        self._heads: dict[str, tuple] = {}
        self._clashes: dict[tuple, str] = {}

    def head(self, body: str) -> tuple:
        if body not in self._heads:
            self._heads[body] = head_places(body, self.index)
        return self._heads[body]

    def clash(self, a: tuple[str, str], b: tuple[str, str]) -> str:
        """Why one person cannot hold both posts, "" when one can (remembered per pair)."""
        if a[0] != b[0] or a[1] == b[1]:
            return ""
        key = (a, b)
        found = self._clashes.get(key)
        if found is None:
            found = self._clashes[key] = self._clash(a, b)
        return found

    def _clash(self, a: tuple[str, str], b: tuple[str, str]) -> str:
        (title, body_a), (_, body_b) = a, b
        ha, hb = self.head(body_a), self.head(body_b)
        if ha and hb:
            levels = {p.level for p in ha} & {p.level for p in hb}
            if levels and not {p.code for p in ha} & {p.code for p in hb}:
                return f"{title} at {body_a} and at {body_b} (different places of one level)"
            return ""
        if not ha and not hb and self.label_of(body_a) in _BUSINESS_LABELS and self.label_of(body_b) in _BUSINESS_LABELS:
            ka, kb = _business_key(body_a), _business_key(body_b)
            if ka not in kb and kb not in ka:
                return f"{title} at {body_a} and at {body_b} (unrelated businesses)"
        return ""


def _business_key(body: str) -> str:
    if body.endswith(UNION_ENDING):
        body = body[: -len(UNION_ENDING)]
    return company_key(body)


class _Groups:
    """Union-find over occurrences, each root keeping its posts, loci sets, articles and reasons."""

    def __init__(self, occs: list[Occurrence], rules: PostRules) -> None:
        self.parent = list(range(len(occs)))
        self.rules = rules
        self.posts = [set(o.posts) for o in occs]
        self.loci = [set(o.loci) for o in occs]  # every locus of the group's articles
        self.wheres = [Where.of(o.loci) for o in occs]
        self.reasons: list[set] = [set() for _ in occs]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflicts(self, i: int, j: int, places: bool = True) -> bool:
        """Whether the groups of ``i`` and ``j`` hold incompatible posts (or, with ``places``, are in
        places that cannot meet). The fast test; :meth:`why` says which."""
        a, b = self.find(i), self.find(j)
        posts_a, posts_b = self.posts[a], self.posts[b]
        if posts_a and posts_b and any(self.rules.clash(p, q) for p in posts_a for q in posts_b):
            return True
        if not places or not self.loci[a] or not self.loci[b]:
            return False
        return not self.wheres[a].meets(self.wheres[b])

    def why(self, i: int, j: int, places: bool = True) -> str:
        """The first conflict between the groups of ``i`` and ``j`` in a stable order, "" for none."""
        a, b = self.find(i), self.find(j)
        for p in sorted(self.posts[a]):
            for q in sorted(self.posts[b]):
                clash = self.rules.clash(p, q)
                if clash:
                    return "incompatible posts: " + clash
        if places and not can_meet(frozenset(self.loci[a]), frozenset(self.loci[b])):
            return f"places that cannot meet: {describe(frozenset(self.loci[a]))} | {describe(frozenset(self.loci[b]))}"
        return ""

    def join(self, i: int, j: int, reason: str) -> None:
        a, b = sorted((self.find(i), self.find(j)))
        if a == b:
            return
        self.parent[b] = a
        self.posts[a] |= self.posts[b]
        self.loci[a] |= self.loci[b]
        self.wheres[a] = Where.of(frozenset(self.loci[a]))
        self.reasons[a] |= self.reasons[b] | {reason}

    def informative(self, i: int) -> bool:
        r = self.find(i)
        return bool(self.posts[r] or self.loci[r])


def resolve_people(articles: list[ArticleRecord], canon: Callable[[str], str], final: Callable[[str], str],
                   label_of: Callable[[str], str], generic: set[str]) -> People:
    """Person ids for every (article, name): ``canon`` applies the alias file to a name, ``final`` gives
    a body's resolved name, ``label_of`` its label; ``generic`` bodies say nothing about who is who."""
    occurrences, by_name = _occurrences(articles, canon, final, generic)
    rules = PostRules(label_of)
    out = People()
    for name in sorted(by_name, key=lambda n: by_name[n][0]):
        occs = [occurrences[i] for i in by_name[name]]
        groups = _group(occs, generic, rules)
        _report(name, occs, groups, out)
    return out


def _occurrences(articles, canon, final, generic) -> tuple[list[Occurrence], dict[str, list[int]]]:
    occurrences: list[Occurrence] = []
    index: dict[tuple[str, str], int] = {}
    article_orgs: dict[str, set] = {}
    org_articles: Counter = Counter()
    article_loci: dict[str, frozenset] = {}
    page_loci: dict[str, set] = defaultdict(set)
    places = place_index()
    for a in articles:
        orgs = {final(canon(m.name)) for m in a.mentions if m.label in ORGANIZATION_LABELS}  # places say little about who
        orgs |= {final(canon(r.org)) for r in a.roles if r.org}
        article_orgs[a.article_id] = orgs
        org_articles.update(orgs)
        # Places as printed: a short form the pipeline completed (市委 -> the home city's) proves nothing.
        # Only cities and what is under them place an article: a province or the capital is named for
        # many reasons (a congress opens in it, a delegation goes there).
        printed = [m.text for m in a.mentions if m.label != PERSON] + [r.org for r in a.roles if _printed(r)]
        article_loci[a.article_id] = frozenset(locus for locus in loci_of(printed, places) if locus[1])
        page_loci[a.page_id] |= article_loci[a.article_id]

    def occ(a: ArticleRecord, raw: str, surface: str | None = None) -> Occurrence:
        name = canon(raw)
        key = (a.article_id, name)
        if key not in index:
            index[key] = len(occurrences)
            occurrences.append(Occurrence(a.article_id, name, a.page_id))
        o = occurrences[index[key]]
        o.surfaces.update({surface or raw, raw})
        return o

    for a in articles:
        for r in a.reporters:
            occ(a, r.name).title_orgs[r.role].add("")
        for m in a.mentions:
            if m.label == PERSON:
                o = occ(a, m.name, m.text)
                o.cited = o.cited or is_cited_leader(m.text, m.sentence)
        for r in a.roles:
            o = occ(a, r.person)
            o.title_orgs[r.title].add(final(canon(r.org)) if r.org else "")
            if _printed(r):
                o.posts.add((r.title, final(canon(r.org))))
        for e in a.events:
            for name in e.attendees:
                occ(a, name)
    threshold = max(3, len(articles) // 4 + 1)
    generic |= {o for o, n in org_articles.items() if n >= threshold}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(occurrences):
        o.orgs = article_orgs[o.article]
        if not o.byline:  # a reporter's byline says where the story is, not where the reporter is
            own = article_loci[o.article] or frozenset(page_loci[o.page])
            o.loci = own | loci_of([org for _, org in o.posts], places)
        by_name[o.name].append(i)
    return occurrences, by_name


def _printed(r) -> bool:
    """A role whose body is printed in its sentence (not completed from the context)."""
    return bool(r.org) and r.org in r.evidence.sentence


def _group(occs: list[Occurrence], generic: set, rules: PostRules) -> _Groups:
    groups = _Groups(occs, rules)
    # 1. corroborated links, strongest evidence first (it is the one reported)
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
    strength = {"body": 0, "title": 1, "cited": 2, "co": 3}
    for kind, value in sorted(buckets, key=lambda k: (strength[k[0]], k[1])):
        members = buckets[(kind, value)]
        if len(members) < 2:
            continue
        if kind == "title":
            # only an occurrence with this title and no body vouches for the others
            anchors = [i for i in members if "" in occs[i].title_orgs[value]]
            if not anchors:
                continue
            pairs, reason = [(anchors[0], i) for i in members], f"same title {value}"
        else:
            pairs = [(members[0], i) for i in members[1:]]
            reason = {"body": f"roles at {value}", "cited": "cited as a leader in each"}.get(kind, f"co-mentioned with {value}")
        # A byline title, a cited leader or one body is the same person wherever the story is; a
        # shared body named around, or a title with no body (县长), is not proof against other places.
        places = kind == "co" or kind == "title" and value not in REPORTER_ROLES
        for a, b in pairs:
            if groups.find(a) != groups.find(b) and not groups.conflicts(a, b, places=places):
                groups.join(a, b, reason)
    # 2. by default, unless something conflicts
    roots = sorted({groups.find(i) for i in range(len(occs))})
    people: list[int] = []
    quiet: list[int] = []
    # Only people with no place, or with a place in a province of the group's, can be its person:
    # the others' places cannot meet its own (an exact shortcut past most of them in a big archive).
    placed_in: dict[str, set[int]] = defaultdict(set)  # province -> indexes in ``people``
    unplaced: set[int] = set()  # indexes of people with no place
    for r in roots:
        if not groups.informative(r):
            quiet.append(r)
            continue
        own = set(groups.loci[r])
        if own:
            order = sorted(unplaced.union(*(placed_in[prov] for prov, _ in own)))
        else:
            order = range(len(people))
        n = next((n for n in order if not groups.conflicts(people[n], r)), None)
        if n is None:
            people.append(r)
            n = len(people) - 1
            if not own:
                unplaced.add(n)
        else:
            groups.join(people[n], r, _DEFAULT)
        if own:
            unplaced.discard(n)
            for prov, _ in own:
                placed_in[prov].add(n)
    # 3. nothing to tell: the only person of the name, or one more node when there are several
    unsure = None
    for r in quiet:
        if len(people) <= 1:
            if people:
                groups.join(people[0], r, _DEFAULT)
            else:
                people.append(r)
        elif unsure is None:
            unsure = r
        else:
            groups.join(unsure, r, _UNPLACED)
    return groups


def _report(name: str, occs: list[Occurrence], groups: _Groups, out: People) -> None:
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(occs)):
        clusters[groups.find(i)].append(i)
    ordered = sorted(clusters.values(), key=lambda c: c[0])
    pids = []
    for n, members in enumerate(ordered, start=1):
        pid = entity_id(PERSON, name) + (f"-{n}" if n > 1 else "")
        pids.append(pid)
        out.person_name[pid] = name
        for i in members:
            out.person_of[(occs[i].article, name)] = pid
            out.person_surfaces[pid] |= occs[i].surfaces
        arts = sorted({occs[i].article for i in members})
        if len(arts) > 1:
            reasons = groups.reasons[groups.find(members[0])]
            corroborated = sorted(reasons - {_DEFAULT, _UNPLACED})
            parts = (["corroborated by " + "; ".join(corroborated)] if corroborated else []) \
                + sorted(reasons & {_DEFAULT, _UNPLACED})
            out.merges.append(Merge(pid, [name], f"same name in {len(arts)} articles; " + "; ".join(parts)))
    if len(ordered) > 1:
        parts = []
        for n in range(1, len(ordered)):
            first = ordered[n][0]
            why = next((w for w in (groups.why(ordered[k][0], first) for k in range(n)) if w), _UNPLACED)
            where = ",".join(sorted({occs[i].article for i in ordered[n]}))
            parts.append(f"{pids[n]} ({where}): {why}")
        first_where = ",".join(sorted({occs[i].article for i in ordered[0]}))
        out.homonyms.append(f"{name}: {len(ordered)} people kept apart, {pids[0]} ({first_where}); " + "; ".join(parts))


__all__ = ["Occurrence", "People", "PostRules", "is_cited_leader", "resolve_people", "Locus"]
