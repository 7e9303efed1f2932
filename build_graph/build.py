"""Build the graph: documents → parsed records → one RDF dataset → files in ``out/``.

:func:`build` is what ``zwgk build`` calls.  Each document is read and emitted in turn (a refused
one is named and skipped); every output is staged and switched into place only when all are
written (:mod:`build_graph.transaction`), so a failed or killed build changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import reading
from .emitter import Emitter, PlanInput, Stats, prepare
from .errors import MalformedDocument, NothingBuilt, UsageError, ZwgkError
from .export import Exporter
from .portal import Description
from .agencies import resolve
from .jurisdictions import get as get_jurisdiction, known
from .textnorm import match_view
from .linking import Linker
from .parallel import imap, workers
from .reading.title_block import apply_sidecar, sidecar_path
from .namespaces import DEFAULT_BASE, check_base
from .reader import read_document
from .records import OpenQuestion, Residue
from .stores import MEMORY_LIMIT_DOCUMENTS, MemoryStore, OxigraphStore, store_location, stored_hashes
from .transaction import Transaction
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
    unchanged: int = 0              # plan graphs from the same document as in the previous on-disk store
    rejected: list[tuple[Path, str]] = field(default_factory=list)   # documents refused, with the reason
    export_seconds: float = 0.0     # of the build's time, what writing the exports took


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the plan documents they hold (not READMEs, sidecars, hidden files or
    sub-folders).  What is not a regular file (a FIFO, a device, a broken or looping link) is kept, for
    the reader to refuse with its reason; paths that do not exist are named together in one error."""
    out: list[Path] = []
    missing: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.iterdir()):
                if (not f.name.startswith(".") and f.suffix.lower() in DOCUMENT_SUFFIXES and not f.is_dir()
                        and not f.name.upper().startswith("README") and not f.name.endswith(".meta.toml")):
                    out.append(f)
        elif p.exists() or p.is_symlink():
            out.append(p)
        else:
            missing.append(p)
    if missing:
        raise UsageError("no such file or folder" + (f" (nor {', '.join(map(str, missing[1:]))})" if missing[1:] else ""),
                         missing[0])
    if not out:
        raise UsageError("no plan documents found in " + ", ".join(map(str, paths)))
    return out


def parse_document(path: Path) -> tuple[PlanInput, list[Residue], list[str]]:
    """Read one document into its plan's records and account for every line of it."""
    doc = read_document(path)
    parsed, meta, meta_residue = reading.read(doc)
    warnings = apply_sidecar(meta, path) + [f"{path}: {w}" for w in parsed.warnings]   # a document cut short …
    if meta.jurisdiction and not known(meta.jurisdiction):
        raise MalformedDocument(f"jurisdiction {meta.jurisdiction} is not a GB/T 2260 code we know", path)
    advice = {"title": 'title = "…"', "year": "year = 2021", "jurisdiction": 'jurisdiction = "440000" (its GB/T 2260 code)'}
    for name, value in (("title", meta.title), ("year", meta.year), ("jurisdiction", meta.jurisdiction)):
        if not value:
            parsed.open_questions.append(OpenQuestion(
                f"missing-{name}", None, f"the text does not state the plan's {name}; the plan is keyed by its "
                f"document's hash until a sidecar {sidecar_path(path).name} says {advice[name]}"))
    residue = meta_residue + parsed.residue + [Residue(n, why, shown) for n, why, shown in doc.cleaned]
    # nothing lost: every non-blank line is content, metadata or residue
    content = set(meta.meta_lines) | parsed.content_lines
    content |= {t.line for t in parsed.themes if t.line}
    for r in parsed.requirements:
        content.add(r.line)
        content.update(r.lines)
        for a in r.assignments:
            content.update(a.lines)
    accounted = content | {r.line for r in residue}
    for n, line, _ in doc.numbered():
        if n not in accounted:
            residue.append(Residue(n, f"not read as content by the {parsed.layout} reader", line.strip()))
    residue.sort(key=lambda r: r.line)
    prepare(parsed, meta, doc.sha256)     # the pure readings, here: in a worker process for large corpora
    plan = PlanInput(path=path, sha256=doc.sha256, encoding=doc.encoding, parsed=parsed, meta=meta,
                     sidecar=sidecar_path(path) if sidecar_path(path).exists() else None)
    return plan, residue, warnings


def plan_key(plan: PlanInput) -> str:
    """A plan's key: jurisdiction-year (440000-2017) where the text or a sidecar states both — with the
    owner's slug for a department's own plan (440000-2021-weishengjiankangweiyuanhui), which shares its
    government's jurisdiction and year — else doc-<the first 12 hex digits of its document's SHA-256>."""
    meta = plan.meta
    if meta.jurisdiction and meta.year:
        key = f"{meta.jurisdiction}-{meta.year}"
        if meta.owner:
            key += "-" + resolve(match_view(meta.owner), get_jurisdiction(meta.jurisdiction)).slug
        return key
    return f"doc-{plan.sha256[:12]}"


#: below this many documents parsing stays in the main process (a worker pool costs ~0.1 s to start)
PARALLEL_MIN_DOCUMENTS = 40


def parse_or_refuse(path: Path):
    """``parse_document`` of one file, or the error that refuses it (returned, so a worker can hand it back)."""
    try:
        return parse_document(path)
    except ZwgkError as exc:
        return exc


def parse_all(files: list[Path], jobs: int | None = None):
    """Yield ``parse_or_refuse`` of each file, in order; parsed by worker processes for larger corpora
    (a few documents per worker in flight, so memory does not grow with the corpus)."""
    n = workers(jobs) if len(files) >= PARALLEL_MIN_DOCUMENTS else 1
    yield from imap(parse_or_refuse, files, n)


def build(paths: Iterable[str | Path], out: str | Path | None = "out", base: str = DEFAULT_BASE,
          progress: Callable[[Path], None] | None = None, store: str | None = None,
          jobs: int | None = None, wait: float = 10.0, description: Description | None = None) -> BuildResult:
    """Build the dataset from documents (files or folders) into a store; write the exports to ``out``.

    Documents stream through one at a time: each plan graph goes to the store (and its Turtle to the
    exports) as soon as it is emitted, so memory holds one document plus the registry.  Outputs are all
    or nothing (:mod:`build_graph.transaction`): ``out``'s files are staged and an on-disk store is built
    afresh beside the old one, and both switch into place together at the end, under a lock that a
    second build into the same folder waits ``wait`` seconds for.  ``BuildResult.unchanged`` counts the
    plans whose document is the one the previous store was built from.  A document that cannot be read
    (empty, binary, nothing to read in it) is refused: it is listed in ``BuildResult.rejected`` and
    ``out/rejected.tsv`` and the others are built; when every document is refused, the first one's
    error is raised and nothing is written.
    """
    files = find_documents(paths)
    check_base(base)
    store_dir = store_location(store, len(files), (Path(out) if out is not None else Path("out")) / "store")
    if out is None and store_dir is None:
        return _build(files, None, base, progress, MemoryStore(), {}, jobs, description)
    with Transaction(out, store_dir, wait=wait) as txn:
        if store_dir is None:
            st, before = MemoryStore(), {}
        else:
            before = stored_hashes(store_dir)
            st = OxigraphStore(txn.store_new)
        try:
            result = _build(files, txn if out is not None else None, base, progress, st, before, jobs, description)
            st.close()
        except BaseException:
            st.close()
            raise
        txn.commit()
    if store_dir is not None:
        result.dataset = OxigraphStore(store_dir)
    return result


def _build(files: list[Path], txn: Transaction | None, base: str, progress, st, before: dict[str, str],
           jobs: int | None, description: Description | None = None) -> BuildResult:
    """The build proper: every document parsed, emitted into ``st`` (a fresh store) and, with a
    transaction, exported to its staging folder."""
    # a large corpus keeps counts, not every document's parsed records
    emitter = Emitter(base, keep_parsed=len(files) <= MEMORY_LIMIT_DOCUMENTS)
    ids = emitter.ids
    linker = Linker(ids, emitter.agency_label)
    warnings: list[str] = []
    all_residue = []
    keys: set[str] = set()
    sources: list[str] = []
    unchanged = 0
    exporter = Exporter(txn.out, ids, txn, description) if txn is not None else None
    rejected: list[tuple[Path, str]] = []
    first: ZwgkError | None = None
    try:
        for f, parsed in zip(files, parse_all(files, jobs)):
            if isinstance(parsed, ZwgkError):
                first = first or parsed
                rejected.append((f, parsed.reason if parsed.line is None else f"line {parsed.line}: {parsed.reason}"))
                if len(rejected) == len(files):
                    # nothing at all can be built: one error line, nothing written
                    if len(files) == 1:
                        raise parsed
                    raise NothingBuilt(f"all {len(files)} documents were refused: nothing to build, nothing "
                                       f"written", refused=rejected)
                if progress:
                    progress(f)
                continue
            plan, residue, w = parsed
            warnings.extend(w)
            k = plan_key(plan)
            # two documents of one jurisdiction and year: the later (by path) is told apart by its hash
            plan.key = k if k not in keys else f"{k}-{plan.sha256[:8]}"
            keys.add(plan.key)
            g = emitter.add_plan(plan)
            linker.add_plan(g, {r.text: r.readings.clean for r in plan.parsed.requirements if r.readings})
            name = ids.plan_graph(plan.key)
            if before.get(name) == plan.sha256:
                unchanged += 1
            st.replace_graph(name, g)
            if exporter:
                exporter.plan(name, plan.key, g)
            del g
            emitter.stats[plan.key].residue = len(residue)
            all_residue.extend((plan.path.name, r) for r in residue)
            sources.append(plan.sha256)
            if progress:
                progress(f)
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
                             warnings=warnings, links=links, unchanged=unchanged, rejected=rejected)
        if exporter:
            result.files = exporter.finish(result)
            result.export_seconds = exporter.seconds
    except BaseException:
        if exporter:
            exporter.abort()
        raise
    return result
