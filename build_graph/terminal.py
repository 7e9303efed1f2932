"""Text from documents made safe for a terminal.

A plan's text, an agency's name or a file name may hold escape sequences or control characters (a
scraped page, a hostile document): printed as they are, they recolour the terminal, move the cursor,
retitle the window or hide what follows.  Everything the CLI prints for people (tables, summaries,
errors) goes through :func:`printable`; csv and json output keep the data as it is (JSON escapes the
controls itself).
"""

from __future__ import annotations

import re

#: ESC sequences: CSI (ESC [ … final), OSC / DCS / SOS / PM / APC (… up to BEL or ST), two-character ones
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)",
    re.DOTALL,
)
#: C0 controls but tab and line feed, DEL, C1 controls, bidirectional overrides and isolates
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: lone surrogates: bytes that were not UTF-8 in a file name or an argument
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` without escape sequences and control characters (tab and line feed kept)."""
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def one_line(text: str) -> str:
    """``printable(text)`` on one line: line ends and tabs become spaces."""
    return re.sub(r"\s*[\r\n\t]+\s*", " ", printable(text)).strip()
