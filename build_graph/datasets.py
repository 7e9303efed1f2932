"""Open a dataset that already exists, for reading only: a TriG file (or a build's output folder) or ``oxigraph:DIR``.

``zwgk query``, ``validate`` and ``push`` read what a build wrote; none of them may create or change it.  An
on-disk store is opened read-only, so a folder that holds no store stays as it is (no empty store is made
where a path was mistyped), and a store a server holds open can still be read.  Whatever is wrong with
the input is a :class:`~build_graph.errors.UsageError` naming the file (and the line, for a TriG syntax
error) and saying what it holds instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

from .errors import UsageError
from .stores import Store

OXIGRAPH = "oxigraph:"


def is_store_spec(spec: str | Path) -> bool:
    return str(spec).startswith(OXIGRAPH)


def store_folder(spec: str) -> Path:
    """The folder of ``oxigraph:DIR``."""
    folder = spec[len(OXIGRAPH):]
    if not folder:
        raise UsageError(f"{spec!r} names no folder: give oxigraph:DIR")
    return Path(folder)


def trig_file(path: str | Path) -> Path:
    """The TriG file ``path`` names (a build's output folder names its ``zwgk.trig``), checked to be one."""
    path = Path(path)
    if path.is_dir():
        if not (path / "zwgk.trig").is_file():
            raise UsageError("a folder, not a dataset: it holds no zwgk.trig; give a TriG file (OUT/zwgk.trig), "
                             "a build's output folder or oxigraph:DIR", path)
        path = path / "zwgk.trig"
    if not path.exists():
        raise UsageError("no such dataset file", path)
    try:
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError as exc:
        raise UsageError(f"cannot read the dataset: {exc.strerror or exc}", path)
    if b"\x00" in head:
        raise UsageError("binary file (NUL bytes), not a TriG dataset", path)
    return path


def trig_error(exc: Exception, path: Path) -> UsageError:
    """A TriG parser's error as one line naming the file and line (pyoxigraph's SyntaxError carries both)."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        msg = re.sub(r"^Parser error at line \d+,? (.*?): (.*)$", r"\2 (\1)", str(exc.msg or exc), flags=re.S)
        return UsageError(f"cannot read the dataset: not TriG: {msg.splitlines()[0]}", path, exc.lineno)
    text = str(exc).strip().splitlines()
    return UsageError(f"cannot read the dataset: {text[0] if text else type(exc).__name__}", path)


def trig_parse_error(path: Path) -> UsageError:
    """Why the TriG file at ``path`` cannot be read, found by pyoxigraph's parser (which knows the line)."""
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG):
            pass
    except (SyntaxError, ValueError, OSError) as exc:
        return trig_error(exc, path)
    return UsageError("cannot read the dataset: rdflib's TriG parser refuses it (pyoxigraph's reads it)", path)


def oxigraph_read_only(spec: str):
    """The pyoxigraph store at ``oxigraph:DIR``, opened read-only; UsageError when there is none."""
    import pyoxigraph

    folder = store_folder(spec)
    if not folder.exists():
        raise UsageError("no Oxigraph store here: no such folder (build one with zwgk build --store "
                         f"oxigraph:{folder})", folder)
    if not folder.is_dir():
        raise UsageError("a file, not an Oxigraph store folder: give oxigraph:DIR for a store, or the file "
                         "without oxigraph: for a TriG dataset", folder)
    if not (folder / "CURRENT").is_file():
        what = "an empty folder" if not any(folder.iterdir()) else "a folder without a store in it"
        raise UsageError(f"not an Oxigraph store ({what}): build one with zwgk build --store oxigraph:{folder}",
                         folder)
    try:
        return pyoxigraph.Store.read_only(str(folder))
    except OSError as exc:
        raise UsageError(f"cannot open the Oxigraph store: {str(exc).splitlines()[0]}", folder)


class ReadOnlyOxigraphStore(Store):
    """An existing on-disk Oxigraph store, read through the :class:`Store` interface; writes are refused."""

    kind = "oxigraph"

    def __init__(self, spec: str):
        import pyoxigraph

        self._ox = pyoxigraph
        self.path = store_folder(spec)
        self.store = oxigraph_read_only(spec)

    def _refuse(self, *args, **kwargs):
        raise UsageError("the store is open read-only", self.path)

    replace_graph = append = remove_graph = _refuse

    def graph_names(self):
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, self._ox.NamedNode))

    def nt(self, name):
        return self.store.dump(format=self._ox.RdfFormat.N_TRIPLES, from_graph=self._ox.NamedNode(name)).decode("utf-8")

    def graph(self, name):
        g = Graph()
        data = self.nt(name)
        if data:
            g.parse(data=data, format="nt")
        return g

    def close(self):
        del self.store


def open_existing_store(spec: str | Path) -> Store:
    """Open the dataset ``spec`` names for reading: ``oxigraph:DIR`` read-only, else a TriG file into memory."""
    if is_store_spec(spec):
        return ReadOnlyOxigraphStore(str(spec))
    from .stores import MemoryStore

    return MemoryStore.from_trig(Path(spec))
