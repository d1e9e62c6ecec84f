"""The rule layer of the NER (``kg_entity_rules``, assembled in ``pipelines/nlp/entity_rules.py``).

In the order a sentence goes through them:

* ``words``: LAC's words and the candidates made of them; ``rewrite``, the one loop every repair runs in;
* ``splits`` and ``joins``: repairs of LAC's segmentation (a word cut in two, two words run together);
* ``persons``, ``bodies``, ``places``: the candidates of each kind;
* ``org_types``: the type of an organization-like name (UNION, COMPANY, ORG, PLACE …).

Their word lists are rule data, read from ``data/lexicon/rule_words.txt`` through the lexicon.
"""
