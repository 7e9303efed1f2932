"""Saved SPARQL queries (``queries/*.rq``): read their headers, bind parameters, run them.

A query file opens with a header of ``#+ `` lines (YAML): title, description, tags, params
(name, description, example, type, required) and columns.  Parameters are bound as RDF terms
in a ``VALUES`` block put where the query says ``#+values`` — never pasted into the text as
strings — so the same query runs unchanged on the embedded graph (rdflib, union default
graph) and on a SPARQL server (SPARQLWrapper; start the server with a union default graph).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import XSD, Dataset, Literal, URIRef

from .errors import UsageError, ZwgkError
from .namespaces import NOT_IN_IRI

VALUES_MARK = "#+values"
#: parameter types bound as IRIs (all but ``iri`` also take a short id, see :func:`resolve`)
IRI_TYPES = ("iri", "plan", "jurisdiction", "concept")


class QueryFailed(ZwgkError):
    """The query could not be run (unreachable endpoint, server error)."""


@dataclass
class Param:
    name: str
    description: str = ""
    example: str = ""
    #: iri | plan (IRI or 440000-2017) | jurisdiction (IRI, code or name) | concept (IRI or Monthly) |
    #: agency (IRI or written form) | literal-zh | year (xsd:gYear) | literal
    type: str = "literal"
    required: bool = False


@dataclass
class SavedQuery:
    name: str
    path: Path
    title: str
    description: str
    text: str
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def queries_dir() -> Path:
    """Return the repository's queries/ folder."""
    return Path(__file__).resolve().parent.parent / "queries"


def parse_header(path: Path) -> SavedQuery:
    """Read a .rq file and its ``#+`` header."""
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line[3:] if line.startswith("#+ ") else line[2:]
                       for line in text.splitlines() if line.startswith("#+") and line.strip() != VALUES_MARK)
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise UsageError(f"bad query header: {str(exc).splitlines()[0]}", path)
    for key in ("title", "description", "columns"):
        if key not in meta:
            raise UsageError(f"query header lacks '{key}'", path)
    params = [Param(**{**p, "example": str(p.get("example", ""))}) for p in (meta.get("params") or [])]
    return SavedQuery(path.stem, path, meta["title"], meta["description"], text, params,
                      list(meta["columns"]), list(meta.get("tags") or []))


@lru_cache(maxsize=1)
def _all() -> dict[str, SavedQuery]:
    return {p.stem: parse_header(p) for p in sorted(queries_dir().glob("*.rq"))}


def list_queries() -> list[SavedQuery]:
    """Every saved query, by name."""
    return list(_all().values())


def get(name: str) -> SavedQuery:
    """The saved query called ``name``; UsageError naming the known ones otherwise."""
    q = _all().get(name)
    if q is None:
        raise UsageError(f"no saved query '{name}'; known: {', '.join(_all())}")
    return q


def undecodable(value: str) -> int | None:
    """The first byte of ``value`` that was not UTF-8 (argv keeps such bytes as lone surrogates), or None."""
    bad = next((c for c in value if "\udc80" <= c <= "\udcff"), None)
    if bad is not None:
        return ord(bad) - 0xDC00
    return 0 if any("\ud800" <= c <= "\udfff" for c in value) else None


def check_iri(name: str, value: str) -> str:
    """``value`` if it can stand in ``<…>``; UsageError naming the parameter and the character otherwise."""
    bad = NOT_IN_IRI.search(value)
    if bad:
        c = bad.group()
        what = "a space" if c == " " else repr(c) if c.isprintable() else f"a control character (U+{ord(c):04X})"
        raise UsageError(f"--param {name}: {value!r} is not a valid IRI: it holds {what}")
    return value


def _term(param: Param, value: str):
    byte = undecodable(value)
    if byte is not None:
        raise UsageError(f"--param {param.name}: the value is not valid UTF-8 (byte 0x{byte:02x})")
    if param.type in IRI_TYPES + ("agency",) and re.match(r"^https?://", value):
        return URIRef(check_iri(param.name, value))
    if param.type in IRI_TYPES:
        hint = f" or {_KINDS[param.type][2]}" if param.type in _KINDS else ""
        raise UsageError(f"parameter {param.name} must be an IRI (http…){hint}, got {value!r}")
    if param.type in ("agency", "literal-zh"):
        return Literal(value, lang="zh")
    if param.type == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise UsageError(f"parameter {param.name} must be a year (four digits), got {value!r}")
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def bind(query: SavedQuery, params: dict[str, str]) -> str:
    """Return the query text with a VALUES block binding the given parameters as RDF terms."""
    known = {p.name: p for p in query.params}
    unknown = set(params) - set(known)
    if unknown:
        raise UsageError(f"query {query.name} has no parameter {', '.join(sorted(unknown))}; "
                         f"its parameters: {', '.join(known) or 'none'}")
    missing = [p.name for p in query.params if p.required and p.name not in params]
    if missing:
        raise UsageError(f"query {query.name} needs parameter {', '.join(missing)} "
                         f"(e.g. --param {missing[0]}={known[missing[0]].example})")
    rows = []
    for name, value in params.items():
        term = _term(known[name], value)
        var = name
        if known[name].type == "agency":
            var = "agency" if isinstance(term, URIRef) else "agencyName"
        rows.append((var, term))
    # the #+ header is ours: servers see plain SPARQL (SPARQLWrapper guesses the query type from keywords)
    text = "\n".join(line for line in query.text.splitlines() if not line.startswith("#+ ") and line.strip() != "#+")
    if not rows:
        return text
    block = "VALUES (" + " ".join(f"?{v}" for v, _ in rows) + ") { (" + " ".join(t.n3() for _, t in rows) + ") }"
    if VALUES_MARK not in text:
        raise UsageError(f"query {query.name} takes parameters but has no '{VALUES_MARK}' line", query.path)
    return text.replace(VALUES_MARK, block)          # every mark: subqueries and MINUS are evaluated on their own


@lru_cache(maxsize=4)
def _dataset(path: str, mtime: float) -> Dataset:
    from .datasets import trig_parse_error

    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format="trig")
    except Exception:  # rdflib raises many parser error types, most without a line
        raise trig_parse_error(Path(path)) from None
    return ds


@lru_cache(maxsize=4)
def _store(path: str, mtime: float):
    import pyoxigraph

    from .datasets import trig_error

    store = pyoxigraph.Store()
    try:
        store.load(path=path, format=pyoxigraph.RdfFormat.TRIG)
    except (SyntaxError, ValueError, OSError) as exc:
        raise trig_error(exc, Path(path)) from None
    return store


@lru_cache(maxsize=2)
def _disk_store(spec: str):
    """The on-disk store ``oxigraph:DIR``, opened read-only (none is created where there is none)."""
    from .datasets import oxigraph_read_only

    return oxigraph_read_only(spec)


def _ox_value(term):
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        if dt.endswith(("#integer", "#int", "#long")) and re.fullmatch(r"[+-]?\d+", term.value):
            return int(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        return term.value
    return term.value


def default_data() -> Path:
    """The last build's TriG, ``ROOT/out/zwgk.trig`` of the project folder (:mod:`build_graph.project`:
    ``$ZWGK_HOME``, else found walking up from the current folder), building ``ROOT/documents`` first when
    there is none."""
    from .project import default_dataset

    return default_dataset()


def _value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        v = term.toPython()
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return v
        if str(term.datatype or "").endswith(("#decimal", "#double", "#float")):
            return float(term)
        return str(term)
    return str(term)


def run(name: str, data: str | Path | None = None, endpoint: str | None = None, engine: str = "oxigraph",
        **params):
    """Run a saved query; return a pandas DataFrame with the header's columns, then a label column.

    On ``endpoint`` through SPARQLWrapper, else on ``data`` (default: the last build) with an
    embedded engine: ``oxigraph`` (pyoxigraph, fast) or ``rdflib``; all see the union of the
    named graphs as their default graph.  With neither given, ``$ZWGK_ENDPOINT`` is used when set.

    Parameters may be short ids (:func:`resolve`): ``plan="440000-2017"``, ``jurisdiction="440000"``,
    ``agency="省财政厅"``.  After the header's columns comes ``C_label`` for every column ``C`` that
    holds IRIs (:func:`labels`: one more query, for all of them at once).
    """
    import pandas as pd

    q = get(name)
    if endpoint is None and data is None:
        endpoint = os.environ.get("ZWGK_ENDPOINT") or None   # notebooks and scripts follow the environment
    ask = _asker(data, endpoint, engine)
    text = bind(q, resolve(q, {k: str(v) for k, v in params.items()}, ask))
    rows, iri_cols = ask(text)
    df = pd.DataFrame([[r.get(c) for c in q.columns] for r in rows], columns=q.columns)
    for c in q.columns:
        # an integer column with gaps keeps Python ints and None (object dtype), not floats and NaN:
        # 10, not 10.0, in every output format (``.astype("Int64")`` makes it pandas' nullable integer)
        values = [r.get(c) for r in rows]
        if (any(v is None for v in values) and any(v is not None for v in values)
                and all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in values)):
            df[c] = pd.Series(values, dtype=object)
    named = labels({v for r in rows for c in iri_cols for v in [r.get(c)] if v is not None}, ask)
    for c in q.columns:
        if c in iri_cols:
            df[f"{c}{LABEL_SUFFIX}"] = [named.get(v) for v in df[c]]
    return df


#: the column beside an IRI column ``C`` that names it: ``C_label``
LABEL_SUFFIX = "_label"
#: where a label comes from, best first; within one property a ``@zh`` literal first, then a plain one, then others
LABEL_PROPERTIES = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
                    "http://purl.org/dc/terms/title", "https://w3id.org/zwgk/ontology#text")


def labels(iris, ask, chunk: int = 400) -> dict[str, str]:
    """The label of each IRI in ``iris`` that has one (rdfs:label, skos:prefLabel, dcterms:title, zwgk:text).

    One query per ``chunk`` IRIs, the choice made here (not by the engine): the first property of
    :data:`LABEL_PROPERTIES` the IRI has, a ``@zh`` literal before a plain one before any other, then the
    smallest string — so rdflib, Oxigraph and any server name every IRI alike.
    """
    iris = sorted(iris)
    best: dict[str, tuple] = {}
    # one pattern per property, in a UNION: rdflib joins two VALUES blocks with a pattern ~250 times slower
    # (30 s for 232 IRIs) than this, Oxigraph alike
    props = " UNION ".join(f"{{ ?s <{p}> ?l BIND(<{p}> AS ?p) }}" for p in LABEL_PROPERTIES)
    for i in range(0, len(iris), chunk):
        values = " ".join(URIRef(v).n3() for v in iris[i:i + chunk])
        rows, _ = ask(f"SELECT ?s ?p ?l (LANG(?l) AS ?lang) WHERE {{ VALUES ?s {{ {values} }} {props} "
                      f"FILTER(ISLITERAL(?l)) }}")
        for r in rows:
            lang = (r.get("lang") or "").lower()
            rank = (LABEL_PROPERTIES.index(r["p"]), 0 if lang.startswith("zh") else 1 if not lang else 2, str(r["l"]))
            if r["s"] not in best or rank < best[r["s"]]:
                best[r["s"]] = rank
    return {s: rank[2] for s, rank in best.items()}


def short_id(iri: str) -> str:
    """What the table shows for an IRI without a label: ``440000-2017`` for a plan, ``440000-2017/req/1-3`` for a
    requirement, ``agency/440000/caizhengting``, ``Monthly`` for an ontology term; the IRI itself otherwise."""
    if not isinstance(iri, str):
        return iri
    if "/id/" in iri:
        rest = iri.rsplit("/id/", 1)[1]
        return rest[len("plan/"):] if rest.startswith("plan/") else rest
    if "#" in iri:
        return iri.rsplit("#", 1)[1] or iri
    return iri


# -- short ids for parameters ---------------------------------------------------------------------------------
_KINDS = {
    # type: (what it names, SPARQL matching ?s against $v (a plain literal), what to say when nothing matches)
    "plan": ("plan", "?s a zwgk:Plan . FILTER(STRENDS(STR(?s), CONCAT(\"/plan/\", REPLACE($v, \"^plan/\", \"\"))))",
             "its id as the build prints it, e.g. 440000-2017"),
    "jurisdiction": ("jurisdiction", "?s a zwgk:Jurisdiction . { ?s zwgk:divisionCode ?n } UNION { ?s rdfs:label ?n } UNION "
                     "{ ?s a zwgk:Jurisdiction BIND(STRAFTER(STR(?s), \"/jurisdiction/\") AS ?n) } FILTER(STR(?n) = $v)", "its division code (440000) or name (广东省)"),
    "concept": ("concept", "?s rdfs:label|skos:prefLabel ?n . FILTER(STRSTARTS(STR(?s), STR(zwgk:))) "
                "FILTER(STRAFTER(STR(?s), \"#\") = REPLACE($v, \"^zwgk:\", \"\") || LCASE(STR(?n)) = LCASE($v))",
                "its name, e.g. Monthly, Prefectural"),
    # as the queries match it: the @zh literal (an index lookup, not a scan of every name)
    "agency": ("agency", "?s rdfs:label|skos:altLabel $zh .",
               "its canonical name or a form as written, e.g. 省财政厅"),
}
_PREFIXES = ("PREFIX zwgk: <https://w3id.org/zwgk/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")


def resolve(query: SavedQuery, params: dict[str, str], ask) -> dict[str, str]:
    """``params`` with each short id replaced by the IRI it names in the data (``ask`` runs a query there).

    A ``plan`` parameter takes ``440000-2017``, a ``jurisdiction`` one ``440000`` or ``广东省``, a ``concept``
    one ``Monthly``; each must name exactly one node — none, or several, is a one-line UsageError (the
    several listed).  An ``agency`` parameter keeps its written form (the query matches every body it
    names: 省财政厅 names Guangdong's and Liaoning's), but a form that names no agency is refused.
    A full IRI (http…) is taken as it is.
    """
    known = {p.name: p for p in query.params}
    out = dict(params)
    for name, value in params.items():
        p = known.get(name)
        if p is None or p.type not in _KINDS or re.match(r"^https?://", value) or undecodable(value) is not None:
            continue
        what, pattern, hint = _KINDS[p.type]
        v, zh = Literal(value.strip()).n3(), Literal(value, lang="zh").n3()
        rows, _ = ask(_PREFIXES + "SELECT DISTINCT ?s WHERE { " + pattern.replace("$v", v).replace("$zh", zh)
                      + " } ORDER BY ?s LIMIT 9")
        found = [r["s"] for r in rows]
        if not found:
            raise UsageError(f"--param {name}={value}: no {what} of that name in the data (give {hint}, or an IRI)")
        if p.type == "agency":
            continue
        if len(found) > 1:
            named = labels(found, ask)
            listed = ", ".join(f"{short_id(s)} ({named[s]})" if s in named else short_id(s) for s in found[:8])
            raise UsageError(f"--param {name}={value} names {'more than 8' if len(found) > 8 else len(found)} "
                             f"{what}s: {listed}{' …' if len(found) > 8 else ''}; give one of them")
        out[name] = found[0]
    return out


def select(text: str, data: str | Path | None = None, endpoint: str | None = None, engine: str = "oxigraph"):
    """An ad-hoc SELECT (prefixes included) on the data :func:`run` would use; rows as dicts of Python values."""
    rows, _ = _asker(data, endpoint, engine)(text)
    return rows


def _asker(data, endpoint, engine):
    """A function running a SELECT on the target: returns (rows as dicts of Python values, columns holding IRIs)."""
    if endpoint:
        return lambda text: _endpoint_rows(text, endpoint)
    if data is not None and str(data).startswith("oxigraph:"):
        store = _disk_store(str(data))
        return lambda text: _ox_rows(store.query(text, use_default_graph_as_union=True))
    if engine not in ("rdflib", "oxigraph"):
        raise UsageError(f"unknown engine {engine!r}: oxigraph or rdflib")
    from .datasets import trig_file

    path = trig_file(data) if data else default_data()
    key = (str(path.resolve()), path.stat().st_mtime)
    if engine == "rdflib":
        ds = _dataset(*key)

        def ask(text):
            result = ds.query(text)
            cols = [str(v) for v in result.vars]
            rows, iri = [], set()
            for row in result:
                rows.append(dict(zip(cols, (_value(v) for v in row))))
                iri.update(c for c, v in zip(cols, row) if isinstance(v, URIRef))
            return rows, iri
        return ask
    store = _store(*key)
    return lambda text: _ox_rows(store.query(text, use_default_graph_as_union=True))


def _ox_rows(result):
    import pyoxigraph

    cols = [v.value for v in result.variables]
    rows, iri = [], set()
    for sol in result:
        terms = [sol[c] for c in cols]
        rows.append(dict(zip(cols, (_ox_value(t) for t in terms))))
        iri.update(c for c, t in zip(cols, terms) if isinstance(t, pyoxigraph.NamedNode))
    return rows, iri


def _run_endpoint(text: str, url: str, timeout: float = 60) -> list[dict]:
    """The rows of a SELECT on the SPARQL endpoint ``url``, as dicts of Python values."""
    return _endpoint_rows(text, url, timeout)[0]


def _endpoint_rows(text: str, url: str, timeout: float = 60) -> tuple[list[dict], set[str]]:
    import json

    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from .endpoints import endpoint, looks_like_html, scrub

    ep = endpoint(url)
    secrets = ep.secrets()
    sw = SPARQLWrapper(ep.url)
    sw.setQuery(text)
    sw.setReturnFormat(JSON)
    if len(text) > 1500:         # a long query (the label lookup) in a POST body: servers cap the length of a URL
        from SPARQLWrapper import POST

        sw.setMethod(POST)
    sw.setTimeout(timeout)
    if ep.user is not None:
        sw.setCredentials(ep.user, ep.password or "")
    not_sparql = (f"{ep.shown}: not a SPARQL endpoint: it answered {{what}}, not SPARQL results (e.g. "
                  "http://127.0.0.1:7878/query)")
    try:
        answer = sw.query()
        ctype = answer.info().get("content-type", "")
        body = answer.response.read()
        if looks_like_html(ctype, body):
            raise QueryFailed(not_sparql.format(what=f"an HTML page ({ctype})"))
        try:
            data = json.loads(body.decode("utf-8"))
        except ValueError:
            raise QueryFailed(not_sparql.format(what=f"something that is not JSON ({ctype or 'no content type'})"))
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
            raise QueryFailed(not_sparql.format(what=f"JSON without results.bindings ({ctype})"))
    except SPARQLWrapperException as exc:
        first = str(exc).strip().splitlines()
        raise QueryFailed(scrub(f"{ep.shown}: the endpoint refused the query: {first[0] if first else exc}", secrets))
    except OSError as exc:  # URLError, connection refused, timeouts
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, OSError)) and "timed out" in str(reason):
            reason = f"no answer within {timeout:g} s"
        raise QueryFailed(scrub(f"{ep.shown}: cannot reach the SPARQL endpoint: {reason}", secrets))
    out, iri = [], set()
    for b in data["results"]["bindings"]:
        row = {}
        for k, v in b.items():
            if v["type"] == "uri":
                iri.add(k)
            if v["type"] == "literal" or v["type"] == "typed-literal":
                dt = v.get("datatype", "")
                if dt.endswith(("#integer", "#int", "#long")) and re.fullmatch(r"[+-]?\d+", v["value"]):
                    row[k] = int(v["value"])
                elif dt.endswith(("#decimal", "#double", "#float")):
                    row[k] = float(v["value"])
                elif dt.endswith("#boolean"):
                    row[k] = v["value"] == "true"
                else:
                    row[k] = v["value"]
            else:
                row[k] = v["value"]
        out.append(row)
    return out, iri
