"""The ``zwgk`` command: a thin skin over the library (each command calls one function).

Exit codes: 0 ok; 1 the data fails validation; 2 input or usage error (unreadable
or unknown document, bad sidecar, bad arguments).  Errors are one line on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from .errors import ZwgkError
from .namespaces import DEFAULT_BASE

EXIT_CODES = "Exit codes: 0 ok; 1 the data fails validation; 2 input or usage error (one line on stderr)."

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
        s, plan = result.stats[key], result.plans[key]
        themes = f"{s.themes}" + (f" ({s.reconstructed} lost)" if s.reconstructed else "")
        t.add_row(key, plan.parsed.layout, themes, str(s.requirements),
                  *(str(s.obligations.get(r, 0)) for r in ("Lead", "Cooperate", "Implement", "Supervise")),
                  *(str(s.evidence.get(e, 0)) for e in ("Explicit", "MergedCell", "SharedBlock", "InText")),
                  str(s.open_items), str(s.repairs), str(s.residue))
    return t


@app.command()
def build(
    paths: Optional[List[Path]] = typer.Argument(None, help="Documents or folders (default: documents/)."),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of the instance data."),
) -> None:
    """Build the graph from plan documents and print a summary per plan."""
    from .build import build as run_build, find_documents

    try:
        docs = find_documents(paths or [Path("documents")])
        with Progress(console=err_console, transient=True, disable=len(docs) < 2 or not err_console.is_terminal) as bar:
            task = bar.add_task("parsing", total=len(docs))
            result = run_build(docs, out=out, base=base, progress=lambda f: bar.advance(task))
    except ZwgkError as exc:
        _fail(exc)
    for w in result.warnings:
        err_console.print(f"zwgk: warning: {w}", markup=False, highlight=False)
    out_console.print(summary_table(result))
    out_console.print(f"wrote {len(result.files)} files to {out}/ (zwgk.trig, zwgk.ttl, plans/*.ttl, residue.tsv)",
                      markup=False, highlight=False)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except ZwgkError as exc:  # raised outside a command body
        err_console.print(f"zwgk: error: {exc.one_line()}", markup=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
