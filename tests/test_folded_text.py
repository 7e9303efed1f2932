"""Every keyword the reader matches is matched on the folded text, never on the printed characters.

A document printed in traditional script, or with its ASCII punctuation, digits and letters in their
full-width forms, says the same thing as the seed it was converted from: the same requirements and the same
duties, role by role, plan by plan.  The printed text stays as printed (asWritten keeps the document's own
characters) — only what the reader *matches* is folded (:func:`build_graph.textnorm.match_view`).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from build_graph.build import build, find_documents, parse_document
from build_graph.errors import ZwgkError
from build_graph.reading.normalise import tidy
from build_graph.reading.paragraphs import page_width
from build_graph.textnorm import zhconv

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
GENRE = ROOT / "tests" / "fixtures" / "genre"
REAL = Path(os.environ.get("ZWGK_REAL_DOCUMENTS", ROOT.parent / "shared" / "real"))
ROLES = ("Lead", "Cooperate", "Implement", "Supervise")


def traditional(text: str) -> str:
    """Simplified → traditional characters (zhconv's zh-hant: characters only, no regional vocabulary)."""
    return zhconv.convert(text, "zh-hant")


def full_width(text: str) -> str:
    """ASCII punctuation, digits and letters → their full-width forms (！ … ～); spaces, tabs and the CJK
    punctuation the document already prints stay as they are."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _convert(folder: Path, convert) -> Path:
    folder.mkdir()
    for f in find_documents([DOCUMENTS]):
        (folder / f.name).write_text(convert(f.read_text(encoding="utf-8")), encoding="utf-8")
        sidecar = f.with_name(f.stem + ".meta.toml")
        if sidecar.exists():
            shutil.copy(sidecar, folder / sidecar.name)
    return folder


def _counts(folder: Path) -> dict[str, tuple[int, dict[str, int]]]:
    """Per plan (by its file name): its requirements and its duties per role."""
    result = build([folder], out=None)
    out = {}
    for plan in result.plans.values():
        roles = Counter(d.role for r in plan.parsed.requirements for a in r.assignments for d in a.duties)
        out[plan.path.name] = (len(plan.parsed.requirements), {role: roles.get(role, 0) for role in ROLES})
    return out


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[int, dict[str, int]]]:
    return _counts(DOCUMENTS)


@pytest.mark.parametrize("convert", [traditional, full_width, lambda t: full_width(traditional(t))],
                         ids=["traditional", "full-width", "traditional+full-width"])
def test_converted_seeds_read_the_same(tmp_path, seeds, convert):
    converted = _counts(_convert(tmp_path / "docs", convert))
    assert converted == seeds


def test_traditional_header_gives_the_column_its_role(tmp_path, seeds):
    """A table whose header alone is printed in traditional script (牽頭落實單位): its unmarked names still lead."""
    name = "guangdong-2017-province-plan.txt"
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    assert "牵头落实单位" in text
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / name).write_text(text.replace("牵头落实单位", "牽頭落實單位"), encoding="utf-8")
    assert _counts(folder)[name] == seeds[name]


def test_printed_text_stays_as_printed(tmp_path):
    """The reader matches folded text but keeps the document's own characters in what it records: every
    requirement text, agency name as written and column header is in the converted document."""
    folder = _convert(tmp_path / "docs", lambda t: full_width(traditional(t)))
    result = build([folder], out=None)

    def bare(text: str) -> str:                  # cells and names may be joined over lines
        return "".join(text.split())

    for plan in result.plans.values():
        printed = bare((folder / plan.path.name).read_text(encoding="utf-8"))
        for r in plan.parsed.requirements:
            assert bare(r.text) in printed, r.text
            for a in r.assignments:
                for d in a.duties:
                    assert bare(d.written) in printed, d.written
        if plan.parsed.column_header:
            assert bare(plan.parsed.column_header) in printed
        assert plan.meta.title is None or bare(plan.meta.title) in printed, plan.meta.title


def _summary(path: Path):
    """A document's requirements and duties per role, or "refused"."""
    try:
        plan, _, _ = parse_document(path)
    except ZwgkError:
        return "refused"
    roles = Counter(d.role for r in plan.parsed.requirements for a in r.assignments for d in a.duties)
    return len(plan.parsed.requirements), {role: roles.get(role, 0) for role in ROLES}


def _wrapped_at_page_width(text: str) -> bool:
    """A PDF text hard-wrapped at its page's width: widening its digits and letters would print lines wider
    than the page, which no document does, so its full-width copy is no faithful document."""
    return page_width([tidy(line) for line in text.splitlines()]) is not None


def test_genre_and_real_documents_read_the_same_converted(tmp_path):
    """The hand-written genre set (and the real documents, where they are on this machine) converted to
    traditional script and to full-width forms: every one reads as before, refused ones refused."""
    folders = [GENRE] + ([REAL] if REAL.is_dir() else [])
    differ = []
    for folder in folders:
        for f in sorted(folder.glob("[0-9]*.txt")):
            text = f.read_text(encoding="utf-8")
            expected = _summary(f)
            conversions = [("traditional", traditional)]
            if not _wrapped_at_page_width(text):
                conversions += [("full-width", full_width), ("both", lambda t: full_width(traditional(t)))]
            for name, convert in conversions:
                copy = tmp_path / name / f.name
                copy.parent.mkdir(exist_ok=True)
                copy.write_text(convert(text), encoding="utf-8")
                sidecar = f.with_name(f.stem + ".meta.toml")
                if sidecar.exists():
                    shutil.copy(sidecar, copy.parent / sidecar.name)
                got = _summary(copy)
                if got != expected:
                    differ.append((name, f.name, expected, got))
    assert differ == []
