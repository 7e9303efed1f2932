"""A document cut short is told: a warning the CLI prints (``zwgk: warning: FILE: …``) and an open question
``truncated`` in its plan (a Warning of ``zs:TruncatedDocumentShape``) — and a whole document never is.

Cut copies of every seed: at half its bytes (at a character boundary), in the middle of a requirement's
sentence, and in the middle of its assignment (an agency cell cut mid-row, a parenthesis cut mid-way).
No false alarms: the seeds themselves, the seeds in traditional script and full-width forms, the genre set
and the real documents whose answer files say they are whole (``"truncated": false``), and synthetic
complete plans.  The documents the answer files mark as cut short (``"truncated": true``) are told.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from build_graph.build import build, find_documents, parse_document
from build_graph.errors import ZwgkError
from build_graph.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
GENRE = ROOT / "tests" / "fixtures" / "genre"
REAL = Path(os.environ.get("ZWGK_REAL_DOCUMENTS", ROOT.parent / "shared" / "real"))
SEEDS = find_documents([DOCUMENTS])


def _truncated(plan) -> list:
    return [q for q in plan.parsed.open_questions if q.kind == "truncated"]


def _told(path: Path) -> tuple[bool, list[str]]:
    """(the plan has an open question truncated, the build's warnings) for one document."""
    plan, _residue, warnings = parse_document(path)
    return bool(_truncated(plan)), [w for w in warnings if "cut short" in w]


def _cut(text: str, at: int) -> str:
    return text[:at]


def _half(path: Path) -> bytes:
    data = path.read_bytes()
    i = len(data) // 2
    while True:
        try:
            data[:i].decode("utf-8")
            return data[:i]
        except UnicodeDecodeError:
            i -= 1


def _offset(lines: list[str], line: int, piece: str) -> int | None:
    """Where ``piece`` (its first characters) starts on a line of the text, as an offset into the text."""
    head = piece[:8]
    at = lines[line - 1].find(head)
    if at < 0:
        return None
    return sum(len(x) + 1 for x in lines[:line - 1]) + at


def _mid_points(path: Path) -> dict[str, int]:
    """Cut points inside the middle requirement of the seed: half-way into its text (mid-sentence) and
    half-way into its first assignment (mid-row in a table, mid-parenthesis in prose)."""
    plan, _, _ = parse_document(path)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    reqs = plan.parsed.requirements
    points = {}
    for r in reqs[len(reqs) // 2:]:
        at = _offset(lines, r.line, r.text)
        if at is not None and len(r.text.split("\n")[0]) >= 12:
            points["mid-sentence"] = at + len(r.text.split("\n")[0]) // 2
            break
    for r in reqs[len(reqs) // 2:]:
        own = [a for a in r.assignments if a.evidence != "MergedCell"]
        if own and len(own[0].text) >= 4:
            at = _offset(lines, own[0].lines[0], own[0].text)
            if at is not None:
                points["mid-assignment"] = at + len(own[0].text.split()[0]) // 2
                break
    return points


def test_half_of_every_seed_is_told(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in SEEDS:
        (folder / f.name).write_bytes(_half(f))
    result = build([folder], out=None)
    for f in SEEDS:
        said = [w for w in result.warnings if w.startswith(f"{folder / f.name}: ") and "cut short" in w]
        assert len(said) == 1, (f.name, result.warnings)
    assert len(result.plans) == len(SEEDS)
    for plan in result.plans.values():
        assert len(_truncated(plan)) == 1, plan.path.name


@pytest.mark.parametrize("seed", SEEDS, ids=[f.stem for f in SEEDS])
def test_cut_inside_an_item_is_told(tmp_path, seed):
    text = seed.read_text(encoding="utf-8")
    points = _mid_points(seed)
    assert set(points) == {"mid-sentence", "mid-assignment"}
    for name, at in points.items():
        copy = tmp_path / name / seed.name
        copy.parent.mkdir()
        copy.write_text(_cut(text, at), encoding="utf-8")
        question, warnings = _told(copy)
        assert question and len(warnings) == 1, (name, text[max(0, at - 30):at])
        assert warnings[0].startswith(f"{copy}: the document looks cut short at line ")


def test_whole_seeds_are_not_told():
    for f in SEEDS:
        assert _told(f) == (False, []), f.name


def test_converted_seeds_are_not_told(tmp_path):
    from tests.test_folded_text import full_width, traditional

    for name, convert in (("traditional", traditional), ("full-width", full_width)):
        for f in SEEDS:
            copy = tmp_path / name / f.name
            copy.parent.mkdir(exist_ok=True)
            copy.write_text(convert(f.read_text(encoding="utf-8")), encoding="utf-8")
            assert _told(copy) == (False, []), (name, f.name)


def _answer_sets():
    for folder in (GENRE, REAL):
        if folder.is_dir():
            for f in sorted(folder.glob("[0-9]*.txt")):
                answer = json.loads(f.with_suffix(".json").read_text(encoding="utf-8"))
                yield folder.name, f, answer.get("truncated")


def test_answer_sets_whole_documents_are_not_told_and_cut_ones_are():
    """The genre set (and the real documents, where they are on this machine): a document its answer file
    says is whole gives no warning; one it says is cut short gives one, unless it is refused (nothing to
    read: the refusal says so).  Documents whose answer states neither are not judged here."""
    false_alarms, missed = [], []
    for name, f, truncated in _answer_sets():
        if truncated is None:
            continue
        try:
            question, warnings = _told(f)
        except ZwgkError:
            continue                                   # refused with its one line
        if truncated is False and (question or warnings):
            false_alarms.append(f"{name}/{f.name}")
        if truncated is True and not (question and warnings):
            missed.append(f"{name}/{f.name}")
    assert false_alarms == []
    assert missed == []


def test_synthetic_whole_plans_are_not_told(tmp_path):
    write_corpus(12, 5, tmp_path)
    told = [f.name for f in sorted(tmp_path.glob("*.txt")) if _told(f) != (False, [])]
    assert told == []
