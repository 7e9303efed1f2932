"""Normalise text *for matching only*: the stored text is always the source's.

Full-width and half-width forms, traditional and simplified characters, CRLF and
stray spaces all compare equal after :func:`fold`.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache


def _import_zhconv():
    """Import zhconv without ``pkg_resources`` (a fifth of a second to import, and deprecated): zhconv
    falls back to opening its dictionary file beside its module, the same bytes."""
    if "pkg_resources" in sys.modules:
        import zhconv
        return zhconv
    sys.modules["pkg_resources"] = None          # `from pkg_resources import …` raises ImportError
    try:
        import zhconv
    finally:
        del sys.modules["pkg_resources"]
    return zhconv


zhconv = _import_zhconv()

_SPACES = re.compile(r"[\s\u00a0\u3000\ufeff\u200b]+")
# NFKC folds full-width ASCII; these CJK punctuation marks it leaves alone.
_PUNCT = str.maketrans({
    "。": ".", "，": ",", "、": ",", "；": ";", "：": ":", "（": "(", "）": ")",
    "〔": "[", "〕": "]", "【": "[", "】": "]", "“": '"', "”": '"', "‘": "'", "’": "'",
    "《": "<", "》": ">", "〈": "<", "〉": ">", "．": ".",
})


@lru_cache(maxsize=None)
def _changing() -> tuple[frozenset, frozenset, dict]:
    """What can make zhconv's zh-cn conversion change a text.

    zhconv replaces the longest table entry at each position; the text changes only where an entry
    that differs from its replacement matches.  Such an entry holds a character that changes on its
    own, or is one of the few phrases made only of unchanging characters (么九 → 幺九).  Returns
    (characters that change, first characters of those phrases, first character → phrases).
    """
    import importlib

    table = importlib.import_module("zhconv.zhconv").getdict("zh-cn")
    chars = frozenset(k for k, v in table.items() if len(k) == 1 and v != k)
    phrases: dict[str, list[str]] = {}
    for k, v in table.items():
        if len(k) > 1 and v != k and chars.isdisjoint(k):
            phrases.setdefault(k[0], []).append(k)
    return chars, chars | frozenset(phrases), phrases


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Return ``text`` with traditional characters replaced by simplified ones."""
    chars, triggers, phrases = _changing()
    if triggers.isdisjoint(text):
        return text
    if chars.isdisjoint(text) and not any(k in text for c in phrases.keys() & set(text) for k in phrases[c]):
        return text
    return zhconv.convert(text, "zh-cn")


def fold(text: str) -> str:
    """Return a matching key: NFKC, simplified, CJK punctuation as ASCII, no whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = text.translate(_PUNCT)
    return _SPACES.sub("", text)


def is_blank(line: str) -> bool:
    """True for a line holding only whitespace, including NBSP and ideographic spaces."""
    return not _SPACES.sub("", line)


def clean(text: str) -> str:
    """Trim whitespace (any kind) from both ends; keep everything else as printed."""
    return text.strip(" \t\r\n\u00a0\u3000\ufeff\u200b")


@lru_cache(maxsize=None)
def _char_key(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    if folded in "\u00a0\u3000\ufeff":
        return " "
    simp = zhconv.convert(folded, "zh-cn")
    return simp if len(simp) == 1 else folded


class _CharKeys(dict):
    """``str.translate`` table filled on demand with :func:`_char_key`."""

    def __missing__(self, code: int) -> str:
        key = self[code] = _char_key(chr(code))
        return key


_CHAR_KEYS = _CharKeys()


def match_view(line: str) -> str:
    """Return ``line`` mapped character by character for matching.

    Full-width ASCII becomes half-width, traditional characters simplified, odd
    spaces plain; the result has the same length, so a match's offsets slice the
    original line.  CJK punctuation (，、；（）) is kept: parsers accept both forms.
    """
    return line.translate(_CHAR_KEYS)


def squash(text: str) -> str:
    """Return the matching view without any whitespace; CJK punctuation stays as printed."""
    return _SPACES.sub("", match_view(text))
