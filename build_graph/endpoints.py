"""URLs of SPARQL servers: checked, their credentials taken out, and shown without a password.

A URL may carry ``user:password@``; the password is sent as HTTP Basic credentials, never in the
request line, and every message that shows the URL shows ``user:***@`` instead.  Credentials from the
environment (``ZWGK_TOKEN``, ``ZWGK_USER``/``ZWGK_PASSWORD``) are checked before anything is sent: a value
with a line end (a token file saved with Windows line ends) would be a broken header, and Python's own
error would print it; ours names the variable and never its value.
"""

from __future__ import annotations

import base64
import os
import re
import urllib.parse
from dataclasses import dataclass

from .errors import UsageError

_USERINFO = re.compile(r"(//[^/@\s:?#]*):[^/@\s?#]*@")


def redact(url: str) -> str:
    """``url`` with the password of its ``user:password@`` replaced by ``***``."""
    return _USERINFO.sub(r"\1:***@", url)


@dataclass
class Endpoint:
    url: str                            # without user information: what is requested
    shown: str                          # for messages: the password replaced by ***
    user: str | None = None
    password: str | None = None

    def secrets(self) -> list[str]:
        return [s for s in (self.password,) if s]


def endpoint(url: str, option: str = "--endpoint") -> Endpoint:
    """Check an http(s) URL and split off its credentials; UsageError (never showing a password) otherwise."""
    shown = redact(url)
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port                      # a port that is not a number raises here
    except ValueError as exc:
        raise UsageError(f"{option} {shown!r} is not a URL: {redact(str(exc))}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{option} {shown!r} is not an http:// or https:// URL")
    if re.search(r"[\x00-\x20\x7f]", url):
        raise UsageError(f"{option} {shown!r} holds a space or a control character")
    host = parts.netloc.rpartition("@")[2]
    clean = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    user = urllib.parse.unquote(parts.username) if parts.username is not None else None
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return Endpoint(clean, shown, user, password)


def _flaw(value: str) -> str | None:
    """What makes ``value`` unusable in an HTTP header, in words (never the value itself), or None."""
    names = {"\r": "a carriage return (\\r)", "\n": "a line feed (\\n)", "\t": "a tab"}
    for i, c in enumerate(value):
        if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f:
            what = names.get(c, f"a control character (U+{ord(c):04X})")
            where = "at its end" if value[i:].strip() == "" else "at its start" if i == 0 else "inside it"
            return f"{what} {where}"
    return None


def _checked(label: str, value: str, ascii_only: bool = False) -> str:
    """``value`` if an HTTP header can carry it; else a UsageError naming ``label`` (never the value)."""
    flaw = _flaw(value)
    if flaw:
        hint = " (a file saved with Windows line ends?)" if "\\r" in flaw or "\\n" in flaw else ""
        raise UsageError(f"{label} holds {flaw}{hint}: remove it; the value is not shown")
    if ascii_only and not value.isascii():
        raise UsageError(f"{label} holds a character that is not ASCII, which an HTTP header cannot carry; "
                         "the value is not shown")
    if ascii_only and " " in value:
        raise UsageError(f"{label} holds a space, which a bearer token cannot; the value is not shown")
    return value


def auth_header(ep: Endpoint | None = None) -> tuple[dict[str, str], list[str]]:
    """(the Authorization header, the secrets it holds) from the URL's credentials, else ``$ZWGK_TOKEN``
    (Bearer), else ``$ZWGK_USER``/``$ZWGK_PASSWORD`` (Basic); every value checked first."""
    if ep is not None and ep.user is not None:
        user, password = ep.user, ep.password or ""
        _checked(f"the user name in {ep.shown}", user)
        _checked(f"the password in {ep.shown}", password)
    else:
        token = os.environ.get("ZWGK_TOKEN")
        if token:
            return {"Authorization": f"Bearer {_checked('$ZWGK_TOKEN', token, ascii_only=True)}"}, [token]
        user, password = os.environ.get("ZWGK_USER"), os.environ.get("ZWGK_PASSWORD")
        if not user or password is None:
            return {}, []
        _checked("$ZWGK_USER", user)
        _checked("$ZWGK_PASSWORD", password)
        if ":" in user:
            raise UsageError("$ZWGK_USER holds ':', which HTTP Basic credentials cannot carry in a user name")
    pair = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    return {"Authorization": "Basic " + pair}, [s for s in (password, pair) if s]


def scrub(text: str, secrets: list[str]) -> str:
    """``text`` with every secret (of 3 characters or more) replaced by ``***`` — a last guard for messages
    that quote a library's error."""
    for s in sorted(secrets, key=len, reverse=True):
        if s and len(s) >= 3:
            text = text.replace(s, "***")
    return redact(text)


def looks_like_html(content_type: str | None, body: bytes) -> bool:
    """True for a web page: a text/html (or XHTML) answer with something in it.  An empty text/html
    answer is not one: Virtuoso answers a Graph Store PUT with ``201 Created``, text/html and no body."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in ("text/html", "application/xhtml+xml"):
        return False
    return bool(body.strip())
