"""Tables of differences: CSV round trip, HTML, the comparison of two rehearsals, and unreadable tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drivers.differences import Difference, changes_html, compare, read_csv, to_html, write_csv

A = [
    Difference("item", "X-1", "cost", "1.00", "2.00"),
    Difference("on hand", "X-1 @ Stock", "quantity", "5", "4"),
]


def test_a_table_reads_back_as_written(tmp_path: Path) -> None:
    write_csv(A, tmp_path / "d.csv")
    assert read_csv(tmp_path / "d.csv") == sorted(A)


def test_compare_lists_new_resolved_and_changed_and_nothing_the_same() -> None:
    b = [
        Difference("on hand", "X-1 @ Stock", "quantity", "5", "3"),
        Difference("item", "Y-2", "exists", "yes", "no"),
    ]
    changes = [(c.status, c.where, c.found_a, c.found_b) for c in compare(A, b)]
    assert changes == [
        ("resolved", ("item", "X-1", "cost"), "2.00", ""),
        ("new", ("item", "Y-2", "exists"), "", "no"),
        ("changed", ("on hand", "X-1 @ Stock", "quantity"), "4", "3"),
    ]
    assert compare(A, list(A)) == []


def test_html_shows_every_row_escaped_or_says_no_difference() -> None:
    page = to_html([Difference("item", "<b>", "cost", "1", "2")], "R")
    assert "<td>&lt;b&gt;</td>" in page and "1 difference(s)" in page
    assert "No difference" in to_html([], "R")


@pytest.mark.parametrize(
    "text, message",
    [("a,b\n", ":1: not a table of differences"), ("object,key,field,expected,found\nx,y\n", ":2: 2 cells")],
)
def test_a_file_that_is_not_a_table_is_refused_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "d.csv").write_text(text)
    with pytest.raises(ValueError, match=message):
        read_csv(tmp_path / "d.csv")


def test_a_value_row_is_listed_only_where_quantity_and_cost_do_not_explain_it() -> None:
    """Per item: cost row when the cost differs; value row when Odoo's value is not its quantity times its
    cost (expected: the extract's quantity times cost)."""
    from drivers.extract import Extract, Item, StockLine
    from drivers.reconcile import _items
    from drivers.versions import adapter_for

    items = {c: Item(c, c, "Units", 2.0, "none") for c in ("A", "B", "C")}
    stock = tuple(StockLine(c, "Stock", "", 10) for c in items)
    extract = Extract(Path("x"), items, ("Stock",), stock, (), (), (), ())
    version = adapter_for("17.0")
    products = [
        {"default_code": "A", "standard_price": 2.0, "quantity_svl": 10, "value_svl": 20.0},  # as extracted
        {"default_code": "B", "standard_price": 3.0, "quantity_svl": 10, "value_svl": 30.0},  # cost changed
        {"default_code": "C", "standard_price": 2.0, "quantity_svl": 10, "value_svl": 25.0},  # value off
    ]
    assert _items(products, version, extract) == [
        Difference("item", "B", "cost", "2.00", "3.00"),
        Difference("item", "C", "value", "20.00", "25.00"),
    ]
    assert _items(products[:1], version, extract)[-2:] == [
        Difference("item", "B", "exists", "yes", "no"),
        Difference("item", "C", "exists", "yes", "no"),
    ]


def test_the_changes_page_counts_by_status_or_says_no_change() -> None:
    page = changes_html(compare(A, A[:1]), "B against A")
    assert "0 new, 1 resolved, 0 changed" in page and "<td>X-1 @ Stock</td>" in page
    assert "No change" in changes_html([], "B against A")


ROOT = Path(__file__).resolve().parents[1]
REHEARSALS = ROOT / "tests" / "data" / "migration" / "rehearsals"


def _compare(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "steps", "compare", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_compare_command_writes_csv_and_html_and_exits_1_on_changes(tmp_path: Path) -> None:
    done = _compare(str(REHEARSALS / "first.csv"), str(REHEARSALS / "second.csv"), "--out", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert (
        done.stdout.splitlines()[-1]
        == f"compare: 1 new, 2 resolved, 1 changed; {tmp_path}/changes.csv and .html"
    )
    assert (tmp_path / "changes.csv").read_text() == "".join(
        line + "\n" for line in done.stdout.splitlines()[:-1]
    )
    page = (tmp_path / "changes.html").read_text()
    assert "<td>resolved</td><td>item</td><td>NUT-005</td><td>cost</td>" in page


def test_the_compare_command_exits_0_on_the_same_tables_and_2_on_a_bad_one(tmp_path: Path) -> None:
    same = _compare(str(REHEARSALS / "first.csv"), str(REHEARSALS / "first.csv"), "--out", str(tmp_path))
    assert same.returncode == 0 and "No change" in (tmp_path / "changes.html").read_text()
    (tmp_path / "bad.csv").write_text("a,b\n")
    bad = _compare(str(tmp_path / "bad.csv"), str(REHEARSALS / "first.csv"), "--out", str(tmp_path))
    assert bad.returncode == 2 and bad.stderr.strip().endswith(
        "bad.csv:1: not a table of differences (its header must be object,key,field,expected,found)"
    )
