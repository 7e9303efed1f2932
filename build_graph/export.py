"""Write the dataset: TriG of everything, a Turtle union, one Turtle file per plan, the residue report.

Output is byte-identical for the same documents: graphs in IRI order, Turtle from
rdflib's sorted serializer, no blank nodes.  Every file is written to a temporary
name in the output folder and renamed into place, so a failed build leaves the
previous outputs whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from .namespaces import PREFIXES, Ids


def _turtle(g: Graph) -> str:
    out = Graph()
    for p, ns in PREFIXES.items():
        out.bind(p, ns, override=True)
    for t in g:
        out.add(t)
    return out.serialize(format="turtle")


def _prefix_block() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))


def _body(turtle: str) -> str:
    """Drop the @prefix lines of a Turtle document (they are declared once at the top)."""
    return "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix")).strip() + "\n"


def trig(ds) -> str:
    """Serialise the dataset's named graphs as TriG, in graph-IRI order."""
    parts = [_prefix_block()]
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0 or str(g.identifier).startswith("urn:x-rdflib:"):
            continue
        body = _body(_turtle(g))
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        parts.append(f"\n<{g.identifier}> {{\n{indented}\n}}\n")
    return "".join(parts)


def union(ds) -> Graph:
    """Return every triple of every named graph in one graph."""
    g = Graph()
    for ng in ds.graphs():
        for t in ng:
            g.add(t)
    return g


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def residue_tsv(result) -> str:
    """The residue report: file, line, reason, text — sorted by file and line."""
    rows = ["file\tline\treason\ttext"]
    for name, r in sorted(result.residue, key=lambda x: (x[0], x[1].line)):
        text = r.text.replace("\t", " ⇥ ").replace("\n", " ")
        rows.append(f"{name}\t{r.line}\t{r.reason}\t{text}")
    return "\n".join(rows) + "\n"


def write_outputs(result, out: Path, ids: Ids) -> list[Path]:
    """Render every output in memory, then write each atomically; return the paths written."""
    ds = result.dataset
    files: dict[Path, str] = {
        out / "zwgk.trig": trig(ds),
        out / "zwgk.ttl": _turtle(union(ds)),
        out / "residue.tsv": residue_tsv(result),
    }
    for key in sorted(result.plans):
        files[out / "plans" / f"{key}.ttl"] = _turtle(ds.graph(ids.plan_graph(key)))
    for path, text in files.items():
        _atomic_write(path, text)
    # plan files of plans no longer built would mislead: remove them
    plans_dir = out / "plans"
    for stale in plans_dir.glob("*.ttl"):
        if stale not in files:
            stale.unlink()
    return sorted(files)
