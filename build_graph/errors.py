"""Errors of our own, each saying what went wrong, where (file and line) and why.

The CLI turns any :class:`ZwgkError` into one line on stderr and its ``exit_code``.
Exit codes: 0 ok, 1 the data fails validation, 2 input or usage error.
"""

from __future__ import annotations

from pathlib import Path


class ZwgkError(Exception):
    """Base class: a user-facing problem with a file, a line and a reason."""

    exit_code = 2

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        self.reason = reason
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(self.one_line())

    def __reduce__(self):
        # raised in a worker process, re-raised in the main one: keep reason, file and line
        return (type(self), (self.reason, self.path, self.line))

    def one_line(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.reason}"

    def lines(self) -> list[str]:
        """What the CLI prints: this one line (an error about many files prints one line for each)."""
        return [self.one_line()]


class UnreadableDocument(ZwgkError):
    """The file is missing, empty, binary, or in no encoding we support."""


class UnknownLayout(ZwgkError):
    """The text is readable but matches none of the layouts we parse."""


class MalformedDocument(ZwgkError):
    """The layout was recognised but the document breaks it beyond repair."""


class BadSidecar(ZwgkError):
    """A sidecar metadata file exists but cannot be read or holds unknown keys."""


class UsageError(ZwgkError):
    """The command was called with arguments that cannot work."""


class ValidationFailed(ZwgkError):
    """The built data does not conform to the shapes."""

    exit_code = 1


class NothingBuilt(UsageError):
    """Every document given was refused: each is named, on its own line, and nothing is written."""

    def __init__(self, reason: str, path=None, line=None, refused=()):
        self.refused = [(Path(p), r) for p, r in refused]
        super().__init__(reason, path, line)

    def __reduce__(self):
        return (type(self), (self.reason, self.path, self.line, self.refused))

    def lines(self) -> list[str]:
        return [f"{p}: {r}" for p, r in self.refused] + [self.one_line()]


class NothingToRead(ZwgkError):
    """The document is readable but holds no requirement: a covering notice only, an empty table, cut-off items."""
