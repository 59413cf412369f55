"""The table of differences of a migration rehearsal (object, key, field, expected, found) as CSV and HTML,
and the comparison of two rehearsals' tables: which differences are new, resolved or changed. No Odoo call::

    write_csv(differences, Path("reports/migration/differences.csv"))
    changes = compare(read_csv(Path("a/differences.csv")), read_csv(Path("b/differences.csv")))
    write_changes(changes, Path("reports/migration/comparison"), "Rehearsal B against rehearsal A")
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import astuple, dataclass
from pathlib import Path

COLUMNS = ("object", "key", "field", "expected", "found")
CHANGE_COLUMNS = ("status", "object", "key", "field", "expected", "found in A", "found in B")
#: How a difference moved from rehearsal A to rehearsal B.
STATUSES = ("new", "resolved", "changed")


@dataclass(frozen=True, order=True)
class Difference:
    """Odoo does not hold what the extract says: ``found`` where ``expected``, both as shown to a person."""

    object: str
    key: str
    field: str
    expected: str
    found: str

    @property
    def where(self) -> tuple[str, str, str]:
        """What the difference is about (object, key, field): the same in two rehearsals."""
        return self.object, self.key, self.field


@dataclass(frozen=True)
class Change:
    """How a difference moved between rehearsal A and rehearsal B: ``new``, ``resolved`` or ``changed``."""

    status: str
    where: tuple[str, str, str]
    expected: str
    found_a: str
    found_b: str


def to_csv(rows: list[Difference]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(astuple(row) for row in sorted(rows))
    return out.getvalue()


def write_csv(rows: list[Difference], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_csv(rows), "utf-8")


def _page(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]], summary: str, empty: str) -> str:
    """A self-contained HTML page: the title, the summary, and the table (or ``empty`` when no row)."""
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in row) + "</tr>" for row in rows
    )
    head = "".join(f"<th>{html.escape(name)}</th>" for name in columns)
    body = f"<table><tr>{head}</tr>{cells}</table>" if rows else f"<p>{html.escape(empty)}</p>"
    style = "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:left}"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{style}</style></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(summary)}</p>{body}</body></html>\n"
    )


def to_html(rows: list[Difference], title: str) -> str:
    """A self-contained page: the title, the count, and the table (or 'no difference')."""
    table = [astuple(row) for row in sorted(rows)]
    return _page(
        title, COLUMNS, table, f"{len(rows)} difference(s)", "No difference: Odoo holds the extract."
    )


def write_html(rows: list[Difference], path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(rows, title), "utf-8")


def read_csv(path: Path) -> list[Difference]:
    """A rehearsal's table back from its CSV; ValueError with ``path:line: ...`` when it is not one."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}:1: cannot read a table of differences ({exc})") from None
    reader = csv.reader(lines)
    header = next(reader, [])
    if tuple(header) != COLUMNS:
        raise ValueError(f"{path}:1: not a table of differences (its header must be {','.join(COLUMNS)})")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}:{number}: {len(cells)} cells, a difference has {len(COLUMNS)}")
        rows.append(Difference(*cells))
    return rows


def compare(a: list[Difference], b: list[Difference]) -> list[Change]:
    """What rehearsal B changed in rehearsal A's differences: new in B, resolved (in A only), changed (found
    or expected differ). Differences the same in both are not listed."""
    in_a = {row.where: row for row in a}
    in_b = {row.where: row for row in b}
    changes = []
    for where in sorted(in_a.keys() | in_b.keys()):
        old, new = in_a.get(where), in_b.get(where)
        if old and not new:
            changes.append(Change("resolved", where, old.expected, old.found, ""))
        elif new and not old:
            changes.append(Change("new", where, new.expected, "", new.found))
        elif old and new and (old.found, old.expected) != (new.found, new.expected):
            changes.append(Change("changed", where, new.expected, old.found, new.found))
    return changes


def changes_csv(changes: list[Change]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CHANGE_COLUMNS)
    writer.writerows(_change_rows(changes))
    return out.getvalue()


def _change_rows(changes: list[Change]) -> list[tuple[str, ...]]:
    return [(c.status, *c.where, c.expected, c.found_a, c.found_b) for c in changes]


def changes_html(changes: list[Change], title: str) -> str:
    """The comparison as a self-contained page: counts by status, then one row per change."""
    counts = ", ".join(f"{sum(c.status == s for c in changes)} {s}" for s in STATUSES)
    empty = "No change: the two rehearsals hold the same differences."
    return _page(title, CHANGE_COLUMNS, _change_rows(changes), counts, empty)


def write_changes(changes: list[Change], folder: Path, title: str) -> None:
    """``changes.csv`` and ``changes.html`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "changes.csv").write_text(changes_csv(changes), "utf-8")
    (folder / "changes.html").write_text(changes_html(changes, title), "utf-8")
