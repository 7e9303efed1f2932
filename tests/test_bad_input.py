"""Bad input of every kind is one line on stderr — ``zwgk: error: FILE[:LINE]: reason`` — and exit 2, never a
traceback (issue 13).  Each test runs the installed ``zwgk`` in a subprocess, as a user would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DOCUMENTS, HTML_PAGE, free_port, http_server, one_error_line, output_of, zwgk

GD = DOCUMENTS / "guangdong-2017-province-plan.txt"


# -- 1. datasets that are not datasets ----------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One document built by the CLI: its out/ folder."""
    work = tmp_path_factory.mktemp("built")
    docs = work / "docs"
    docs.mkdir()
    shutil.copy(GD, docs / "gd.txt")
    proc = zwgk("build", docs, "--out", work / "out", cwd=work)
    assert proc.returncode == 0, output_of(proc)
    return work / "out"


def _bad_dataset(kind: str, built: Path, tmp: Path) -> tuple[str, str, str]:
    """(the --data value, what the message must name, what it must say) for one kind of bad dataset."""
    if kind == "truncated":
        data = (built / "zwgk.trig").read_bytes()
        path = tmp / "half.trig"
        path.write_bytes(data[: len(data) // 2])
        return str(path), re.escape(str(path)) + r":\d+: ", "cannot read the dataset: not TriG"
    if kind == "png":
        path = tmp / "picture.png"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00")
        return str(path), re.escape(str(path)), "binary file"
    if kind == "folder":
        path = tmp / "some-folder"
        path.mkdir()
        (path / "notes.txt").write_text("not a dataset\n", encoding="utf-8")
        return str(path), re.escape(str(path)), "no zwgk.trig"
    if kind == "empty-store":
        path = tmp / "empty-store"
        path.mkdir()
        return f"oxigraph:{path}", re.escape(str(path)), "not an Oxigraph store"
    path = tmp / "no-such-store"
    return f"oxigraph:{path}", re.escape(str(path)), "no Oxigraph store"


KINDS = ["truncated", "png", "folder", "empty-store", "missing-store"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["query", "push", "validate"])
def test_a_bad_dataset_is_one_line(command, kind, built, tmp_path):
    data, names, says = _bad_dataset(kind, built, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    if command == "query":
        proc = zwgk("query", "plan-statistics", "--data", data, cwd=tmp_path)
    elif command == "push":
        proc = zwgk("push", "--data", data, "--endpoint", f"http://127.0.0.1:{free_port()}/store", cwd=tmp_path)
    else:
        proc = zwgk("validate", data, cwd=tmp_path)
    line = one_error_line(proc)
    assert re.search(names, line) and says in line, line
    # a store is opened read-only: nothing is created where there was none, nothing added to an empty folder
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if kind == "empty-store":
        assert not any((tmp_path / "empty-store").iterdir())


# -- 2. query parameters ------------------------------------------------------------------------------
@pytest.mark.parametrize("value, says", [
    ("https://w3id.org/zwgk/id/plan/440000-2017>", "'>'"),
    ("https://w3id.org/zwgk/id/plan/4400 00-2017", "a space"),
    ('https://w3id.org/zwgk/id/plan/"440000-2017', "'\"'"),
    ("https://w3id.org/zwgk/id/plan/440000-2017> } } DROP ALL #", "'>'"),
])
def test_an_iri_parameter_that_is_no_iri(value, says, built, tmp_path):
    proc = zwgk("query", "leads-by-theme", "--param", f"plan={value}", "--data", built / "zwgk.trig", cwd=tmp_path)
    line = one_error_line(proc)
    assert "--param plan" in line and "not a valid IRI" in line and says in line, line


@pytest.mark.parametrize("arg", [b"plan=https://w3id.org/zwgk/id/plan/\xff", b"agency=\xff\xfe", b"\xff=1"])
def test_a_parameter_that_is_not_utf8(arg, built, tmp_path):
    proc = zwgk("query", "agency-portfolio", "--param", b"agency=x", "--param", arg, "--data", built / "zwgk.trig",
                cwd=tmp_path)
    line = one_error_line(proc)
    assert "--param" in line and "not valid UTF-8" in line, line


# -- 3. an endpoint that is a web page ----------------------------------------------------------------
def test_a_query_endpoint_answering_html(tmp_path):
    with http_server(200, HTML_PAGE, "text/html; charset=utf-8") as (url, seen):
        proc = zwgk("query", "plan-statistics", "--endpoint", f"{url}/query", cwd=tmp_path)
    line = one_error_line(proc)
    assert f"{url}/query" in line and "HTML" in line and "not a SPARQL" in line, line
    assert seen, "the endpoint was asked"


def test_a_query_endpoint_with_a_password_never_shows_it(tmp_path):
    with http_server(500, b"boom", "text/plain") as (url, seen):
        secret_url = url.replace("http://", "http://analyst:s3cret-PW@") + "/query"
        proc = zwgk("query", "plan-statistics", "--endpoint", secret_url, cwd=tmp_path)
    line = one_error_line(proc)
    assert "s3cret-PW" not in output_of(proc) and "analyst:***@" in line, line
    assert seen and seen[0]["headers"].get("Authorization", "").startswith("Basic ")


# -- 6. sidecars ---------------------------------------------------------------------------------------
def _docs_with_sidecar(tmp_path: Path, sidecar: str | None) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(GD, docs / "gd.txt")
    if sidecar is None:
        (docs / "gd.meta.toml").mkdir()
    else:
        (docs / "gd.meta.toml").write_text(sidecar, encoding="utf-8")
    return docs


@pytest.mark.parametrize("sidecar, key", [
    ("issuer = 5\n", "issuer"),
    ("document_number = [1, 2]\n", "document_number"),
    ('title = ""\n', "title"),
    ("implements = 5\n", "implements"),
    ('implements = ["999999-2021"]\n', "implements"),
    ('implements = ["440000-1989"]\n', "implements"),
    ("implements = [440000]\n", "implements"),
    ("year = true\n", "year"),
    ("year = -5\n", "year"),
    ("year = 99999999999\n", "year"),
    ("year = 1989\n", "year"),
    ('year = "2017"\n', "year"),
    ('jurisdiction = true\n', "jurisdiction"),
    ("issued = 2017\n", "issued"),
    ("published = 2017-05-20T10:00:00\n", "published"),
])
def test_a_bad_sidecar_value_is_one_line(sidecar, key, tmp_path):
    docs = _docs_with_sidecar(tmp_path, '# metadata the text lacks\n\n' + sidecar)
    proc = zwgk("build", docs, "--out", tmp_path / "out", cwd=tmp_path)
    line = one_error_line(proc)
    assert f"{docs / 'gd.meta.toml'}:3: {key}" in line, line
    out = tmp_path / "out"                     # nothing written (a build's own lock file aside)
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]


def test_a_sidecar_that_is_a_folder(tmp_path):
    docs = _docs_with_sidecar(tmp_path, None)
    proc = zwgk("build", docs, "--out", tmp_path / "out", cwd=tmp_path)
    line = one_error_line(proc)
    assert str(docs / "gd.meta.toml") in line and "a folder" in line, line


def test_a_good_sidecar_still_builds(tmp_path):
    docs = _docs_with_sidecar(tmp_path, 'issuer = "广东省人民政府办公厅"\nimplements = ["CN-2017"]\nyear = 2017\n'
                                        'jurisdiction = "440000"\nissued = 2017-05-20\n')
    proc = zwgk("build", docs, "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 0, output_of(proc)


# -- 7. --base -----------------------------------------------------------------------------------------
def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("base, says", [
    ("https://example.org/my base/", "not a valid IRI: it holds a space"),
    ("rel/", "not an absolute IRI: no scheme"),
    ("https://example.org/id", "end with '/' or '#'"),
    ("https://example.org/<id>/", "'<'"),
])
def test_a_bad_base_is_refused_and_leaves_out_as_it_was(base, says, built, tmp_path):
    before = _tree(built)
    proc = zwgk("build", GD, "--out", built, "--base", base, cwd=tmp_path)
    line = one_error_line(proc)
    assert f"--base {base!r}" in line and says in line, line
    assert _tree(built) == before


def test_check_base():
    from build_graph.errors import UsageError
    from build_graph.namespaces import DEFAULT_BASE, check_base

    assert check_base(DEFAULT_BASE) == DEFAULT_BASE
    assert check_base("urn:example:zwgk#") == "urn:example:zwgk#"
    assert check_base("https://例子.中国/政务/") == "https://例子.中国/政务/"
    for bad in ("", "https://x.org/a b/", "x/", "https://x.org/a#b#", "https://x.org/{a}/", "https://x.org/\t/",
                "1http://x.org/", "https:", "https:/"):
        with pytest.raises(UsageError):
            check_base(bad)


# -- 8. --junit-file -----------------------------------------------------------------------------------
def test_junit_file_that_is_a_folder(built, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    proc = zwgk("validate", built / "zwgk.trig", "--junit-file", folder, cwd=tmp_path)
    line = one_error_line(proc)
    assert f"{folder}: --junit-file" in line and "a folder" in line, line


# -- usage errors are one line too (typer's own are a box of several) --------------------------------------
@pytest.mark.parametrize("args, says", [
    (["push"], "Missing option '--endpoint'"),
    (["validate", "--format", "bogus"], "--format"),
    (["query", "--no-such-option"], "--no-such-option"),
    (["no-such-command"], "no-such-command"),
])
def test_usage_errors_are_one_line(args, says, tmp_path):
    line = one_error_line(zwgk(*args, cwd=tmp_path))
    assert says in line and "--help" in line, line


# -- 9. internal errors and interrupts -----------------------------------------------------------------
def _with_failing_query(exc: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real entry point with queries.run replaced by one that raises ``exc`` (a Python expression)."""
    code = ("import sys, build_graph.queries as q\n"
            f"def boom(*a, **k):\n    raise {exc}\n"
            "q.run = boom\n"
            "from build_graph.cli import main\n"
            "sys.argv = ['zwgk', *sys.argv[1:]]\n"
            "main()\n")
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, env=full_env, timeout=60)


def test_an_internal_error_is_one_line_with_a_hint():
    proc = _with_failing_query('RuntimeError("the disk is on fire\\nand a second line")', "query", "plan-statistics")
    line = one_error_line(proc, code=70, prefix="zwgk: internal error:")
    assert line == "zwgk: internal error: RuntimeError: the disk is on fire (run with --debug for the traceback)"


@pytest.mark.parametrize("how", [["--debug"], []])
def test_debug_shows_the_traceback(how):
    env = {} if how else {"ZWGK_DEBUG": "1"}
    proc = _with_failing_query('RuntimeError("the disk is on fire")', *how, "query", "plan-statistics", env=env)
    err = proc.stderr.decode()
    assert proc.returncode == 70
    assert "Traceback (most recent call last)" in err and "RuntimeError: the disk is on fire" in err


def test_an_interrupt_is_one_line():
    proc = _with_failing_query("KeyboardInterrupt()", "query", "plan-statistics")
    assert proc.returncode == 130 and "Traceback" not in output_of(proc)
    assert [line for line in proc.stderr.decode().splitlines() if line.strip()] == ["zwgk: interrupted"]


# -- 10. terminal output -------------------------------------------------------------------------------
def test_printable_strips_control_characters():
    from build_graph.terminal import printable

    assert printable("a\x1b[31mred\x1b[0m\tb\nc") == "ared\tb\nc"
    assert printable("\x1b]0;pwned\x07title") == "title"              # OSC: set the window title
    assert printable("x\x00\x07\x08\x7f\x85y") == "xy"                  # C0, DEL, C1
    assert printable("x\x9b2Jy") == "xy"                                 # C1 CSI: clear the screen
    assert printable("\x1b(Bok\x1bc") == "ok"                          # other ESC sequences
    assert printable("ab\u202ecd\u2066") == "abcd"                     # bidirectional overrides
    assert printable("广东省财政厅（牵头）[1]") == "广东省财政厅（牵头）[1]"


NASTY = "\u001b[31mRED [/oops] [bold]x bell\u0007 csi\u009b2J\u001b]0;title\u0007"
TRIG = """@prefix zwgk: <https://w3id.org/zwgk/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/zwgk/id/> .
id:graph\\/plan\\/440000-2017 {
  id:agency\\/440000\\/test rdfs:label "测试局"@zh ; zwgk:jurisdiction id:jurisdiction\\/440000 .
  id:ob1 zwgk:agency id:agency\\/440000\\/test ; zwgk:requirement id:req1 ; zwgk:role zwgk:Lead ;
         zwgk:evidence zwgk:Explicit .
  id:req1 zwgk:plan id:plan\\/440000-2017 ; zwgk:text "%s" ; zwgk:sourceLine 3 .
}
""" % "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0 else c for c in NASTY)


def test_query_table_prints_no_control_characters(tmp_path):
    data = tmp_path / "nasty.trig"
    data.write_text(TRIG, encoding="utf-8")
    proc = zwgk("query", "agency-portfolio", "--param", "agency=测试局", "--data", data, cwd=tmp_path)
    out = output_of(proc)
    assert proc.returncode == 0, out
    assert "RED" in out and "[/oops] [bold]x" in out and "1 rows" in out     # shown, markup not interpreted
    assert not any(c in out for c in "\x1b\x07\x9b")
    csv = zwgk("query", "agency-portfolio", "--param", "agency=测试局", "--data", data, "--format", "csv", cwd=tmp_path)
    assert NASTY in csv.stdout.decode("utf-8")                                # csv keeps the data
    js = zwgk("query", "agency-portfolio", "--param", "agency=测试局", "--data", data, "--format", "json", cwd=tmp_path)
    assert "\\u001b[31mRED" in js.stdout.decode("utf-8") and b"\x1b" not in js.stdout
    md = zwgk("query", "agency-portfolio", "--param", "agency=测试局", "--data", data, "--format", "markdown",
              cwd=tmp_path)
    assert b"\x1b" not in md.stdout and "RED" in md.stdout.decode("utf-8")
