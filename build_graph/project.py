"""Where the project's data is: the project folder, its built graph, and one line saying so.

A notebook's kernel runs in ``notebooks/``, a script may run anywhere: neither can take ``out/`` and
``documents/`` to be in the current folder.  :func:`project_root` finds the project folder, in this order:

1. ``$ZWGK_HOME`` when set (it must be an existing folder);
2. walking up from the current folder, the first folder that is a zwgk checkout (``documents/`` and
   ``queries/`` beside a ``pyproject.toml`` naming the project ``zwgk``) or holds a built graph
   (``out/zwgk.trig``) — so in the project folder, or any folder you built into with ``--out out``,
   that folder is the root, as before;
3. the source checkout the package was imported from, when it holds ``documents/`` (an editable install,
   ``make run``);
4. the current folder.

:func:`default_dataset` is ``ROOT/out/zwgk.trig``, built from ``ROOT/documents`` into ``ROOT/out`` when
missing; :func:`data_line` says in one line where queries read from.
"""

from __future__ import annotations

import os
import time
import tomllib
from pathlib import Path

from .errors import UsageError

PROJECT_NAME = "zwgk"
HOME_VARIABLE = "ZWGK_HOME"
TRIG = Path("out") / "zwgk.trig"


def is_checkout(folder: Path) -> bool:
    """True when ``folder`` holds ``documents/`` and ``queries/`` beside a ``pyproject.toml`` naming zwgk."""
    if not ((folder / "documents").is_dir() and (folder / "queries").is_dir()):
        return False
    try:
        meta = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return (meta.get("project") or {}).get("name") == PROJECT_NAME


def source_checkout() -> Path | None:
    """The folder the package was imported from, when it is a source tree holding ``documents/``."""
    from . import __file__ as package_file

    folder = Path(package_file).resolve().parents[1]
    return folder if (folder / "documents").is_dir() else None


def project_root(cwd: Path | None = None) -> Path:
    """The project folder (absolute): ``$ZWGK_HOME``, else found walking up from ``cwd`` (default: the
    current folder), else the package's source checkout, else ``cwd`` itself."""
    here = Path(cwd if cwd is not None else os.getcwd()).absolute()
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        folder = Path(home).expanduser()
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise UsageError(f"${HOME_VARIABLE} {what}: set it to the zwgk project folder (the one holding "
                             f"documents/ or out/zwgk.trig), or unset it", folder)
        return folder.absolute()
    for folder in (here, *here.parents):
        if is_checkout(folder) or (folder / TRIG).is_file():
            return folder
    return source_checkout() or here


def default_dataset(cwd: Path | None = None) -> Path:
    """``ROOT/out/zwgk.trig`` of :func:`project_root`, built from ``ROOT/documents`` when missing."""
    root = project_root(cwd)
    path = root / TRIG
    if path.is_file():
        return path
    if not (root / "documents").is_dir():
        if os.environ.get(HOME_VARIABLE, "").strip():
            raise UsageError(f"no built graph (out/zwgk.trig) and no documents/ in ${HOME_VARIABLE}={root}: set it "
                             f"to the zwgk project folder, or build into it (zwgk build DOCUMENTS --out {root / 'out'})")
        here = Path(cwd if cwd is not None else os.getcwd()).absolute()
        raise UsageError(f"no built graph and no documents/ found from {here}: run `make run` in the project folder, "
                         f"or set {HOME_VARIABLE}=/path/to/zwgk")
    from .build import build

    build([root / "documents"], out=root / "out")
    return path


def describe(path: Path) -> str:
    """``PATH (built DATE, N plans)`` for a built TriG file; the plans are counted in ``plans/`` beside it."""
    path = Path(path).absolute()
    try:
        built = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    except OSError:
        return str(path)
    plans = path.parent / "plans"
    n = len(list(plans.glob("*.ttl"))) if plans.is_dir() else None
    return f"{path} (built {built}" + (f", {n} plans" if n is not None else "") + ")"


def data_line(data: str | Path | None = None, endpoint: str | None = None) -> str:
    """One line saying where queries read from: ``data: URL`` on a SPARQL endpoint (given, or
    ``$ZWGK_ENDPOINT``), else ``data: /abs/out/zwgk.trig (built …, N plans)`` — the default dataset, built
    first when missing (what :func:`build_graph.queries.run` would read)."""
    from .endpoints import redact

    if endpoint is None and data is None:
        endpoint = os.environ.get("ZWGK_ENDPOINT") or None
    if endpoint:
        return f"data: {redact(endpoint)} (SPARQL endpoint)"
    if data is not None and str(data).startswith("oxigraph:"):
        return f"data: {data} (on-disk store)"
    if data is not None:
        return f"data: {describe(Path(data))}"
    return f"data: {describe(default_dataset())}"
