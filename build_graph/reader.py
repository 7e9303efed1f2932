"""Read a plan document from disk: bytes → text lines, with the encoding detected.

Accepted: UTF-8 with or without BOM, GB18030 (a superset of GBK and GB2312), Big5.
Anything else — an empty file, a binary file, bytes valid in none of those — is an
:class:`~build_graph.errors.UnreadableDocument` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UnreadableDocument
from .textnorm import is_blank, match_view

#: characters frequent in plan documents, simplified and traditional; used to choose
#: between encodings that both decode the bytes without error.
_DOMAIN_CHARS = set("政务務公开開工作要点點省市县縣局厅廳委办辦部门門府人民信息年月日的和、。，；（）一二三四五六七八九十牵牽头頭落实實单單位")


@dataclass
class Document:
    """A decoded document: its lines as printed, and a matching view of each."""

    path: Path
    sha256: str
    encoding: str
    lines: list[str]                      # line i+1 of the file, without its line break
    keys: list[str] = field(default_factory=list)  # match_view(line), same lengths

    def __post_init__(self):
        if not self.keys:
            self.keys = [match_view(line) for line in self.lines]

    def numbered(self):
        """Yield (line number, line, key) for every non-blank line."""
        for i, (line, key) in enumerate(zip(self.lines, self.keys), start=1):
            if not is_blank(line):
                yield i, line, key


def _score(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    hits = sum(1 for c in sample if c in _DOMAIN_CHARS)
    bad = sum(1 for c in sample if c == "\ufffd" or (ord(c) < 32 and c not in "\t\r\n\f"))
    return (hits - 10 * bad) / len(sample)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding name) or raise UnreadableDocument."""
    if not data.strip():
        raise UnreadableDocument("empty file: no text to read", path)
    if data.strip() in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        raise UnreadableDocument("empty file: only a byte-order mark", path)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(f"starts with a UTF-8 BOM but is not valid UTF-8 (byte {exc.start + 3})", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableDocument("starts with a UTF-16 byte-order mark but does not decode as UTF-16", path)
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("binary file (NUL bytes): not a text document", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if is_blank(text):
            raise UnreadableDocument("empty file: no text to read", path)
        candidates.append((_score(text), enc, text))
    if not candidates:
        raise UnreadableDocument("not text in a supported encoding (tried UTF-8, GB18030/GBK, Big5)", path)
    score, enc, text = max(candidates)
    if score < 0.02:
        raise UnreadableDocument(
            f"decodes as {enc} but reads as gibberish: not a Chinese plan in a supported encoding", path)
    return text, enc


def read_document(path: str | Path) -> Document:
    """Read and decode ``path``; CRLF and CR line ends are accepted."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableDocument("no such file", path)
    except IsADirectoryError:
        raise UnreadableDocument("is a directory, not a document", path)
    except OSError as exc:
        raise UnreadableDocument(f"cannot read: {exc.strerror}", path)
    text, encoding = decode(data, path)
    if is_blank(text.replace("\n", "").replace("\r", "")):
        raise UnreadableDocument("empty file: no text to read", path)
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\r\n\f\v")
    if controls > 8:
        raise UnreadableDocument("binary file (control characters): not a text document", path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Document(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, lines=lines)
