"""`make test` prints no warnings of rdflib's deprecated API: our code calls only the current one (Dataset.parse,
Dataset.query), and the two warnings rdflib's internals still raise from it are filtered in pyproject.toml,
each for the one module that raises it."""

from __future__ import annotations

import subprocess
import sys
import warnings

from rdflib import Dataset

from tests.conftest import ROOT

PROBE = '''
from rdflib import Dataset

def test_parse_and_query_the_build():
    ds = Dataset(default_union=True)
    ds.parse(TRIG, format="trig")
    rows = list(ds.query("PREFIX zwgk: <https://w3id.org/zwgk/ontology#> SELECT ?p WHERE { ?p a zwgk:Plan }"))
    assert len(rows) == 6      # the 4 built plans and the 2 national ones they implement
'''


def test_rdflib_still_warns_from_its_own_modules(corpus_build):
    """What the filters are for: without them, parsing and querying warn from rdflib.graph and the TriG parser."""
    _, out = corpus_build
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        ds = Dataset(default_union=True)
        ds.parse(out / "zwgk.trig", format="trig")
        list(ds.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"))
    where = {(w.category.__name__, w.filename.rsplit("site-packages/", 1)[-1], str(w.message).split(",")[0]) for w in seen}
    assert where == {("DeprecationWarning", "rdflib/graph.py", "Dataset.default_context is deprecated"),
                     ("DeprecationWarning", "rdflib/plugins/parsers/trig.py", "ConjunctiveGraph is deprecated")}


def test_the_suite_config_silences_exactly_those(corpus_build, tmp_path):
    _, out = corpus_build
    (tmp_path / "test_probe.py").write_text(f"TRIG = {str(out / 'zwgk.trig')!r}\n" + PROBE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml"),
                           "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    last = proc.stdout.strip().splitlines()[-1]
    assert proc.returncode == 0, proc.stdout
    assert "1 passed" in last and "warning" not in last, last
