"""Writers of the built graph, one module per format, each stating its format's limits.

From the entity graph (:class:`unionkg.graph.model.EntityGraph`): ``gexf.write_gexf``,
``graphml.write_graphml`` (both on :mod:`.xmlgraph`) and ``html.write_html``, drawn with :mod:`.style`.
From the resolved corpus (facts the graph aggregates away): ``rdf.write_turtle`` / ``write_ntriples``
(terms from :mod:`.vocab`, IRIs from :mod:`.iris`) and ``tables.write_entities_csv`` /
``write_relations_csv``.
"""
