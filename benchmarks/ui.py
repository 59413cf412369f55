"""Each @ui scenario's wall time against its RPC twin (the same Examples row, untagged), in one live run.

Run: ``python -m benchmarks.ui``. Runs ``pytest steps`` on the @ui items and their twins (the harness or
ODOO_URL as usual), reads each test's time from the JUnit XML, prints one line per pair and
``ratio=<ui total / rpc total>`` last.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: pytest-bdd numbers identical Examples rows _0, _1 ...; the @ui block repeats a row of the RPC block.
_INDEX = re.compile(r"_(\d+)\]$")


def collect(marker: str) -> list[str]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "steps",
            "-q",
            "--collect-only",
            "-m",
            marker,
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [line.strip() for line in out.splitlines() if "::" in line]


def twin_of(ui_id: str, rpc_ids: list[str]) -> str | None:
    """The RPC item running the same row: the same id with another Examples index."""
    stem = _INDEX.sub("", ui_id)
    return next((r for r in rpc_ids if _INDEX.sub("", r) == stem), None)


def main() -> None:
    ui_ids = collect("ui")
    rpc_ids = collect("not ui")
    pairs = [(u, twin_of(u, rpc_ids)) for u in ui_ids]
    pairs = [(u, r) for u, r in pairs if r]
    if not pairs:
        sys.exit("no @ui scenario with an RPC twin found (is Chromium there, is Odoo there?)")
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        ids = [i for pair in pairs for i in pair]
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *ids],
            cwd=ROOT,
            check=False,
        )
        times = {
            f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}": float(
                case.get("time", 0)
            )
            for case in ET.parse(junit).getroot().iter("testcase")
            if case.find("failure") is None and case.find("error") is None and case.find("skipped") is None
        }
    ui_total = rpc_total = 0.0
    for ui_id, rpc_id in pairs:
        if ui_id not in times or rpc_id not in times:
            print(f"{ui_id}: did not pass (no timing)")
            continue
        ui_total += times[ui_id]
        rpc_total += times[rpc_id]
        ui_s, rpc_s = times[ui_id], times[rpc_id]
        print(f"{ui_id}: ui {ui_s:.1f} s, rpc {rpc_s:.1f} s, x{ui_s / rpc_s:.1f}")
    if not rpc_total:
        sys.exit("no pair passed: nothing to compare")
    print(f"ratio={ui_total / rpc_total:.2f}")


if __name__ == "__main__":
    main()
