"""Binding a query's parameters so that the engine can start from them.

pyoxigraph applies ``substitutions`` to the finished solutions: a preset whose ``?name`` is bound
still computes every row for every name, then keeps the few that match (on a 1.3M-triple graph,
``who-met-whom`` took 8-14 s bound or not). A name is matched through its label, and
``FILTER(STR(?label) = ?name)`` cannot use an index. So a query may say where the label literals
of a bound parameter belong, with a placeholder in its code::

    VALUES ?name_label { UNDEF }

When ``?name`` is bound to a string ``X``, the engine fills that block with the label literals
that hold ``X``, ``"X"@zh`` and ``"X"`` (the graph writes labels and aliases in these two forms
only, graph/readwrite/rdf.py), so the pattern after it starts from an index lookup. Unbound, the
block is one empty solution and changes nothing. The values are pyoxigraph terms, written with
their own serializer (quotes, backslashes and newlines escaped by it); the user's text is never
formatted into the query. Placeholders are only filled in code: inside a string, an IRI or a
comment the same text is left alone. ``?name`` itself is still bound by substitution, so the rows
are exactly those the query gives without the placeholder filled: the block only narrows the
labels to those whose text is the bound value, which every row must have anyway.

``bind_query`` is used by ``engine.query_rows`` (the command line) and the endpoint's workers.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

# What a placeholder looks like: VALUES ?<parameter>_label { UNDEF }, any spacing, any case.
_PLACEHOLDER = re.compile(r"VALUES\s+[?$]([A-Za-z_][\w]*)_label\s*\{\s*UNDEF\s*\}", re.IGNORECASE)
# Strings (long forms first), IRIs and comments: where a query's text is not code (placeholders, keywords).
NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LABEL_LANGUAGE = "zh"


def label_literals(value) -> list[ox.Literal] | None:
    """The label literals a bound value names (``"X"@zh``, ``"X"``), or None when it is no string."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, ox.Literal) and (value.language or value.datatype.value == _XSD_STRING):
        text = value.value
    else:
        return None
    return [ox.Literal(text, language=LABEL_LANGUAGE), ox.Literal(text)]


def bind_query(query_text: str, substitutions: dict[ox.Variable, object]) -> str:
    """``query_text`` with each ``VALUES ?p_label { UNDEF }`` placeholder (in code) filled with the
    label literals of the value bound to ``?p``; placeholders of unbound parameters stay as they are."""
    values = {variable.value: value for variable, value in substitutions.items()}
    if not values or not _PLACEHOLDER.search(query_text):
        return query_text
    code = NOT_CODE.sub(lambda m: " " * len(m.group(0)), query_text)
    pieces, last = [], 0
    for match in _PLACEHOLDER.finditer(code):
        literals = label_literals(values.get(match.group(1)))
        if literals is None:
            continue
        block = f"VALUES ?{match.group(1)}_label {{ {' '.join(str(term) for term in literals)} }}"
        pieces += [query_text[last:match.start()], block]
        last = match.end()
    return "".join(pieces) + query_text[last:]
