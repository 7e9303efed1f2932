"""Reading documents: encodings, line ends, full-width numbers, and inputs we must refuse.

Part 1 parses the committed variants in ``tests/fixtures/encodings/`` (one 12-line excerpt
of ``documents/guangdong-2017-province-plan.txt`` in UTF-8, UTF-8 with BOM, CRLF, GBK,
GB18030, Big5 in traditional characters, and with full-width item numbers; see
``make_fixtures.py`` there) and checks that every variant reads as the same plan.

Part 2 feeds bad inputs through the library (:func:`build_graph.build.build`) and through
the CLI in-process (``zwgk build PATH --out OUT``) and checks the contract of
``build_graph.errors``: exit code 2, one line naming the file and the reason, no
traceback, and nothing written to the output folder — not even over a previous build.  In a
folder, a bad document is refused on its own: the others are built, ``out/rejected.tsv`` names
it with its reason, and the command exits 3.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import zhconv
from typer.testing import CliRunner

from build_graph.build import build, parse_document
from build_graph.cli import app
from build_graph.errors import NothingToRead, ZwgkError
from build_graph.reader import read_document
from build_graph.textnorm import fold

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "encodings"

#: fixture file → the encoding name read_document must report
ENCODINGS = {
    "utf8.txt": "utf-8",
    "utf8-bom.txt": "utf-8-sig",
    "crlf.txt": "utf-8",
    "gbk.txt": "gb18030",          # GBK is read as its superset GB18030
    "gb18030.txt": "gb18030",
    "big5.txt": "big5",
    "fullwidth.txt": "utf-8",
}
VARIANTS = sorted(ENCODINGS)


# --------------------------------------------------------------------------- helpers

def _runner() -> CliRunner:
    """A runner that keeps stderr apart from stdout where the installed runner allows it."""
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:             # click >= 8.2 / typer's own runner: stderr is always separate
        return CliRunner()


def _stderr(result) -> str:
    try:
        return result.stderr
    except ValueError:            # old click with mixed streams: stderr not captured apart
        return result.output


def run_cli(*args: str | Path):
    return _runner().invoke(app, [str(a) for a in args])


def files_under(folder: Path) -> list[Path]:
    """Every file (hidden temporaries included) below ``folder``; [] when it does not exist."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in files_under(folder)}


@pytest.fixture(scope="module")
def parsed():
    """variant name → (Document, PlanInput) for every committed fixture."""
    out = {}
    for name in VARIANTS:
        path = FIXTURES / name
        plan, _residue, _warnings = parse_document(path)
        out[name] = (read_document(path), plan)
    return out


def requirement(plan, theme: int, number: int):
    hits = [r for r in plan.parsed.requirements if r.theme == (theme,) and r.number == number]
    assert len(hits) == 1, f"expected one requirement {theme}.{number}, found {len(hits)}"
    return hits[0]


# --------------------------------------------------------------------------- the fixtures themselves

def test_fixtures_are_the_documented_variants():
    """The committed bytes are what make_fixtures.py documents (guards against re-saving in an editor)."""
    raw = (FIXTURES / "utf8.txt").read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text and not text.startswith("\ufeff")
    assert "广东省" in text and "2017" in text and "工作任务\t具体要求\t牵头落实单位" in text
    assert (FIXTURES / "utf8-bom.txt").read_bytes() == b"\xef\xbb\xbf" + raw
    assert (FIXTURES / "crlf.txt").read_bytes() == raw.replace(b"\n", b"\r\n")
    assert (FIXTURES / "gbk.txt").read_bytes() == text.encode("gbk")
    assert (FIXTURES / "gb18030.txt").read_bytes() == text.encode("gb18030")
    assert (FIXTURES / "big5.txt").read_bytes().decode("big5") == zhconv.convert(text, "zh-tw")
    full = (FIXTURES / "fullwidth.txt").read_bytes().decode("utf-8")
    assert "\t１． " in full and "\t1. " not in full and " 2017 " in full


# --------------------------------------------------------------------------- part 1: every variant reads alike

@pytest.mark.parametrize("name", VARIANTS)
def test_encoding_detected(parsed, name):
    doc, plan = parsed[name]
    assert doc.encoding == ENCODINGS[name]
    assert plan.encoding == ENCODINGS[name]


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_parses_as_the_same_plan(parsed, name):
    _, ref = parsed["utf8.txt"]
    _, plan = parsed[name]
    assert plan.parsed.layout == ref.parsed.layout == "tsv_table"
    assert len(ref.parsed.themes) == 2 and len(ref.parsed.requirements) == 7   # 一.1-5, 二.1-2
    assert len(plan.parsed.themes) == len(ref.parsed.themes)
    assert len(plan.parsed.requirements) == len(ref.parsed.requirements)
    assert [fold(r.text) for r in plan.parsed.requirements] == [fold(r.text) for r in ref.parsed.requirements]
    assert [(r.theme, r.number) for r in plan.parsed.requirements] == \
        [(r.theme, r.number) for r in ref.parsed.requirements]
    assert [fold(t.label or "") for t in plan.parsed.themes] == [fold(t.label or "") for t in ref.parsed.themes]
    assert (plan.meta.jurisdiction, plan.meta.year) == (ref.meta.jurisdiction, ref.meta.year) == ("440000", 2017)
    assert fold(plan.meta.title) == fold(ref.meta.title)


@pytest.mark.parametrize("name", VARIANTS)
def test_lead_agency_of_item_1_3(parsed, name):
    _, plan = parsed[name]
    req = requirement(plan, 1, 3)
    assert req.assignment is not None
    assert fold(req.assignment.text) == fold("省财政厅")


def test_crlf_text_is_stored_without_carriage_returns(parsed):
    doc, plan = parsed["crlf.txt"]
    ref_doc, ref = parsed["utf8.txt"]
    assert not any("\r" in line for line in doc.lines)
    assert doc.lines == ref_doc.lines
    for r in plan.parsed.requirements:
        assert "\r" not in r.text
        assert r.assignment is None or "\r" not in r.assignment.text
    assert [r.text for r in plan.parsed.requirements] == [r.text for r in ref.parsed.requirements]
    assert [r.assignment.text for r in plan.parsed.requirements] == \
        [r.assignment.text for r in ref.parsed.requirements]


def test_bom_is_not_part_of_the_text(parsed):
    doc, plan = parsed["utf8-bom.txt"]
    ref_doc, ref = parsed["utf8.txt"]
    assert not doc.lines[0].startswith("\ufeff")
    assert not any("\ufeff" in line for line in doc.lines)
    assert doc.lines == ref_doc.lines
    assert plan.meta.title == ref.meta.title
    assert not plan.meta.title.startswith("\ufeff")


# --------------------------------------------------------------------------- part 2: bad inputs

def _random_undecodable(n: int = 256) -> bytes:
    """High bytes valid in none of UTF-8, GB18030, Big5 (0xFF leads nothing in any of them)."""
    rng = random.Random(20170101)
    body = bytes(rng.choice([0x80, 0xFF]) if i % 3 == 0 else rng.randrange(0x80, 0x100) for i in range(n))
    return b"\xff\x80" + body


NEWS = ("据新华社报道，今年以来，全国各地持续推进政务公开工作，取得了积极成效。"
        "各级政府部门通过网站、公众号等渠道及时发布政策信息，主动回应社会关切。"
        "专家表示，政务公开有助于提升政府公信力，增强人民群众的获得感。\n")

#: name → (file bytes, keywords of which at least one must be in the error line)
BAD_FILES = {
    "empty": (b"", ("empty",)),
    "whitespace": (b"  \n\t\r\n   \n\n", ("empty",)),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
               + bytes(random.Random(7).randrange(256) for _ in range(600)) + b"\x00" * 16,
               ("binary",)),
    "undecodable": (_random_undecodable(), ("encoding",)),
    "latin1": ("Élève café déjà\n".encode("latin-1"), ("encoding", "no requirement")),
    # Latin-1 bytes that happen to decode as GB18030 and Big5: must still be refused
    "latin1-gb-lookalike": ("Élèves étés\nÉlève\n".encode("latin-1"), ("encoding", "no requirement")),
    "nothing-to-read": (NEWS.encode("utf-8"), ("no requirement",)),
}

#: whitespace that is not ASCII: still no text to read, so it should be reported as empty
BAD_FILES_UNICODE_BLANK = {
    "bom-only": b"\xef\xbb\xbf",
    "bom-and-newlines": b"\xef\xbb\xbf\r\n\r\n",
    "ideographic-spaces": "\u3000\u3000\n\u00a0\n\n".encode("utf-8"),
    "gb18030-ideographic-spaces": b"\xa1\xa1\xa1\xa1\r\n",
}


def test_undecodable_bytes_really_fail_every_supported_encoding():
    for data in (BAD_FILES["undecodable"][0], BAD_FILES["latin1"][0]):
        for enc in ("utf-8", "gb18030", "big5"):
            with pytest.raises(UnicodeDecodeError):
                data.decode(enc)
    lookalike = BAD_FILES["latin1-gb-lookalike"][0]
    lookalike.decode("gb18030")
    lookalike.decode("big5")


def _check_one_line(line: str, *, names: Path | None, keywords: tuple[str, ...]):
    assert line, "no error message"
    assert "\n" not in line, f"error is not one line: {line!r}"
    assert "Traceback" not in line
    if names is not None:
        assert str(names) in line, f"error does not name {names}: {line!r}"
    low = line.lower()
    assert any(k in low for k in keywords), f"none of {keywords} in {line!r}"


def assert_library_refuses(paths: list[Path], out: Path, *, names: Path | None, keywords: tuple[str, ...]):
    before = snapshot(out)
    with pytest.raises(ZwgkError) as info:
        build(paths, out=out)
    err = info.value
    assert err.exit_code == 2
    _check_one_line(err.one_line(), names=names, keywords=keywords)
    assert str(err) == err.one_line()
    assert snapshot(out) == before, "the failed build changed the output folder"
    return err


def assert_cli_refuses(paths: list[Path], out: Path, *, names: Path | None, keywords: tuple[str, ...]):
    before = snapshot(out)
    result = run_cli("build", *paths, "--out", out)
    err = _stderr(result)
    assert result.exit_code == 2, f"exit {result.exit_code}: {result.output!r} {result.exception!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "Traceback" not in err
    line = err.rstrip("\n")
    _check_one_line(line, names=names, keywords=keywords)
    assert line.startswith("zwgk: error: ")
    assert snapshot(out) == before, "the failed build changed the output folder"
    return line


def _bad_file(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / f"{name}.txt"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("via", ["library", "cli"])
def test_bad_file(tmp_path, name, via):
    data, keywords = BAD_FILES[name]
    path = _bad_file(tmp_path, name, data)
    out = tmp_path / "out"
    check = assert_library_refuses if via == "library" else assert_cli_refuses
    check([path], out, names=path, keywords=keywords)
    assert files_under(out) == []


@pytest.mark.parametrize("name", sorted(BAD_FILES_UNICODE_BLANK))
@pytest.mark.parametrize("via", ["library", "cli"])
def test_unicode_blank_file_is_empty(tmp_path, name, via):
    path = _bad_file(tmp_path, name, BAD_FILES_UNICODE_BLANK[name])
    out = tmp_path / "out"
    check = assert_library_refuses if via == "library" else assert_cli_refuses
    check([path], out, names=path, keywords=("empty",))


@pytest.mark.parametrize("name", sorted(BAD_FILES_UNICODE_BLANK))
def test_unicode_blank_file_is_refused_cleanly(tmp_path, name):
    """Whatever the reason given, a blank file is an exit-2 one-liner that writes nothing."""
    path = _bad_file(tmp_path, name, BAD_FILES_UNICODE_BLANK[name])
    out = tmp_path / "out"
    assert_library_refuses([path], out, names=path, keywords=("empty", "no requirement"))
    assert_cli_refuses([path], out, names=path, keywords=("empty", "no requirement"))
    assert files_under(out) == []


def test_missing_path(tmp_path):
    path = tmp_path / "no-such-plan.txt"
    out = tmp_path / "out"
    assert_library_refuses([path], out, names=path, keywords=("no such file",))
    assert_cli_refuses([path], out, names=path, keywords=("no such file",))
    assert files_under(out) == []
    with pytest.raises(ZwgkError) as info:          # one document, read directly
        parse_document(path)
    assert info.value.exit_code == 2
    _check_one_line(info.value.one_line(), names=path, keywords=("no such file",))


def test_folder_without_documents(tmp_path):
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (folder / "README.md").write_text("not a plan\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    out = tmp_path / "out"
    assert_library_refuses([folder], out, names=folder, keywords=("no plan documents",))
    assert_cli_refuses([folder], out, names=folder, keywords=("no plan documents",))
    assert files_under(out) == []


def test_nothing_to_read_says_what_was_found(tmp_path):
    path = _bad_file(tmp_path, "news", NEWS.encode("utf-8"))
    out = tmp_path / "out"
    err = assert_library_refuses([path], out, names=path, keywords=("no requirement",))
    assert isinstance(err, NothingToRead)
    line = assert_cli_refuses([path], out, names=path, keywords=("no requirement",))
    for text in (err.one_line(), line):
        assert "a covering notice or page text only, with no numbered item, bullet, assignment or table" in text
        assert "(1 lines, 0 of them site boilerplate)" in text


@pytest.mark.parametrize("bad", ["empty", "binary", "nothing-to-read"])
def test_folder_with_one_bad_document_builds_the_others(tmp_path, bad):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "utf8.txt", folder / "a-good.txt")
    data, keywords = BAD_FILES[bad]
    bad_path = folder / "b-bad.txt"
    bad_path.write_bytes(data)
    out = tmp_path / "out"
    result = build([folder], out=out)
    assert [p for p, _ in result.rejected] == [bad_path]
    _check_one_line(result.rejected[0][1], names=None, keywords=keywords)
    assert sorted(result.stats) == ["440000-2017"]
    rows = (out / "rejected.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "file\treason" and rows[1].startswith("b-bad.txt\t") and len(rows) == 2
    out2 = tmp_path / "out2"
    cli = run_cli("build", folder, "--out", out2)
    assert cli.exit_code == 3, cli.output
    assert f"refused 1 of 2 documents (listed in {out2}/rejected.tsv):" in cli.output
    assert f"{bad_path}: " in cli.output
    assert (out2 / "rejected.tsv").read_bytes() == (out / "rejected.tsv").read_bytes()


def test_folder_of_bad_documents_writes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-empty.txt").write_bytes(b"")
    (folder / "b-news.txt").write_bytes(NEWS.encode("utf-8"))
    out = tmp_path / "out"
    with pytest.raises(ZwgkError) as info:
        build([folder], out=out)
    err = info.value
    assert err.exit_code == 2 and err.one_line() == "all 2 documents were refused: nothing to build, nothing written"
    # every refused document is named, each on its line, in one run
    assert [line.split(": ", 1)[0] for line in err.lines()[:2]] == [str(folder / "a-empty.txt"), str(folder / "b-news.txt")]
    assert "empty file" in err.lines()[0]
    result = run_cli("build", folder, "--out", out)
    lines = _stderr(result).splitlines()
    assert result.exit_code == 2 and len(lines) == 3 and all(line.startswith("zwgk: error: ") for line in lines)
    assert lines == [f"zwgk: error: {line}" for line in err.lines()]
    assert "Traceback" not in result.output
    assert not out.exists()                     # nothing written, not even the folder


def test_good_fixture_builds(tmp_path):
    """The control for the tests above: the same call on a good document succeeds and writes."""
    out = tmp_path / "out"
    result = run_cli("build", FIXTURES / "utf8.txt", "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "zwgk.trig").is_file() and (out / "zwgk.ttl").is_file()


@pytest.mark.parametrize("via", ["library", "cli"])
@pytest.mark.parametrize("bad", ["empty", "binary", "undecodable", "nothing-to-read"])
def test_failed_rebuild_keeps_previous_outputs(tmp_path, via, bad):
    out = tmp_path / "out"
    good = FIXTURES / "utf8.txt"
    if via == "library":
        build([good], out=out)
    else:
        result = run_cli("build", good, "--out", out)
        assert result.exit_code == 0, result.output
    trig = (out / "zwgk.trig").read_bytes()
    before = snapshot(out)
    assert trig and len(before) >= 4         # zwgk.trig, zwgk.ttl, residue.tsv, plans/*.ttl

    data, keywords = BAD_FILES[bad]
    bad_path = _bad_file(tmp_path, bad, data)
    check = assert_library_refuses if via == "library" else assert_cli_refuses
    check([bad_path], out, names=bad_path, keywords=keywords)

    assert (out / "zwgk.trig").read_bytes() == trig
    assert snapshot(out) == before


def test_simplified_conversion_skips_only_texts_zhconv_would_leave_alone():
    import zhconv

    from build_graph.textnorm import to_simplified

    texts = ["關於做好政務公開工作", "么九", "什么时候公开", "公尺", "乾安县人民政府", "省财政厅", "各地级以上市人民政府",
             "(十六)信息公开", ""]
    assert [to_simplified(t) for t in texts] == [zhconv.convert(t, "zh-cn") for t in texts]
    # a phrase of characters that do not change alone still changes: 么九 → 幺九; plain simplified text is kept
    assert to_simplified("么九") == "幺九" and to_simplified("关于做好政务公开工作") == "关于做好政务公开工作"


# --- what is not a readable text file, wherever the bytes or the file are odd --------------------------

LIAONING = (Path(__file__).resolve().parent.parent / "documents" / "liaoning-2017-province-plan.txt")


def test_nul_and_escape_sequences_beyond_the_first_8_kb_never_reach_the_graph(tmp_path):
    src = LIAONING.read_bytes()
    cut = src.index(b"\n", 9000)
    doc = tmp_path / "liaoning.txt"
    doc.write_bytes(src[:cut] + "\n\x1b[31m加强\x00政务公开\x1b]0;title\x07\x1b[0m\n".encode() + src[cut:])
    shutil.copy(LIAONING.with_name(LIAONING.name + ".meta.toml"), tmp_path / "liaoning.txt.meta.toml") \
        if LIAONING.with_name(LIAONING.name + ".meta.toml").exists() else None
    d = read_document(doc)
    n = src[:cut].count(b"\n") + 2
    assert d.lines[n - 1] == "加强政务公开"
    assert d.cleaned == [(n, "control characters removed (U+0000, U+0007, U+001B)", "␛[31m加强␀政务公开␛]0;title␇␛[0m")]
    out = tmp_path / "out"
    build([doc], out=out)
    for name in ("zwgk.trig", "zwgk.ttl", "residue.tsv"):
        text = (out / name).read_text(encoding="utf-8")
        assert not any(c in text for c in "\x00\x1b\x07"), name
    assert f"liaoning.txt\t{n}\tcontrol characters removed (U+0000, U+0007, U+001B)\t␛[31m加强␀政务公开" in \
        (out / "residue.tsv").read_text(encoding="utf-8")


def test_many_nuls_anywhere_are_binary(tmp_path):
    path = _bad_file(tmp_path, "late-nuls", LIAONING.read_bytes() + b"\x00" * 5000)
    assert_cli_refuses([path], tmp_path / "out", names=path, keywords=("binary file",))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path, encoding):
    doc = tmp_path / "plan.txt"
    doc.write_bytes(LIAONING.read_text(encoding="utf-8").encode(encoding))
    d = read_document(doc)
    assert d.encoding == encoding and d.lines == read_document(LIAONING).lines


def test_a_fifo_a_device_a_link_loop_and_a_broken_link_are_one_line_each(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    loop_a, loop_b = tmp_path / "a.txt", tmp_path / "b.txt"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    out = tmp_path / "out"
    assert "a FIFO (named pipe), not a document file" in assert_cli_refuses([fifo], out, names=fifo, keywords=("fifo",))
    assert_cli_refuses([Path("/dev/zero")], out, names=Path("/dev/zero"), keywords=("a device, not a document file",))
    assert_cli_refuses([loop_a], out, names=loop_a, keywords=("symbolic link loop",))
    assert_cli_refuses([broken], out, names=broken, keywords=("symbolic link to nothing",))
    # in a folder: each is named in one run, none hangs the build
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(LIAONING, folder / "good.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    result = build([folder], out=out)
    assert sorted((p.name, r) for p, r in result.rejected) == [
        ("loop.txt", "a symbolic link loop: the link never reaches a file"),
        ("pipe.txt", "a FIFO (named pipe), not a document file")]


def test_a_document_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    from build_graph.reader import MAX_DOCUMENT_BYTES

    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)
    assert_cli_refuses([big], tmp_path / "out", names=big, keywords=("larger than the 20 mb",))


def test_every_missing_path_is_named(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    line = assert_cli_refuses([a, b], tmp_path / "out", names=a, keywords=("no such file or folder",))
    assert str(b) in line
