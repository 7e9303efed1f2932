"""Every export of the seed build parsed by independent parsers: serdi, rapper (Raptor) and Jena's RIOT.

Each must read every file without error and find the same quads pyoxigraph finds: serdi and
rapper re-serialise to N-Quads, compared quad by quad (blank nodes by count, their labels being
each parser's own); Jena's count of quads and named graphs.  JSON-LD is read by Jena only (serdi
and Raptor have no JSON-LD reader).  An engine that is not installed is skipped with its install
command (see tests/second_engines.py).
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.second_engines import jena, require

SYNTAX = {".trig": ("trig", ox.RdfFormat.TRIG), ".ttl": ("turtle", ox.RdfFormat.TURTLE),
          ".nt": ("ntriples", ox.RdfFormat.N_TRIPLES), ".nq": ("nquads", ox.RdfFormat.N_QUADS),
          ".jsonld": (None, ox.RdfFormat.JSON_LD)}


def exports(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.suffix in SYNTAX and p.is_file() and ".zwgk" not in str(p))


def _key(q) -> str:
    """A quad with its blank nodes anonymised (each parser labels them its own way)."""
    parts = [q.subject, q.predicate, q.object, q.graph_name]
    return " ".join("_:b" if isinstance(t, ox.BlankNode) else str(t) for t in parts)


def quads(path: Path) -> Counter:
    return Counter(_key(q) for q in ox.parse(path=str(path), format=SYNTAX[path.suffix][1]))


def test_the_build_has_every_kind_of_export(corpus_build):
    _, out = corpus_build
    names = {p.relative_to(out).as_posix() for p in exports(out)}
    assert {"zwgk.trig", "zwgk.ttl", "zwgk.jsonld", "links.ttl", "plans/440000-2017.ttl"} <= names


@pytest.mark.parametrize("engine", ["serdi", "rapper"])
def test_c_parsers_read_every_export_alike(corpus_build, engine):
    command = require(engine)
    _, out = corpus_build
    checked = 0
    for path in exports(out):
        syntax = SYNTAX[path.suffix][0]
        if syntax is None:
            continue
        args = [command, "-i", syntax, "-o", "nquads", str(path)] if engine == "serdi" else \
            [command, "-q", "-i", syntax, "-o", "nquads", str(path)]
        proc = subprocess.run(args, capture_output=True, timeout=120)
        assert proc.returncode == 0, f"{engine} {path.name}: {proc.stderr.decode(errors='replace')[-500:]}"
        theirs = Counter(_key(q) for q in ox.parse(proc.stdout, format=ox.RdfFormat.N_QUADS))
        assert theirs == quads(path), f"{engine} reads {path.relative_to(out)} differently"
        checked += 1
    assert checked >= 7


def test_jena_reads_every_export_alike(corpus_build, tmp_path):
    classpath = require("jena", tmp_path)
    _, out = corpus_build
    files = exports(out)
    rows = [line.split("\t") for line in jena(classpath, "parse", *map(str, files)).splitlines()]
    assert [Path(f) for f, _, _ in rows] == files
    for (name, n, graphs), path in zip(rows, files):
        mine = quads(path)
        assert int(n) == sum(mine.values()), f"Jena reads {int(n)} quads in {path.relative_to(out)}, pyoxigraph {sum(mine.values())}"
        assert int(graphs) == len({q.graph_name for q in ox.parse(path=str(path), format=SYNTAX[path.suffix][1])
                                   if not isinstance(q.graph_name, ox.DefaultGraph)}), path.name
