"""The ``zwgk`` command: a thin skin over the library (each command calls one function).

Exit codes: 0 ok; 1 the data fails validation; 2 input or usage error (an unreadable document,
one with nothing to read, a bad sidecar, bad arguments); 3 the build wrote its outputs but refused
some documents (each named in OUT/rejected.tsv and on the console).  Errors are one line on stderr.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from .errors import ZwgkError
from .namespaces import DEFAULT_BASE

EXIT_CODES = ("Exit codes: 0 ok; 1 the data fails validation; 2 input or usage error (one line on stderr); "
              "3 built, but some documents were refused (listed in OUT/rejected.tsv).")

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help=f"zwgk — knowledge graph of government-openness (政务公开) work plans.\n\n{EXIT_CODES}")
out_console = Console(width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """zwgk — knowledge graph of government-openness (政务公开) work plans."""


def _fail(exc: ZwgkError) -> None:
    err_console.print(f"zwgk: error: {exc.one_line()}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def summary_table(result) -> Table:
    """Render the per-plan summary of a build."""
    t = Table(title="zwgk build", show_lines=False)
    for col in ("plan", "layout", "themes", "reqs", "lead", "coop", "impl", "superv",
                "explicit", "merged", "shared", "intext", "open", "repairs", "residue"):
        t.add_column(col, justify="left" if col in ("plan", "layout") else "right", no_wrap=True)
    for key in sorted(result.stats):
        s = result.stats[key]
        themes = f"{s.themes}" + (f" ({s.reconstructed} lost)" if s.reconstructed else "")
        t.add_row(key, s.layout, themes, str(s.requirements),
                  *(str(s.obligations.get(r, 0)) for r in ("Lead", "Cooperate", "Implement", "Supervise")),
                  *(str(s.evidence.get(e, 0)) for e in ("Explicit", "MergedCell", "SharedBlock", "InText")),
                  str(s.open_items), str(s.repairs), str(s.residue))
    return t


@app.command()
def build(
    paths: Optional[List[Path]] = typer.Argument(None, help="Documents or folders (default: documents/)."),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of the instance data."),
    store: Optional[str] = typer.Option(None, "--store", help="memory or oxigraph:DIR (default: memory up to "
                                        "200 documents, else oxigraph:OUT/store)."),
) -> None:
    """Build the graph from plan documents and print a summary per plan."""
    from .build import build as run_build, find_documents

    try:
        docs = find_documents(paths or [Path("documents")])
        with Progress(console=err_console, transient=True, disable=len(docs) < 2 or not err_console.is_terminal) as bar:
            task = bar.add_task("parsing", total=len(docs))
            result = run_build(docs, out=out, base=base, progress=lambda f: bar.advance(task), store=store)
        result.dataset.close()
    except ZwgkError as exc:
        _fail(exc)
    for w in result.warnings:
        err_console.print(f"zwgk: warning: {w}", markup=False, highlight=False)
    out_console.print(summary_table(result))
    lk = result.links
    pairs = ", ".join(f"{a}→{b} {kind} {n}" for (a, b, kind), n in sorted(lk.alignments.items()))
    out_console.print(f"links: requirements aligned ({pairs}); {lk.crossplan} layout-read leads corroborated "
                      f"across plans, {len(lk.conflicts)} conflicts; {len(lk.without_function)} agencies without "
                      f"a function", markup=False, highlight=False)
    if result.unchanged:
        out_console.print(f"store: {result.unchanged} plan graphs unchanged (same document), "
                          f"{len(result.stats) - result.unchanged} rewritten", markup=False, highlight=False)
    out_console.print(f"wrote {len(result.files)} files to {out}/ (zwgk.trig, zwgk.ttl, plans/*.ttl, links.ttl, "
                      f"residue.tsv, rejected.tsv)", markup=False, highlight=False)
    if result.rejected:
        out_console.print(f"refused {len(result.rejected)} of {len(docs)} documents (listed in {out}/rejected.tsv):",
                          markup=False, highlight=False)
        for path, reason in result.rejected:
            out_console.print(f"  {path}: {reason}", markup=False, highlight=False, soft_wrap=True)
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
    for plan in report.plans + ["registry"]:
        counts = ", ".join(f"{report.count(s, plan)} {s}" for s in ("Violation", "Warning", "Info"))
        t.add_row(f"[bold]{plan}[/bold]", counts, "", "")
        for r in report.results:
            if r.plan == plan and (show_info or r.severity != "Info"):
                t.add_row("", r.severity, r.node, r.message)
    return t


@app.command()
def validate(
    dataset: Optional[str] = typer.Argument(None, help="A built dataset: a TriG file or oxigraph:DIR; default: build "
                                            "documents/ into out/ first."),
    format: Format = typer.Option(Format.text, "--format", help="text (a table), turtle (SHACL report), json, junit (CI)."),
    fail_on: FailOn = typer.Option(FailOn.violation, "--fail-on", help="Exit 1 on violations, or on warnings too."),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="Folder with plan-shapes.ttl and registry-shapes.ttl."),
    jobs: int = typer.Option(2, "--jobs", help="Processes validating plans in parallel."),
    engine: str = typer.Option("sparql", "--engine", help="sparql (the shapes compiled to SPARQL on Oxigraph, "
                               "fast) or pyshacl (the reference implementation; same results, ~100x slower)."),
    show_info: bool = typer.Option(False, "--show-info", help="List Info results too (text format)."),
    out: Path = typer.Option(Path("out"), "--out", help="Where to build when no dataset is given."),
    junit_file: Optional[Path] = typer.Option(None, "--junit-file", help="Also write the JUnit XML report to this file."),
) -> None:
    """Validate a built dataset with the SHACL shapes; exit 1 when it does not conform."""
    from .build import build as run_build
    from .validate import load_dataset, load_shapes, to_json, to_junit, to_turtle, validate as run_validate

    try:
        shape_graphs = load_shapes(shapes)
        if dataset is None:
            run_build([Path("documents")], out=out)
            dataset = str(out / "zwgk.trig")
        report = run_validate(load_dataset(dataset if dataset.startswith("oxigraph:") else Path(dataset)),
                              shape_graphs, jobs=jobs, engine=engine)
    except ZwgkError as exc:
        _fail(exc)
    if junit_file is not None:
        junit_file.parent.mkdir(parents=True, exist_ok=True)
        junit_file.write_text(to_junit(report, fail_on.value), encoding="utf-8")
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


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@app.command()
def query(
    name: Optional[str] = typer.Argument(None, help="Saved query name (see --list)."),
    param: List[str] = typer.Option([], "--param", help="KEY=VALUE, bound as an RDF term; repeatable."),
    format: QueryFormat = typer.Option(QueryFormat.table, "--format", help="table, csv, json or markdown."),
    data: Optional[str] = typer.Option(None, "--data", help="Dataset: TriG file or oxigraph:DIR; default out/zwgk.trig, "
                                       "built if missing."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="SPARQL endpoint URL (union default graph)."),
    list_: bool = typer.Option(False, "--list", help="List the saved queries with their parameters."),
) -> None:
    """Run a saved SPARQL query on the built graph or on a SPARQL endpoint."""
    from . import queries as Q

    try:
        if list_:
            t = Table(title="saved queries")
            for col in ("name", "title", "parameters"):
                t.add_column(col, overflow="fold")
            for q in Q.list_queries():
                ps = "; ".join(f"{p.name}{'*' if p.required else ''} — {p.description} (e.g. {p.example})" for p in q.params)
                t.add_row(q.name, q.title, ps or "—")
            out_console.print(t)
            return
        if not name:
            raise ZwgkError("give a query name, or --list")
        params = {}
        for item in param:
            if "=" not in item:
                raise ZwgkError(f"--param takes KEY=VALUE, got {item!r}")
            k, v = item.split("=", 1)
            params[k] = v
        if data is not None and endpoint is not None:
            raise ZwgkError("give --data or --endpoint, not both")
        df = Q.run(name, data=data, endpoint=endpoint, **params)
    except ZwgkError as exc:
        _fail(exc)
    if format is QueryFormat.csv:
        sys.stdout.write(df.to_csv(index=False))
    elif format is QueryFormat.json:
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=2) + "\n")
    elif format is QueryFormat.markdown:
        cols = list(df.columns)
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join("" if v is None or v != v else str(v) for v in row) + " |" for row in df.itertuples(index=False)]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        t = Table(title=name)
        for c in df.columns:
            t.add_column(str(c), overflow="fold")
        for row in df.itertuples(index=False):
            t.add_row(*("" if v is None or v != v else str(v) for v in row))
        out_console.print(t)
        out_console.print(f"{len(df)} rows", markup=False, highlight=False)


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store."),
    data: Path = typer.Option(Path("out") / "zwgk.trig", "--data", help="The dataset to push (TriG)."),
    retries: int = typer.Option(4, "--retries", help="Retries per graph on connection errors, 5xx and timeouts."),
    backoff: float = typer.Option(0.5, "--backoff", help="First wait between retries, in seconds (doubles)."),
) -> None:
    """PUT every named graph to a SPARQL server (credentials: $ZWGK_USER/$ZWGK_PASSWORD or $ZWGK_TOKEN)."""
    from .push import push as run_push

    try:
        result = run_push(data, endpoint, retries=retries, backoff=backoff)
    except ZwgkError as exc:
        _fail(exc)
    out_console.print(f"pushed {len(result.pushed)} graphs to {endpoint}", markup=False, highlight=False)


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


def main() -> None:
    """Console-script entry point.

    When the command is done (its files written and closed, its stores flushed and closed) the process
    ends at once: tearing down the interpreter's large in-memory tables (character conversion, pinyin,
    caches) would take about a second more than the seed build itself.
    """
    code = 0
    try:
        app()
    except ZwgkError as exc:  # raised outside a command body
        err_console.print(f"zwgk: error: {exc.one_line()}", markup=False)
        code = exc.exit_code
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            err_console.print(exc.code, markup=False)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
