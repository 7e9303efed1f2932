"""The ``zwgk`` command: a thin skin over the library (each command calls one function).

Exit codes: 0 ok; 1 the data fails validation; 2 input or usage error (an unreadable document,
one with nothing to read, a bad sidecar, bad arguments); 3 the build wrote its outputs but refused
some documents (each named in OUT/rejected.tsv and on the console); 70 an internal error (a bug in zwgk,
not in the input: 70 is sysexits' EX_SOFTWARE, kept apart from 2 so that scripts and CI can tell "fix
your input" from "report a bug"); 130 interrupted (Ctrl-C).  Errors are one line on stderr:
``zwgk: error: FILE[:LINE]: reason`` for bad input, ``zwgk: internal error: TYPE: message (run with
--debug for the traceback)`` for a bug; ``--debug`` (or ``ZWGK_DEBUG=1``) prints the traceback too.
What is printed for people (tables, summaries, messages) has control characters and escape sequences
removed (:func:`build_graph.terminal.printable`); csv and json keep the data as it is.
"""

from __future__ import annotations

import math
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from .errors import UsageError, ZwgkError
from .namespaces import DEFAULT_BASE, check_base
from .terminal import one_line, printable

EXIT_CODES = ("Exit codes: 0 ok; 1 the data fails validation; 2 input or usage error (one line on stderr); "
              "3 built, but some documents were refused (listed in OUT/rejected.tsv); "
              "70 internal error (a bug: one line, --debug shows the traceback); 130 interrupted.")
#: sysexits.h EX_SOFTWARE: a bug in zwgk, not a problem with the input
INTERNAL_ERROR = 70
INTERRUPTED = 130

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help=f"zwgk — knowledge graph of government-openness (政务公开) work plans.\n\n{EXIT_CODES}")
# a terminal gives its width; piped, $COLUMNS when set (rich reads it), else 200
out_console = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS", "").strip().isdigit() else 200)
err_console = Console(stderr=True)


_debug = False


def _debug_wanted() -> bool:
    return _debug or os.environ.get("ZWGK_DEBUG", "").strip().lower() not in ("", "0", "false", "no", "off")


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="On an internal error, print the whole traceback "
                                     "(also: ZWGK_DEBUG=1).")) -> None:
    """zwgk — knowledge graph of government-openness (政务公开) work plans."""
    global _debug
    _debug = _debug or debug


def _say(line: str) -> None:
    """Write one line to stderr: no line break, control character or escape sequence inside it."""
    sys.stderr.write(one_line(line) + "\n")
    sys.stderr.flush()


def _fail(exc: ZwgkError) -> None:
    for line in exc.lines():
        _say(f"zwgk: error: {line}")
    raise typer.Exit(exc.exit_code)


def _missing(value) -> bool:
    """No value: None, NaN or pandas' NA (an integer column with gaps)."""
    import pandas as pd

    return value is None or (not isinstance(value, (list, tuple, dict)) and bool(pd.isna(value)))


def _cell(value) -> Text:
    """A table cell from data: never read as rich markup, without control characters."""
    return Text("" if _missing(value) else printable(str(value)))


#: the build summary's columns: (header, what it counts); the headers are short so that 80 columns hold them
SUMMARY_COLUMNS = (("plan", "plan id"), ("layout", "layout"), ("themes", "themes (of which headings lost)"),
                   ("reqs", "requirements"), ("lead", "Lead"), ("coop", "Cooperate"), ("impl", "Implement"),
                   ("sup", "Supervise"), ("expl", "Explicit"), ("mrgd", "MergedCell"), ("shrd", "SharedBlock"),
                   ("intxt", "InText"), ("open", "open questions"), ("rep", "repairs"), ("res", "residue lines"))
SUMMARY_LEGEND = ("reqs: requirements; lead, coop, impl, sup: obligations by role; expl, mrgd, shrd, intxt: by evidence "
                  "(Explicit, MergedCell, SharedBlock, InText); open: open questions; rep: repairs; res: residue lines")
#: at a narrow width the summary is two tables, each led by the plan id
SUMMARY_SPLIT = (("plan", "layout", "themes", "reqs", "open", "rep", "res"),
                 ("plan", "lead", "coop", "impl", "sup", "expl", "mrgd", "shrd", "intxt"))


def _summary_rows(result) -> list[dict[str, str]]:
    rows = []
    for key in sorted(result.stats):
        s = result.stats[key]
        values = [key, s.layout, f"{s.themes}" + (f" ({s.reconstructed} lost)" if s.reconstructed else ""),
                  s.requirements, *(s.obligations.get(r, 0) for r in ("Lead", "Cooperate", "Implement", "Supervise")),
                  *(s.evidence.get(e, 0) for e in ("Explicit", "MergedCell", "SharedBlock", "InText")),
                  s.open_items, s.repairs, s.residue]
        rows.append({h: printable(str(v)) for (h, _), v in zip(SUMMARY_COLUMNS, values)})
    return rows


def _summary_part(rows, cols, title: str) -> Table:
    from rich import box

    t = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), show_edge=False, show_lines=False)
    for col in cols:     # no cell is ever cut or wrapped: ids and numbers stay whole
        t.add_column(col, justify="left" if col in ("plan", "layout") else "right", no_wrap=True)
    for r in rows:
        t.add_row(*(Text(r[c]) for c in cols))
    return t


def summary_tables(result, width: int | None = None) -> list[Table]:
    """The per-plan summary of a build: one table when ``width`` (default: the console's) holds it, else two
    (sizes and repairs; obligations by role and by evidence), each led by the plan id.  Every cell is printed
    whole — a plan id or a number is never cut."""
    width = width or out_console.width
    rows = _summary_rows(result)
    whole = _summary_part(rows, [h for h, _ in SUMMARY_COLUMNS], "zwgk build")
    if rendered_width(whole) <= width:
        return [whole]
    return [_summary_part(rows, SUMMARY_SPLIT[0], "zwgk build: plans"),
            _summary_part(rows, SUMMARY_SPLIT[1], "zwgk build: obligations by role and evidence")]


def rendered_width(renderable) -> int:
    """The widest line of ``renderable`` printed with all the room it wants (in terminal cells)."""
    import io

    from rich.cells import cell_len

    probe = Console(width=10_000, file=io.StringIO(), color_system=None)
    with probe.capture() as cap:
        probe.print(renderable)
    return max((cell_len(line.rstrip()) for line in cap.get().splitlines()), default=0)


def summary_table(result) -> Table:
    """The per-plan summary of a build in one table (see :func:`summary_tables`)."""
    return _summary_part(_summary_rows(result), [h for h, _ in SUMMARY_COLUMNS], "zwgk build")


@app.command()
def build(
    paths: Optional[List[Path]] = typer.Argument(None, help="Documents or folders (default: documents/)."),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of the instance data."),
    store: Optional[str] = typer.Option(None, "--store", help="memory or oxigraph:DIR (default: memory up to "
                                        "200 documents, else oxigraph:OUT/store)."),
    wait: float = typer.Option(10.0, "--wait", min=0, help="Seconds to wait for another build holding OUT (or "
                               "the store) before stopping."),
    publisher: str = typer.Option("zwgk project", "--publisher", help="Publisher named in out/dataset.ttl "
                                  "(dcterms:publisher, a foaf:Agent with this foaf:name)."),
    download_base: Optional[str] = typer.Option(None, "--download-base", help="URL out/ is published at (ending "
                                                "in /): dcat:downloadURL / accessURL of each file in "
                                                "out/dataset.ttl (none without it)."),
    sparql_endpoint: Optional[str] = typer.Option(None, "--sparql-endpoint", help="URL of a SPARQL endpoint "
                                                  "serving the dataset: void:sparqlEndpoint and a dcat:DataService "
                                                  "in out/dataset.ttl."),
) -> None:
    """Build the graph from plan documents and print a summary per plan."""
    from .build import build as run_build, find_documents
    from .portal import Description, check_url

    try:
        check_base(base)
        if not publisher.strip() or one_line(publisher) != publisher:
            raise UsageError(f"--publisher {publisher!r}: give a name (printable characters)")
        description = Description(publisher=publisher,
                                  download_base=check_url("--download-base", download_base, directory=True),
                                  sparql_endpoint=check_url("--sparql-endpoint", sparql_endpoint))
        docs = find_documents(paths or [Path("documents")])
        with Progress(console=err_console, transient=True, disable=len(docs) < 2 or not err_console.is_terminal) as bar:
            task = bar.add_task("parsing", total=len(docs))
            result = run_build(docs, out=out, base=base, progress=lambda f: bar.advance(task), store=store,
                               wait=wait, description=description)
        result.dataset.close()
    except ZwgkError as exc:
        _fail(exc)
    for w in result.warnings:
        _say(f"zwgk: warning: {w}")
    for table in summary_tables(result):
        out_console.print(table)
    out_console.print(SUMMARY_LEGEND, markup=False, highlight=False)
    lk = result.links
    pairs = ", ".join(f"{a}→{b} {kind} {n}" for (a, b, kind), n in sorted(lk.alignments.items()))
    out_console.print(f"links: requirements aligned ({pairs}); {lk.crossplan} layout-read leads corroborated "
                      f"across plans, {len(lk.conflicts)} conflicts; {len(lk.without_function)} agencies without "
                      f"a function", markup=False, highlight=False)
    if result.unchanged:
        out_console.print(f"store: {result.unchanged} plan graphs from the same document as in the previous store, "
                          f"{len(result.stats) - result.unchanged} new or changed", markup=False, highlight=False)
    out_console.print(f"wrote {len(result.files)} files to {out}/ (zwgk.trig, zwgk.ttl, zwgk.jsonld, context.jsonld, "
                      f"plans/*.ttl, plans/*.jsonld, links.ttl, residue.tsv, rejected.tsv, dataset.ttl, "
                      f"dataset.jsonld)", markup=False, highlight=False)
    if result.rejected:
        out_console.print(f"refused {len(result.rejected)} of {len(docs)} documents (listed in {out}/rejected.tsv):",
                          markup=False, highlight=False)
        for path, reason in result.rejected:
            out_console.print(printable(f"  {path}: {reason}"), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(3)


class Format(str, Enum):
    text = "text"
    turtle = "turtle"
    json = "json"
    junit = "junit"


class FailOn(str, Enum):
    violation = "violation"
    warning = "warning"


def report_table(report, show_info: bool) -> Table:
    """Render a validation report: counts per plan and severity, then each result in words."""
    t = Table(title="zwgk validate", show_lines=False)
    for col in ("plan", "severity", "node", "message"):
        t.add_column(col, overflow="fold")
    for plan in report.keys():
        counts = ", ".join(f"{report.count(s, plan)} {s}" for s in ("Violation", "Warning", "Info"))
        t.add_row(Text(printable(plan), style="bold"), counts, "", "")
        for r in report.results:
            if r.plan == plan and (show_info or r.severity != "Info"):
                t.add_row("", r.severity, _cell(r.node), _cell(r.message))
    return t


@app.command()
def validate(
    dataset: Optional[str] = typer.Argument(None, help="A built dataset: a TriG file or oxigraph:DIR; default: build "
                                            "documents/ into out/ first."),
    format: Format = typer.Option(Format.text, "--format", help="text (a table), turtle (SHACL report), json, junit (CI)."),
    fail_on: FailOn = typer.Option(FailOn.violation, "--fail-on", help="Exit 1 on violations, or on warnings too."),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="Folder with plan-shapes.ttl and registry-shapes.ttl "
                                          "(and dataset-shapes.ttl: without it, no dataset.ttl check)."),
    jobs: int = typer.Option(2, "--jobs", help="Processes validating plans in parallel."),
    engine: str = typer.Option("sparql", "--engine", help="sparql (the shapes compiled to SPARQL on Oxigraph, "
                               "fast) or pyshacl (the reference implementation; same results, ~100x slower)."),
    show_info: bool = typer.Option(False, "--show-info", help="List Info results too (text format)."),
    out: Path = typer.Option(Path("out"), "--out", help="Where to build when no dataset is given."),
    junit_file: Optional[Path] = typer.Option(None, "--junit-file", help="Also write the JUnit XML report to this file."),
) -> None:
    """Validate a built dataset with the SHACL shapes; exit 1 when it does not conform.

    Beside a TriG file, the build's description dataset.ttl (DCAT / VoID) is checked too, as the shard
    "dataset", with dataset-shapes.ttl and pySHACL whatever --engine says; a store has no description."""
    from .build import build as run_build
    from .datasets import is_store_spec, trig_file
    from .validate import load_dataset, load_shapes, to_json, to_junit, to_turtle, validate as run_validate

    try:
        if jobs < 1:
            raise UsageError(f"--jobs {jobs}: give 1 or more processes")
        if junit_file is not None:
            _check_output_file(junit_file, "--junit-file")
        # a path with no dataset or no store fails at once; the shapes are checked before the data is read
        data = None
        if dataset is not None:
            data = load_dataset(dataset) if is_store_spec(dataset) else trig_file(dataset)
        shape_graphs = load_shapes(shapes)
        if data is None:
            run_build([Path("documents")], out=out)
            data = out / "zwgk.trig"
        description = None
        if isinstance(data, Path):
            if "dataset" in shape_graphs:
                description = _description_beside(data)
            data = load_dataset(data)
        report = run_validate(data, shape_graphs, jobs=jobs, engine=engine, description=description)
        if junit_file is not None:
            try:
                junit_file.parent.mkdir(parents=True, exist_ok=True)
                junit_file.write_text(to_junit(report, fail_on.value), encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"--junit-file: cannot write it: {exc.strerror or exc}", junit_file)
    except ZwgkError as exc:
        _fail(exc)
    if format is Format.text:
        out_console.print(report_table(report, show_info))
        totals = ", ".join(f"{report.count(s)} {s}" for s in ("Violation", "Warning", "Info"))
        verdict = "conforms" if report.conforms(fail_on.value) else "does not conform"
        out_console.print(f"{totals}: {verdict} (fail on {fail_on.value})", markup=False, highlight=False)
    else:
        text = {Format.turtle: to_turtle, Format.json: to_json}.get(format)
        sys.stdout.write(text(report) if text else to_junit(report, fail_on.value))
    if not report.conforms(fail_on.value):
        raise typer.Exit(1)


def _description_beside(trig: Path):
    """The build's dataset description (dataset.ttl in the TriG file's folder), read and checked against the
    files beside it (:func:`build_graph.portal.read_description`); None when there is none."""
    from .portal import read_description

    path = trig.parent / "dataset.ttl"
    if not path.exists() and not path.is_symlink():
        return None
    return read_description(path)


def _check_output_file(path: Path, option: str) -> None:
    """Refuse, before any work, an output file that cannot be one: a folder, or under a file."""
    if path.is_dir():
        raise UsageError(f"{option} is a folder, not a file: give a file name such as {path / 'validation.xml'}", path)
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise UsageError(f"{option}: {parent} is a file, not a folder", path)


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@app.command()
def query(
    name: Optional[str] = typer.Argument(None, help="Saved query name (see --list)."),
    param: List[str] = typer.Option([], "--param", help="KEY=VALUE, bound as an RDF term; a plan, jurisdiction or agency by its short id "
                             "(plan=440000-2017, jurisdiction=440000, agency=省财政厅) or IRI; repeatable."),
    format: QueryFormat = typer.Option(QueryFormat.table, "--format", help="table (names and short ids), csv, json "
                                       "or markdown (IRIs and their labels)."),
    data: Optional[str] = typer.Option(None, "--data", help="Dataset: TriG file or oxigraph:DIR; default out/zwgk.trig, "
                                       "built if missing."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="SPARQL endpoint URL (union default graph)."),
    list_: bool = typer.Option(False, "--list", help="List the saved queries with their parameters."),
) -> None:
    """Run a saved SPARQL query on the built graph or on a SPARQL endpoint."""
    from . import queries as Q

    try:
        if list_:
            # a listing, not a table: lines wrap between words, so no example id or IRI is cut
            for q in Q.list_queries():
                out_console.print(Text(q.name, style="bold"), Text(printable(q.title)))
                for p in q.params:
                    out_console.print(Text(printable(f"    --param {p.name}={p.example}  "
                                                     f"{'(required) ' if p.required else ''}{p.description}")))
            out_console.print(Text(f"{len(Q.list_queries())} saved queries; a parameter takes a short id (440000-2017, "
                                   "440000, 省财政厅, Monthly) or a full IRI"))
            return
        if not name:
            raise ZwgkError("give a query name, or --list")
        from .queries import undecodable

        params = {}
        for item in param:
            byte = undecodable(item)
            if byte is not None:
                shown = item.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                raise UsageError(f"--param {shown!r}: not valid UTF-8 (byte 0x{byte:02x}); give the value in UTF-8")
            if "=" not in item:
                raise UsageError(f"--param takes KEY=VALUE, got {item!r}")
            k, v = item.split("=", 1)
            params[k] = v
        if data is not None and endpoint is not None:
            raise ZwgkError("give --data or --endpoint, not both")
        found_from = None
        if data is None and endpoint is None and not os.environ.get("ZWGK_ENDPOINT"):
            from .project import project_root
            if project_root() != Path.cwd().absolute():
                found_from = Path.cwd().absolute()
        df = Q.run(name, data=data, endpoint=endpoint, **params)
    except ZwgkError as exc:
        _fail(exc)
    if found_from is not None:      # the default data is not in this folder: say where it was read
        from .project import data_line
        _say(f"zwgk: {data_line()} — the project folder found from {found_from}")
    if format is QueryFormat.csv:
        sys.stdout.write(df.to_csv(index=False))
    elif format is QueryFormat.json:
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=2) + "\n")
    elif format is QueryFormat.markdown:
        cols = list(df.columns)
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in df.itertuples(index=False)]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        out_console.print(result_table(name, df))
        out_console.print(f"{len(df)} rows", markup=False, highlight=False)


#: shorter headers for the table format (csv and json keep the query's column names)
TABLE_HEADERS = {"requirements": "reqs", "requirement": "req", "childRequirement": "child req",
                 "parentRequirement": "parent req", "implementedJurisdictionLabel": "implemented jurisdiction",
                 "implementedTitle": "implemented title"}


#: still shorter ones, when the table is wider than the console
TABLE_SHORT = {"cooperate": "coop", "implement": "impl", "supervise": "sup", "explicit": "expl", "mergedCell": "mrgd",
               "sharedBlock": "shrd", "inText": "intxt", "agencies": "ags", "withoutLead": "no lead",
               "residue": "res", "withinDays": "days", "withinHours": "hours", "requirements": "reqs",
               "reconstructed": "rec", "inCorpus": "in corpus", "successorInCorpus": "in corpus"}


def result_table(name: str, df, width: int | None = None) -> Table:
    """:func:`_result_table`, with the shorter headers of :data:`TABLE_SHORT` when the long ones do not fit
    ``width`` (default: the console's)."""
    t = _result_table(name, df, TABLE_HEADERS)
    if rendered_width(t) > (width or out_console.width):
        t = _result_table(name, df, {**TABLE_HEADERS, **TABLE_SHORT})
    return t


def _result_table(name: str, df, headers: dict) -> Table:
    """A query's answer for people: an IRI column shows its label (``agency`` → 广东省财政厅) — or is left out
    where the query has its own label column (``agencyLabel``) —, plans and requirements their short ids
    (``440000-2017``, ``440000-2017/req/1-3``); numbers and ids are never cut or wrapped, text folds."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype
    from rich import box
    from rich.cells import cell_len

    from .queries import LABEL_SUFFIX, short_id

    t = Table(title=name, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), show_edge=False)
    shown = []
    with_plan = "plan" in df.columns

    def head(c) -> str:   # agencyLabel stands for agency (whose IRI is left out): its header says agency
        c = str(c)
        return headers.get(c, c[:-len("Label")] if c.endswith("Label") and c[:-len("Label")] in df.columns else c)

    def text_column(c, values):
        words = [w for v in values if isinstance(v, str) for w in v.split()]
        longest = max((cell_len(w) for w in words), default=0)
        if max((cell_len(v) for v in values if isinstance(v, str)), default=0) <= 12:
            t.add_column(head(c), no_wrap=True)                 # short words: role, status, evidence kinds
        else:                                                   # text folds, between words where it has spaces
            t.add_column(head(c), overflow="fold", min_width=min(longest, 10) or None)
        shown.append(values)

    for c in df.columns:
        if str(c).endswith(LABEL_SUFFIX) and str(c)[:-len(LABEL_SUFFIX)] in df.columns:
            continue
        lab = f"{c}{LABEL_SUFFIX}"
        if lab in df.columns:                                   # an IRI column
            if f"{c}Label" in df.columns:
                continue
            ids = [v for v in df[c] if isinstance(v, str)]
            if ids and all("/plan/" in v and "/req/" in v for v in ids):
                # a requirement beside its plan: its item in that plan (6-19); alone, with the plan (440000-2021/req/6-19)
                t.add_column(head(c), no_wrap=True)
                shown.append([short_id(v).split("/req/")[-1] if with_plan and isinstance(v, str) else short_id(v)
                              for v in df[c]])
            elif ids and all("/plan/" in v and "/" not in short_id(v) for v in ids):
                t.add_column(head(c), no_wrap=True)             # a plan: its id as the build prints it
                shown.append([short_id(v) for v in df[c]])
            else:
                text_column(c, [lb if isinstance(lb, str) else short_id(v) for v, lb in zip(df[c], df[lab])])
        elif is_numeric_dtype(df[c]) or is_bool_dtype(df[c]):
            t.add_column(head(c), justify="right", no_wrap=True)
            shown.append(list(df[c]))
        else:
            text_column(c, list(df[c]))
    for row in zip(*shown):
        t.add_row(*(_cell(v) for v in row))
    return t


def _md(value) -> str:
    """A markdown table cell: printable, on one line, its pipes escaped."""
    return "" if _missing(value) else one_line(str(value)).replace("|", "\\|")


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store."),
    data: str = typer.Option(str(Path("out") / "zwgk.trig"), "--data", help="The dataset to push: a TriG file, "
                             "a build's output folder or oxigraph:DIR (read-only)."),
    retries: int = typer.Option(4, "--retries", help="Retries per graph on connection errors, 5xx and timeouts (0 or more)."),
    backoff: float = typer.Option(0.5, "--backoff", help="First wait between retries, in seconds (doubles, up to 60)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds each request may wait for the server (above 0)."),
) -> None:
    """PUT every named graph to a SPARQL server (credentials: $ZWGK_USER/$ZWGK_PASSWORD or $ZWGK_TOKEN, or
    user:password@ in the URL; no password or token is ever printed)."""
    from .endpoints import redact
    from .push import push as run_push

    try:
        if retries < 0:
            raise UsageError(f"--retries {retries}: give 0 or more")
        if not (math.isfinite(backoff) and backoff >= 0):
            raise UsageError(f"--backoff {backoff:g}: give a number of seconds, 0 or more")
        if not (math.isfinite(timeout) and timeout > 0):
            raise UsageError(f"--timeout {timeout:g}: give a number of seconds above 0")
        result = run_push(data, endpoint, retries=retries, backoff=backoff, timeout=timeout)
    except ZwgkError as exc:
        _fail(exc)
    out_console.print(printable(f"pushed {len(result.pushed)} graphs to {redact(endpoint)}"), markup=False,
                      highlight=False)


@app.command()
def synth(
    plans: int = typer.Option(20, "--plans", min=1, help="How many plan documents to write."),
    seed: int = typer.Option(1, "--seed", help="Random seed; the same seed writes byte-identical files."),
    out: Path = typer.Option(Path("synth"), "--out", help="Output folder (documents, and truth/ beside them)."),
) -> None:
    """Write synthetic plan documents of the three layouts with their ground truth (truth/*.json)."""
    from .synth import write_corpus

    summary = write_corpus(plans, seed, out)
    out_console.print(summary.line(), markup=False, highlight=False, soft_wrap=True)


def run(args: list[str] | None = None) -> int:
    """Run the command line ``args`` (default: ``sys.argv[1:]``); return the exit code.

    Every failure is one line on stderr: a :class:`ZwgkError` or a usage error as ``zwgk: error: …`` (exit 2,
    or the error's own code), an interrupt as ``zwgk: interrupted`` (130), anything else — a bug — as
    ``zwgk: internal error: …`` (70), with its traceback only under ``--debug`` or ``ZWGK_DEBUG=1``.
    """
    from typer._click import exceptions as click_exc

    try:
        code = app(args=args, standalone_mode=False)
        code = code if isinstance(code, int) else 0
        if code == INTERRUPTED:      # typer turns KeyboardInterrupt in a command into exit code 130
            _say("zwgk: interrupted")
        return code
    except ZwgkError as exc:  # raised outside a command body
        for line in exc.lines():
            _say(f"zwgk: error: {line}")
        return exc.exit_code
    except click_exc.NoArgsIsHelpError as exc:
        help_text = exc.format_message()
        if help_text.strip():
            sys.stdout.write(help_text + "\n")
        return 2
    except click_exc.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "zwgk"
        _say(f"zwgk: error: {exc.format_message()} (see '{command} --help')")
        return exc.exit_code
    except click_exc.ClickException as exc:
        _say(f"zwgk: error: {exc.format_message()}")
        return exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        _say("zwgk: interrupted")
        return INTERRUPTED
    except SystemExit as exc:
        if isinstance(exc.code, str):
            _say(exc.code)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # a bug: one line, the traceback on request
        if _debug_wanted():
            traceback.print_exception(exc)
        first = next((line for line in str(exc).splitlines() if line.strip()), "")
        _say(f"zwgk: internal error: {type(exc).__name__}" + (f": {first.strip()[:300]}" if first else "")
             + ("" if _debug_wanted() else " (run with --debug for the traceback)"))
        return INTERNAL_ERROR


def main() -> None:
    """Console-script entry point.

    When the command is done (its files written and closed, its stores flushed and closed) the process
    ends at once: tearing down the interpreter's large in-memory tables (character conversion, pinyin,
    caches) would take about a second more than the seed build itself.
    """
    code = run()
    try:
        sys.stdout.flush()
    except OSError:             # stdout closed early (zwgk query … | head)
        pass
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
