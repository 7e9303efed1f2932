"""The CLI in-process, and sidecar metadata files."""

from __future__ import annotations

import re
import shutil

from rdflib import Dataset
from typer.testing import CliRunner

from build_graph.cli import app
from tests.conftest import DOCUMENTS, PREFIXES

runner = CliRunner()


def test_help_documents_exit_codes():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "0 ok; 1 the data fails validation; 2 input or usage error" in " ".join(result.output.split())


def test_build_prints_summary(tmp_path):
    result = runner.invoke(app, ["build", str(DOCUMENTS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    row = next(line for line in lines if "440000-2017" in line)
    cells = re.split(r"\s{2,}", row.strip())                # columns apart by two spaces or more, no rules
    # plan, layout, themes, reqs, lead, coop, impl, superv, explicit, merged, shared, intext, open, repairs, residue
    assert cells[:4] == ["440000-2017", "tsv_table", "22 (1 lost)", "118"]
    assert cells[12:] == ["1", "10", "1"]
    assert "wrote 17 files" in result.output     # 4 plans × .ttl + .jsonld, 7 dataset files, dataset.ttl + .jsonld


def _copy_with_sidecar(tmp_path, sidecar: str):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DOCUMENTS / "guangdong-2017-province-plan.txt", docs / "gd.txt")
    (docs / "gd.meta.toml").write_text(sidecar, encoding="utf-8")
    return docs


def test_sidecar_adds_what_the_text_lacks_and_is_marked(tmp_path):
    docs = _copy_with_sidecar(tmp_path, 'issuer = "广东省人民政府办公厅"\nissued = 2017-05-20\n'
                                        'document_number = "粤办函〔2017〕000号"\nyear = 2016\n')
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(docs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # the text says 2017: the sidecar's 2016 is reported and ignored
    assert "year = 2016 differs from the text's 2017; the text is kept" in " ".join(result.output.split())
    ds = Dataset(default_union=True)
    ds.parse(out / "zwgk.trig", format="trig")
    rows = ds.query(PREFIXES + """SELECT ?pred ?file WHERE { ?s a rdf:Statement ; rdf:subject ?p ; rdf:predicate ?pred ;
                     prov:wasDerivedFrom ?sc . ?sc a zwgk:SidecarFile ; zwgk:fileName ?file } ORDER BY ?pred""")
    assert [(re.split(r"[/#]", str(r[0]))[-1], str(r[1])) for r in rows] == [
        ("issued", "gd.meta.toml"), ("documentNumber", "gd.meta.toml"), ("issuedBy", "gd.meta.toml")]
    issued = list(ds.query(PREFIXES + "SELECT ?d WHERE { ?p a zwgk:Plan ; dcterms:issued ?d }"))
    assert [str(r[0]) for r in issued] == ["2017-05-20"]


def test_bad_sidecar_is_one_line_exit_2(tmp_path):
    docs = _copy_with_sidecar(tmp_path, 'colour = "blue"\n')
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(docs), "--out", str(out)])
    assert result.exit_code == 2
    assert "gd.meta.toml: unknown keys ['colour']" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
