"""Build the graph: documents → parsed records → one RDF dataset → files in ``out/``.

:func:`build` is what ``zwgk build`` calls; it reads every document first, fails on
the first unusable one (nothing written), and only then writes every output through
temporary files renamed into place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .detect import detect
from .emitter import Emitter, PlanInput, Stats, prepare
from .errors import MalformedDocument, UsageError
from .export import Exporter
from .jurisdictions import known
from .linking import Linker
from .parallel import imap, workers
from .metadata import apply_sidecar, read_metadata, sidecar_path
from .namespaces import DEFAULT_BASE
from .reader import read_document
from .records import Residue
from .stores import MEMORY_LIMIT_DOCUMENTS, open_store
from .summary import summary_graph

DOCUMENT_SUFFIXES = {".txt", ".text", ".htm", ".html", ""}


@dataclass
class BuildResult:
    """What a build produced: the dataset, per-plan stats, residue lines, warnings, files written."""

    dataset: object                 # the stores.Store holding the named graphs
    stats: dict[str, Stats]
    plans: dict[str, PlanInput]
    residue: list[tuple[str, Residue]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    links: object = None            # linking.LinkReport
    unchanged: int = 0              # plan graphs left as they were in a persistent store
    export_seconds: float = 0.0     # of the build's time, what writing the exports took


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the plan documents they hold (not READMEs, sidecars or hidden files)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.iterdir()):
                if (f.is_file() and not f.name.startswith(".") and f.suffix.lower() in DOCUMENT_SUFFIXES
                        and not f.name.upper().startswith("README") and not f.name.endswith(".meta.toml")):
                    out.append(f)
        elif p.exists():
            out.append(p)
        else:
            raise UsageError("no such file or folder", p)
    if not out:
        raise UsageError("no plan documents found in " + ", ".join(map(str, paths)))
    return out


def parse_document(path: Path) -> tuple[PlanInput, list[Residue], list[str]]:
    """Read, detect, parse and account for every line of one document."""
    doc = read_document(path)
    parser = detect(doc)
    parsed = parser.parse(doc)
    meta, meta_residue = read_metadata(doc, parsed.body_start)
    warnings = apply_sidecar(meta, path)
    missing = [name for name, v in (("title", meta.title), ("year", meta.year), ("jurisdiction", meta.jurisdiction)) if not v]
    if missing:
        raise MalformedDocument(
            f"cannot read the plan's {', '.join(missing)} from its title block; "
            f"state it in a sidecar {sidecar_path(path).name}", path)
    if not known(meta.jurisdiction):
        raise MalformedDocument(f"jurisdiction {meta.jurisdiction} is not a GB/T 2260 code we know", path)
    if not parsed.requirements:
        raise MalformedDocument(f"layout {parsed.layout} recognised but no requirement could be read", path)
    residue = meta_residue + parsed.residue
    # nothing lost: every non-blank line is content, metadata or residue
    content = set(meta.meta_lines)
    content |= {t.line for t in parsed.themes if t.line}
    for r in parsed.requirements:
        content.add(r.line)
        if r.assignment:
            content.update(r.assignment.lines)
    accounted = content | {r.line for r in residue}
    for n, line, _ in doc.numbered():
        if n not in accounted:
            residue.append(Residue(n, f"not recognised by the {parsed.layout} parser", line.strip()))
    residue.sort(key=lambda r: r.line)
    prepare(parsed, meta)                 # the pure readings, here: in a worker process for large corpora
    plan = PlanInput(path=path, sha256=doc.sha256, encoding=doc.encoding, parsed=parsed, meta=meta,
                     sidecar=sidecar_path(path) if sidecar_path(path).exists() else None)
    return plan, residue, warnings


#: below this many documents parsing stays in the main process (a worker pool costs ~0.1 s to start)
PARALLEL_MIN_DOCUMENTS = 40


def parse_all(files: list[Path], jobs: int | None = None):
    """Yield ``parse_document`` of each file, in order; parsed by worker processes for larger corpora
    (a few documents per worker in flight, so memory does not grow with the corpus)."""
    n = workers(jobs) if len(files) >= PARALLEL_MIN_DOCUMENTS else 1
    yield from imap(parse_document, files, n)


def build(paths: Iterable[str | Path], out: str | Path | None = "out", base: str = DEFAULT_BASE,
          progress: Callable[[Path], None] | None = None, store: str | None = None,
          jobs: int | None = None) -> BuildResult:
    """Build the dataset from documents (files or folders) into a store; write the exports to ``out``.

    Documents stream through one at a time: each plan graph goes to the store (and its Turtle to the
    exports) as soon as it is emitted, so memory holds one document plus the registry.  A plan graph
    whose document is unchanged (same SHA-256) in a persistent store is not rewritten.
    """
    files = find_documents(paths)
    st = open_store(store, len(files), (Path(out) if out is not None else Path("out")) / "store")
    # a large corpus keeps counts, not every document's parsed records
    emitter = Emitter(base, keep_parsed=len(files) <= MEMORY_LIMIT_DOCUMENTS)
    ids = emitter.ids
    linker = Linker(ids, emitter.agency_label)
    warnings: list[str] = []
    all_residue = []
    keys: set[str] = set()
    sources: list[str] = []
    unchanged = 0
    before = st.source_hashes()
    exporter = Exporter(Path(out), ids) if out is not None else None
    try:
        for f, (plan, residue, w) in zip(files, parse_all(files, jobs)):
            warnings.extend(w)
            k = f"{plan.meta.jurisdiction}-{plan.meta.year}"
            # two documents of one jurisdiction and year: the later (by path) is told apart by its hash
            plan.key = k if k not in keys else f"{k}-{plan.sha256[:8]}"
            keys.add(plan.key)
            g = emitter.add_plan(plan)
            linker.add_plan(g, {r.text: r.readings.clean for r in plan.parsed.requirements if r.readings})
            name = ids.plan_graph(plan.key)
            if before.get(name) == plan.sha256:
                unchanged += 1
            else:
                st.replace_graph(name, g)
            if exporter:
                exporter.plan(name, plan.key, g)
            del g
            emitter.stats[plan.key].residue = len(residue)
            all_residue.extend((plan.path.name, r) for r in residue)
            sources.append(plan.sha256)
            if progress:
                progress(f)
        for name in before:
            if name.rsplit("/graph/plan/", 1)[-1] not in keys:
                st.remove_graph(name)          # a document that is gone takes its graph with it
        registry, ontology = emitter.finish(sources)
        st.replace_graph(ids.registry_graph, registry)
        st.replace_graph(ids.ontology_graph, ontology)
        st.replace_graph(ids.links_graph, [])
        if exporter:
            exporter.graph(ids.registry_graph, registry)
            exporter.graph(ids.ontology_graph, ontology)

        def sink(chunk):
            st.append(ids.links_graph, chunk)
            if exporter:
                exporter.links_chunk(chunk)
        links = linker.finish(registry, sink)
        summary = summary_graph(ids, emitter.plans, emitter.stats, linker.lead_tally)
        st.replace_graph(ids.summary_graph, summary)
        if exporter:
            exporter.graph(ids.summary_graph, summary)
        warnings.extend(f"agency without a function: {label}" for label in links.without_function)
        warnings.extend(f"theme without a topic: {t}" for t in links.themes_without_topic)
        st.flush()
        result = BuildResult(dataset=st, stats=emitter.stats, plans=emitter.plans, residue=all_residue,
                             warnings=warnings, links=links, unchanged=unchanged)
        if exporter:
            result.files = exporter.finish(result)
            result.export_seconds = exporter.seconds
    except BaseException:
        if exporter:
            exporter.abort()
        raise
    return result
