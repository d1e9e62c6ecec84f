"""The entity graph of a :class:`~unionkg.graph.corpus.Corpus`: the one representation that the GEXF,
GraphML and HTML writers, the CLI's views and the tests read (``to_networkx()`` makes a networkx
copy for users and notebooks).

Nodes are entity ids with attributes ``label`` (entity type), ``name``, ``aliases`` (list),
``mentions``, ``first_page``, ``last_page``, ``articles`` (count), ``roles`` (list of "org title"
strings, bylines give the bare role) and ``sentences`` (source sentences naming the entity). Edges
are addressed by ``(u, v, relation)`` and carry ``relation``, ``weight`` and ``evidence`` (dicts:
page, source, headline, src_start, src_end, exact, sentence), plus:

Every edge has ``dates``: a sorted list of ISO ``YYYY-MM-DD`` strings, empty when undated. A met
edge's are the dates of its events; a membership's and a co-mention's the publication dates of the
pages its evidence comes from (a role is an observation on the day it was reported); part_of and
located_in edges hold at any time and carry none. Nodes of a dated corpus have ``first_date`` and
``last_date``: the earliest and latest date of the pages naming them and of their meetings.

* ``membership``: person -> organization; ``titles`` lists the titles (weight = number of titles).
* ``met``: people present at the same event, ``triggers`` what they were. Symmetric, stored ONCE in canonical direction ``u < v`` (by entity id); weight =
  number of shared events.
* ``co_mentioned``: people and bodies (not places) named in the same article. Symmetric, stored
  once like ``met``; weight = number of shared articles.
* ``part_of`` / ``located_in``: child -> parent, as in :class:`~unionkg.graph.corpus.Structure`.

Facts that point at an unknown entity id are skipped. Nodes and edges are kept sorted, so every
export is byte-identical for the same corpus. Edge attributes are made when asked for
(:meth:`EntityGraph.edge`): a large corpus has 10^5..10^6 co-mention edges that the writers read
once, and a dict per edge would cost more than writing them.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

import networkx as nx

from unionkg.graph.corpus import Corpus, Evidence
from unionkg.graph.dates import event_date, page_dates
from unionkg.graph.io import gc_paused
from unionkg.graph.records import CO_MENTION_LABELS, CO_MENTIONED, MEMBERSHIP, MET, STRUCTURE_RELATIONS

SYMMETRIC_RELATIONS = frozenset({MET, CO_MENTIONED})
# The list attribute an edge's weight counts (distinct values); other relations weigh 1. The ids of
# events and articles are counted, not kept as attributes.
_COUNTED = {MEMBERSHIP: "titles", MET: "events", CO_MENTIONED: "articles"}
_HIDDEN_LISTS = ("events", "articles")

EdgeKey = tuple[str, str, str]  # (u, v, relation)


class _CoMentionSlot:
    """A ``co_mentioned`` edge's slot, kept small: most edges of a large corpus are co-mentions, and
    the two dicts and the set of a plain slot cost about 0.7 kB each (0.4 GB at 12M characters).
    It holds the (evidence key, evidence dict, article id) triple of each article, made once per
    article and shared by all its pairs (one triple, or a list of them), and reads like a plain slot:
    ``evidence, lists = slot``, ``slot[0]``, ``slot[1]``."""

    __slots__ = ("refs",)

    def __init__(self, ref: tuple) -> None:
        self.refs: tuple | list = ref

    def add(self, ref: tuple) -> None:
        refs = self.refs
        if type(refs) is list:
            refs.append(ref)
        elif refs is not ref:
            self.refs = [refs, ref]

    def _triples(self) -> list:
        return self.refs if type(self.refs) is list else [self.refs]

    def articles(self) -> set:
        return {article for _, _, article in self._triples() if article}

    def __getitem__(self, index: int) -> dict:
        if index == 0:
            return {key: ev for key, ev, _ in self._triples()}
        if index == 1:
            return {"articles": self.articles()}
        raise IndexError(index)

    def __iter__(self):
        return iter((self[0], self[1]))

    def __len__(self) -> int:
        return 2


class EntityGraph:
    """Nodes (id -> attributes, sorted by id) and edges ((u, v, relation) -> slot).

    A slot is ``[{evidence sort key: evidence dict}, {list name: set of values}]``; what an edge
    looks like to readers is :meth:`edge`. Made by :func:`build_graph`, read-only afterwards.
    """

    def __init__(self, nodes: dict[str, dict], slots: dict[EdgeKey, list],
                 keys: list[EdgeKey] | None = None, page_dates: dict[str, str] | None = None) -> None:
        self.nodes = nodes
        self._slots = slots
        self._keys = keys
        self.page_dates = page_dates or {}  # page id -> its date (dated pages only)
        self._neighbours: dict[str, set[str]] | None = None

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return len(self._slots)

    @property
    def keys(self) -> list[EdgeKey]:
        """Every edge's (u, v, relation), sorted: the order of every export."""
        if self._keys is None:
            self._keys = sorted(self._slots)  # sorting the keys alone is twice as fast as the items
        return self._keys

    def has_edge(self, u: str, v: str, relation: str) -> bool:
        return (u, v, relation) in self._slots

    def edge(self, u: str, v: str, relation: str) -> dict:
        """The attributes of edge (u, v, relation), as a new dict; ``KeyError`` if there is none."""
        evidence, lists = self._slots[(u, v, relation)]
        attrs = {"relation": relation, "weight": self.weight(u, v, relation),
                 "evidence": [evidence[k] for k in sorted(evidence)] if len(evidence) > 1 else list(evidence.values())}
        for name in sorted(lists):
            if name not in _HIDDEN_LISTS:
                attrs[name] = sorted(lists[name])
        if relation in STRUCTURE_RELATIONS:
            attrs["dates"] = []
        elif relation != MET:  # dated by their evidence's pages (a dict per edge would cost memory)
            dates = self.page_dates
            attrs["dates"] = sorted({dates[e["page"]] for e in evidence.values() if e["page"] in dates})
        else:
            attrs.setdefault("dates", [])
        return attrs

    def edges(self) -> Iterator[tuple[str, str, str, dict]]:
        """(u, v, relation, attributes) of every edge, sorted."""
        for key in self.keys:
            yield (*key, self.edge(*key))

    def weight(self, u: str, v: str, relation: str) -> float:
        return _slot_weight(relation, self._slots[(u, v, relation)])

    def plain_co_mention(self, u: str, v: str, relation: str) -> dict | None:
        """The evidence of a co_mentioned edge of one article with nothing else on it (weight 1: the
        bulk of a large corpus's edges, which writers handle in a fast path); else None."""
        if relation != CO_MENTIONED:
            return None
        slot = self._slots[(u, v, relation)]
        if type(slot) is _CoMentionSlot:
            if type(slot.refs) is tuple and slot.refs[2]:
                return slot.refs[1]
            if type(slot.refs) is tuple:
                return None
        evidence, lists = slot
        if len(evidence) == 1 and len(lists) == 1 and len(lists.get("articles", ())) == 1:
            return next(iter(evidence.values()))
        return None

    @property
    def neighbours(self) -> dict[str, set[str]]:
        """Every node's distinct neighbours in either direction (a self-loop makes a node its own)."""
        if self._neighbours is None:
            neighbours: dict[str, set[str]] = {node: set() for node in self.nodes}
            for u, v, _ in self._slots:
                neighbours[u].add(v)
                neighbours[v].add(u)
            self._neighbours = neighbours
        return self._neighbours

    def degree(self, node: str) -> int:
        """Distinct neighbours in either direction (edges of several relations count once)."""
        return len(self.neighbours[node])

    def top_nodes(self, n: int) -> list[str]:
        """The ``n`` most connected nodes: by weighted degree (a self-loop counts twice), then
        distinct neighbours, then mentions, then id (so ties break the same way every run)."""
        weighted = dict.fromkeys(self.nodes, 0.0)
        # The weights of :meth:`weight`, inlined (a call per edge was most of the time). They are
        # whole numbers, so the sums are exact in any order.
        for (u, v, relation), slot in self._slots.items():
            weight = _slot_weight(relation, slot)
            weighted[u] += weight
            weighted[v] += weight
        nodes, neighbours = self.nodes, self.neighbours

        def key(node: str) -> tuple:
            return (-weighted[node], -len(neighbours[node]), -int(nodes[node].get("mentions", 0)), node)

        return sorted(nodes, key=key)[: max(0, n)]

    def subgraph(self, keep: Iterable[str]) -> EntityGraph:
        """The graph restricted to the nodes ``keep`` (node attributes copied, edges shared: both
        graphs are read-only)."""
        keep = set(keep)
        return self._restricted([key for key in self.keys if key[0] in keep and key[1] in keep], keep)

    def only(self, relation: str) -> EntityGraph:
        """The edges of one relation and the nodes they join (``only(MET)``: who met whom)."""
        keys = [key for key in self.keys if key[2] == relation]
        return self._restricted(keys, {node for u, v, _ in keys for node in (u, v)})

    def without_co_mentions(self, min_weight: float | None = None) -> EntityGraph:
        """Every node, and every edge but the co-mentions (with ``min_weight``: but those of a lower
        weight). What the Gephi files hold: co-mentions are most edges of a large corpus."""
        if min_weight is None:
            keys = [key for key in self.keys if key[2] != CO_MENTIONED]
        else:
            keys = [key for key in self.keys if key[2] != CO_MENTIONED or self.weight(*key) >= min_weight]
        return self._restricted(keys)

    def _restricted(self, keys: list[EdgeKey], keep: set[str] | None = None) -> EntityGraph:
        """The edges ``keys`` (shared) and the nodes ``keep`` (every node when None; attributes copied)."""
        nodes = {node: dict(attrs) for node, attrs in self.nodes.items() if keep is None or node in keep}
        slots = self._slots
        return EntityGraph(nodes, {key: slots[key] for key in keys}, keys, self.page_dates)

    def find_nodes(self, node_or_name: str) -> list[str]:
        """Node ids meaning ``node_or_name``: the id itself, else every node of that name, else of that alias."""
        if node_or_name in self.nodes:
            return [node_or_name]
        by_name = [n for n, d in self.nodes.items() if d.get("name") == node_or_name]
        return by_name or [n for n, d in self.nodes.items() if node_or_name in d.get("aliases", ())]

    def neighbourhood(self, node_or_name: str, radius: int = 1) -> EntityGraph:
        """The subgraph within ``radius`` hops (either direction) of a node, given by id or name.

        A name shared by several nodes (homonyms) centres on all of them. Raises ``KeyError`` when
        nothing matches.
        """
        centres = self.find_nodes(node_or_name)
        if not centres:
            raise KeyError(f"no node or name {node_or_name!r} in the graph")
        seen = {c: 0 for c in centres}
        queue = deque(centres)
        while queue:
            n = queue.popleft()
            if seen[n] >= radius:
                continue
            for m in sorted(self.neighbours[n]):
                if m not in seen:
                    seen[m] = seen[n] + 1
                    queue.append(m)
        return self.subgraph(seen)

    def to_networkx(self) -> nx.MultiDiGraph:
        """A networkx copy: nodes and edges in sorted order, edge keys = relation names, so an edge
        is ``G.edges[u, v, "met"]``."""
        G = nx.MultiDiGraph()
        with gc_paused():
            G.add_nodes_from((node, dict(attrs)) for node, attrs in self.nodes.items())
            G.add_edges_from(self.edges())
        return G


def _slot_weight(relation: str, slot) -> float:
    """The weight of an edge of ``relation`` from its slot (see :meth:`EntityGraph.weight`)."""
    if type(slot) is _CoMentionSlot:
        return float(1 if type(slot.refs) is tuple and slot.refs[2] else len(slot.articles()))
    name = _COUNTED.get(relation)
    return 1.0 if name is None else float(len(slot[1].get(name, ())))


def build_graph(corpus: Corpus) -> EntityGraph:
    """The entity graph of ``corpus`` (see the module docstring)."""
    with gc_paused():
        return _Builder(corpus).graph()


def evidence_dict(ev: Evidence) -> dict:
    return {
        "page": ev.page_id,
        "source": ev.source,
        "headline": ev.headline,
        "src_start": ev.src_start,
        "src_end": ev.src_end,
        "exact": ev.exact,
        "sentence": ev.sentence,
    }


def _keyed(ev: dict) -> tuple[tuple, dict]:
    """(sort key, evidence dict): an edge's evidence is listed in this order."""
    return (ev["page"], ev["src_start"], ev["src_end"], ev["exact"], ev["sentence"], ev["headline"]), ev


class _Builder:
    """Collects a corpus's nodes and edge slots."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.slots: dict[EdgeKey, list] = {}
        self.roles: dict[str, set[str]] = {eid: set() for eid in corpus.entities}
        self.sentences: dict[str, set[str]] = {eid: set() for eid in corpus.entities}
        self.met_dates: dict[str, set[str]] = {eid: set() for eid in corpus.entities}

    def add(self, u: str, v: str, relation: str, evidence: Iterable[tuple[tuple, dict]] = (),
            **lists: Iterable[str]) -> None:
        if relation in SYMMETRIC_RELATIONS and v < u:
            u, v = v, u
        slot = self.slots.get((u, v, relation))
        if slot is None:
            slot = self.slots[(u, v, relation)] = [{}, {}]
        slot[0].update(evidence)
        for name, values in lists.items():
            slot[1].setdefault(name, set()).update(x for x in values if x)

    def add_co_mentions(self, named: list[str], evidence: tuple[tuple, dict], article: str) -> None:
        """``co_mentioned`` for every pair of the sorted ids ``named`` (the hot loop of large
        corpora: k named entities make k(k-1)/2 pairs), same result as :meth:`add` per pair."""
        ref = (*evidence, article)  # shared by every pair of the article
        slots = self.slots
        for i, u in enumerate(named):
            for v in named[i + 1:]:
                slot = slots.get((u, v, CO_MENTIONED))
                if slot is None:
                    slots[(u, v, CO_MENTIONED)] = _CoMentionSlot(ref)
                else:
                    slot.add(ref)

    def note_sentence(self, eid: str, ev: Evidence | None) -> None:
        if ev is not None and eid in self.sentences and ev.sentence:
            self.sentences[eid].add(ev.sentence)

    def graph(self) -> EntityGraph:
        corpus, entities = self.corpus, self.corpus.entities
        for m in corpus.memberships:
            if m.person not in entities:
                continue
            org_name = entities[m.org].name if m.org in entities else ""
            self.roles[m.person].add(f"{org_name} {m.title}".strip())
            for ev in m.evidence:
                self.note_sentence(m.person, ev)
                if m.org in entities:
                    self.note_sentence(m.org, ev)
            if m.org in entities:
                self.add(m.person, m.org, MEMBERSHIP, [_keyed(evidence_dict(e)) for e in m.evidence],
                         titles=[m.title])

        for ev in corpus.events:
            present = sorted({a for a in ev.attendees if a in entities})
            evidence = [_keyed(evidence_dict(ev.evidence))] if ev.evidence else []
            for eid in present + [o for o in ev.organizations if o in entities]:
                self.note_sentence(eid, ev.evidence)
            for i, u in enumerate(present):
                for v in present[i + 1:]:
                    self.add(u, v, MET, evidence, triggers=[ev.trigger], events=[ev.id], dates=[event_date(ev)])
            day = event_date(ev)
            if day:
                for eid in present:
                    self.met_dates[eid].add(day)

        sentences = self.sentences
        for art in corpus.articles:
            named = sorted({e for e in art.mentions if e in entities})
            for eid in named:  # note_sentence, inlined: the loop runs once per entity per article
                ev = art.evidence.get(eid)
                if ev is not None and ev.sentence:
                    sentences[eid].add(ev.sentence)
            art_ev = {
                "page": art.page_id, "source": art.source, "headline": art.headline,
                "src_start": art.src_start, "src_end": art.src_end, "exact": "", "sentence": "",
            }
            co_named = [e for e in named if entities[e].label in CO_MENTION_LABELS]
            self.add_co_mentions(co_named, _keyed(art_ev), art.id)

        for s in corpus.structure:
            if s.child in entities and s.parent in entities and s.kind in STRUCTURE_RELATIONS:
                self.add(s.child, s.parent, s.kind, [_keyed(evidence_dict(e)) for e in s.evidence])
                for e in s.evidence:
                    self.note_sentence(s.child, e)

        nodes = {}
        dated_pages = page_dates(corpus)
        for eid in sorted(entities):
            ent = entities[eid]
            nodes[eid] = {
                "label": ent.label,
                "name": ent.name,
                "aliases": sorted(ent.aliases),
                "mentions": int(ent.mentions),
                "first_page": ent.first_page,
                "last_page": ent.last_page,
                "articles": len(ent.articles),
                "roles": sorted(self.roles[eid]),
                "sentences": sorted(self.sentences[eid]),
            }
            dates = {dated_pages[p] for p in ent.pages if p in dated_pages} | self.met_dates[eid]
            if dates:
                nodes[eid]["first_date"], nodes[eid]["last_date"] = min(dates), max(dates)
        return EntityGraph(nodes, self.slots, page_dates=dated_pages)
