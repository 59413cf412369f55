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
