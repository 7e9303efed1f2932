"""Plain records that the reading stages produce and the emitter turns into RDF.

The readers know documents, not RDF; the emitter knows RDF, not documents.  Everything here
is a dataclass of strings, integers and lists of other records.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Duty:
    """One agency's duty as an assignment states it: the names as printed, the role and why."""

    written: str              # the body's name as printed: 商务厅, 省编办
    phrase: str               # the assignment's words naming it, as printed: 省编办 (省审改办), 市税务局等市有关单位
    name: str                 # what names the body, for resolving it: 省商务厅 (a distributed prefix restored)
    role: str                 # Lead | Cooperate | Implement | Supervise
    basis: str                # how the role was read: RoleWord | FieldLabel | ColumnHeader | ResponsibleLeads
                              # | ResponsibleImplements (see reading/assignments.py)
    cue: str = ""             # the words that gave the role: 牵头, 责任单位, 牵头落实单位 …
    unit: str | None = None   # a sub-unit named in brackets after the body, as printed


@dataclass
class Assignment:
    """The agency text that applies to one requirement, and how the document gave it."""

    text: str                 # as printed (several cells joined by a space)
    lines: list[int]          # source lines the text was read from
    evidence: str             # Explicit | MergedCell | SharedBlock | InText
    read_from: int | None = None   # for MergedCell: index of the requirement whose row carries the text
    form: str = "parenthesis" # parenthesis | cell | sentence | subject: where the document states it
    default: str = ""         # the role of a name with no role word: "Lead", "Cooperate", "Supervise",
                              # or "responsible" (a 责任单位-like column, or prose), see reading/usage.py
    cue: str = ""             # what gave that default: the column header as printed, or "prose"
    duties: list[Duty] = field(default_factory=list)   # filled once the document's usage is known


@dataclass
class ThemeRec:
    """One 工作任务 section, possibly nested under another."""

    path: tuple[int, ...]     # positions from the top, e.g. (1, 2) is the 2nd child of the 1st theme
    ordinal: str | None       # as printed: "二", "(一)", "1"; None when nothing is printed
    number: int | None        # the ordinal's value
    label: str | None         # heading as printed, without the ordinal; None when lost
    line: int | None          # where the heading is printed; None for a reconstructed theme
    reconstructed: bool = False

    @property
    def parent(self) -> tuple[int, ...] | None:
        return self.path[:-1] or None

    @property
    def position(self) -> int:
        return self.path[-1]


@dataclass
class RequirementRec:
    """One 具体要求 item under a theme."""

    theme: tuple[int, ...]
    ordinal: str | None       # as printed ("4"), None when unnumbered
    number: int | None
    text: str                 # full text as printed, ordinal removed, whitespace-trimmed
    line: int
    lines: list[int] = field(default_factory=list)      # every source line of the text, when more than one
    assignments: list[Assignment] = field(default_factory=list)   # one per agency column or parenthesis
    addressed_to_no_one: bool = False   # the document states no assignment for it
    schedule: list[str] = field(default_factory=list)   # a time-limit cell (完成时限 …) as printed
    readings: object = None             # emitter.Readings: what the text says beyond itself (set by prepare)

    @property
    def assignment(self) -> Assignment | None:
        """The first assignment (a table's lead column, a paragraph's parenthesis), or None."""
        return self.assignments[0] if self.assignments else None


@dataclass
class Residue:
    """A non-blank source line that is not carried into the graph as content."""

    line: int
    reason: str
    text: str


@dataclass
class Repair:
    """A defect of the source that the parser repaired, with the evidence."""

    kind: str
    line: int
    original: str
    repaired: str
    note: str


@dataclass
class OpenQuestion:
    """Something the parser could not read and leaves open."""

    kind: str
    line: int | None
    note: str
    requirement: int | None = None     # index into ParsedPlan.requirements


@dataclass
class ParsedPlan:
    """What the reader read from one document's body."""

    layout: str                        # how the body is laid out: tsv_table | pipe_table | cell_per_line | prose
    column_header: str | None          # the (first) agency column's header as printed (tables)
    default_role: str                  # role for an agency named without a role word in that column
    body_start: int                    # first line of the body (table header or first heading)
    themes: list[ThemeRec] = field(default_factory=list)
    requirements: list[RequirementRec] = field(default_factory=list)
    residue: list[Residue] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    body_lines: set[int] = field(default_factory=set)   # lines the body parser consumed
    content_lines: set[int] = field(default_factory=set)   # lines carried into content beyond the records' own
                                       # line fields: a paragraph's continuation lines, a row's time and dash cells
    numbering: str | None = None       # "per-theme" | "continuous" | None (items unnumbered)
    uses_lead: bool = False            # the document's assignments name 牵头 units somewhere (reading/usage.py)
    warnings: list[str] = field(default_factory=list)   # what the user must be told (a document cut short:
                                       # reading/ends.py), one line each, without the file's name


@dataclass
class PlanRef:
    """A higher-level plan the document names (the national 要点, its province's plan)."""

    jurisdiction: str          # division code, or "CN"
    year: int
    title: str | None          # as written in the text
    issued_by: str | None      # agency as written, e.g. 国务院办公厅
    document_number: str | None = None


@dataclass
class PlanMeta:
    """Facts about the plan read from the text (and, where marked, from a sidecar)."""

    title: str | None = None
    title_lines: list[int] = field(default_factory=list)
    year: int | None = None
    jurisdiction: str | None = None    # division code
    year_basis: str | None = None           # where the year was read when the title has none
    jurisdiction_basis: str | None = None   # where it was read: title, issuer, signature, document number
    issuer: str | None = None          # as written
    issued: str | None = None          # ISO date
    published: str | None = None       # ISO date of web publication
    document_number: str | None = None
    implements: list[PlanRef] = field(default_factory=list)
    from_sidecar: set[str] = field(default_factory=set)   # field names that came from the sidecar
    meta_lines: dict[int, str] = field(default_factory=dict)  # line → what it gave (title, issuer, date…)
    repairs: list[Repair] = field(default_factory=list)
    owner: str | None = None           # a department whose own plan this is, as its title names it
                                       # (广东省卫生健康委); its internal units (办公室, 财务处) are its sub-units
