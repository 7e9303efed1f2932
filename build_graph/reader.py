"""Read a plan document from disk: bytes → text lines, with the encoding detected.

Accepted: UTF-8 with or without BOM, UTF-16 with a BOM (or without one, told by where its NUL bytes
fall), GB18030 (a superset of GBK and GB2312), Big5.  Anything else — an empty file, a binary file,
bytes valid in none of those, a file larger than :data:`MAX_DOCUMENT_BYTES`, something that is not a
regular file (a FIFO, a device) — is an :class:`~build_graph.errors.UnreadableDocument` naming the
file and the reason.

Control characters (other than tab, CR and LF) are looked for in the whole text: a text full of them
is binary; a few (a NUL, an escape sequence of a scraped page) are removed from the line they are in,
and the line is reported in :attr:`Document.cleaned` (the build puts it in the residue report, with
the characters shown as control pictures ␀ ␛), so none is ever stored in the graph or printed.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UnreadableDocument
from .terminal import printable
from .textnorm import is_blank, match_view

#: characters frequent in plan documents, simplified and traditional; used to choose
#: between encodings that both decode the bytes without error.
#: larger documents are refused (the largest real plan is ~0.3 MB; reading costs ~75× the file's size in memory)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

#: a control character but tab, LF and CR (a line holding one is cleaned with :func:`terminal.printable`)
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_DOMAIN_CHARS = set("政务務公开開工作要点點省市县縣局厅廳委办辦部门門府人民信息年月日的和、。，；（）一二三四五六七八九十牵牽头頭落实實单單位")


@dataclass
class Document:
    """A decoded document: its lines as printed, and a matching view of each."""

    path: Path
    sha256: str
    encoding: str
    lines: list[str]                      # line i+1 of the file, without its line break
    keys: list[str] = field(default_factory=list)  # match_view(line), same lengths
    cleaned: list[tuple[int, str, str]] = field(default_factory=list)   # (line, reason, the line as it was, shown)

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
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if b"\x00" in data[:8192] or data.count(b"\x00") > max(8, len(data) // 1000):
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


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (it has NUL bytes: the high bytes of ASCII and of
    line breaks): decoded both ways, kept if one reads as Chinese and holds no control characters."""
    if b"\x00" not in data[:8192]:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if score >= 0.05 and not _CONTROL_CHAR.search(text[:20000]) and (best is None or score > best[0]):
            best = (score, text, enc)
    return (best[1], best[2]) if best else None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or one line saying why there are none to read (not a regular file, too large …)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        why = "a symbolic link to nothing (its target is missing)" if path.is_symlink() else "no such file"
        raise UnreadableDocument(why, path)
    except OSError as exc:
        if exc.errno == 40:          # ELOOP
            raise UnreadableDocument("a symbolic link loop: the link never reaches a file", path)
        raise UnreadableDocument(f"cannot read: {exc.strerror or exc}", path)
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableDocument("is a directory, not a document", path)
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode)
                or stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise UnreadableDocument(f"{kind}, not a document file", path)
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(f"{info.st_size / 2**20:.1f} MB: larger than the {MAX_DOCUMENT_BYTES // 2**20} MB "
                                 f"a plan document may be", path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise UnreadableDocument(f"cannot read: {exc.strerror or exc}", path)
    if len(data) > MAX_DOCUMENT_BYTES:           # it grew while we looked
        raise UnreadableDocument(f"larger than the {MAX_DOCUMENT_BYTES // 2**20} MB a plan document may be", path)
    return data


def _shown(text: str) -> str:
    """Control characters as their control pictures (␀ ␛ …), so a report can show where they were."""
    return _CONTROL_CHAR.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 32 else
                             "␡" if m.group() == "\x7f" else f"<U+{ord(m.group()):04X}>", text)


def read_document(path: str | Path) -> Document:
    """Read and decode ``path``; CRLF and CR line ends are accepted."""
    path = Path(path)
    data = _read_bytes(path)
    text, encoding = decode(data, path)
    if is_blank(text.replace("\n", "").replace("\r", "")):
        raise UnreadableDocument("empty file: no text to read", path)
    controls = len(_CONTROL_CHAR.findall(text))
    if controls > 8 and controls > len(text) // 1000:
        raise UnreadableDocument(f"binary file ({controls} control characters): not a text document", path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cleaned = []
    if controls:
        for i, line in enumerate(lines):
            if _CONTROL_CHAR.search(line):
                found = sorted({f"U+{ord(c):04X}" for c in _CONTROL_CHAR.findall(line)})
                cleaned.append((i + 1, f"control characters removed ({', '.join(found)})", _shown(line)))
                lines[i] = printable(line)        # escape sequences whole, then the controls left
    return Document(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, lines=lines,
                    cleaned=cleaned)
