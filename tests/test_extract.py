"""The legacy extract: the example reads whole; each bad extract is refused with its one line, before Odoo."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.extract import FILES, ExtractProblems, read_extract

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "migration" / "example"
BAD = sorted(p for p in (ROOT / "tests" / "data" / "bad").iterdir() if p.is_dir() and p.name.startswith("x"))


def test_the_example_extract_reads_whole() -> None:
    extract = read_extract(EXAMPLE)
    assert len(extract.items) == 50
    assert {item.tracking for item in extract.items.values()} == {"none", "lot"}
    assert extract.locations == ("Stock", "Stock/Aisle A", "Stock/Aisle B", "Stock/Bulk")
    assert any(line.lot for line in extract.stock) and any(o.done for o in extract.purchase_orders)
    assert len(extract.partners()) == 7
    assert {p.name for p in EXAMPLE.iterdir()} == set(FILES)


def test_at_least_eight_bad_extracts() -> None:
    assert len(BAD) >= 8


@pytest.mark.parametrize("folder", BAD, ids=[p.name for p in BAD])
def test_a_bad_extract_is_refused_with_one_line_naming_file_line_and_column(folder: Path) -> None:
    expected = (folder / "expect").read_text().split(": ", 2)[2].strip()
    with pytest.raises(ExtractProblems) as refused:
        read_extract(folder)
    (problem,) = refused.value.problems
    assert problem.startswith(str(ROOT / expected)), problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    for source in (ROOT / "tests" / "data" / "bad" / "x02_unknown_unit").iterdir():
        (tmp_path / source.name).write_text(source.read_text())
    (tmp_path / "stock.csv").write_text("item,location,lot,quantity\nA-1,Stock,,-1\nA-1,Nowhere,,2\n")
    with pytest.raises(ExtractProblems) as refused:
        read_extract(tmp_path)
    assert [p.split(": ", 1)[0].rsplit("/", 1)[1] for p in refused.value.problems] == [
        "items.csv:3:3",
        "stock.csv:2:4",
        "stock.csv:3:2",
    ]


def test_a_folder_that_is_not_there() -> None:
    with pytest.raises(ExtractProblems, match="nowhere:1:1: not a folder"):
        read_extract(ROOT / "nowhere")


def test_the_changed_extract_gives_lots_to_what_was_received_and_delivered() -> None:
    """The second rehearsal's extract: an optional ``lot`` column on the order files, required for an item
    tracked by lot with something received or delivered."""
    extract = read_extract(ROOT / "tests" / "data" / "migration" / "second")
    done = {
        (o.number, o.line): (o.item, o.done, o.lot) for o in extract.purchase_orders + extract.sales_orders
    }
    assert done["LEG-PO-0005", 1] == ("GRS-009", 60, "L2026090R")
    assert done["LEG-SO-0006", 1] == ("OIL-020", 10, "L2026016A")
    assert done["LEG-SO-0006", 2] == ("NUT-005", 12, "")
    assert all(not o.lot for o in read_extract(EXAMPLE).purchase_orders)


def test_a_lot_with_nothing_received_is_refused(tmp_path: Path) -> None:
    for source in (ROOT / "tests" / "data" / "bad" / "x15_tracked_item_received_without_lot").iterdir():
        (tmp_path / source.name).write_text(source.read_text())
    (tmp_path / "purchase_orders.csv").write_text(
        "number,partner,line,item,ordered,received,lot\nPO-1,Vendor One,1,B-2,20,0,L1\n"
    )
    with pytest.raises(
        ExtractProblems, match=r"purchase_orders.csv:2:7: lot: lot 'L1' with nothing received"
    ):
        read_extract(tmp_path)
