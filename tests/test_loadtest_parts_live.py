"""A load test split into two parts (two engine processes on one clock, ``--part 0/2`` and ``1/2``) against
the session's Odoo, merged by ``loadtest-merge`` into one result that covers every planned request.

Live, Odoo 17 (the main ``pytest``'s harness, as the load criterion); about a minute: Odoo prepared for a
30-second replay at four times the peak, one session per role and part, 20 s to drain.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures.live import LiveOdoo
from fixtures.namespace import Namespace
from fixtures.session import GoliveState
from simulation.cli import main
from simulation.config import load_config
from simulation.loadtest.plan import OPERATIONS, build_plan
from simulation.loadtest.stage import engine_environment, prepare

# The tag the load criterion has (features/load/), so it is deselected with the same reason elsewhere.
pytestmark = [pytest.mark.live, pytest.mark.load, getattr(pytest.mark, "odoo:17")]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "simulation" / "examples" / "regional_distributor.yaml"
SCALE, DURATION_S, DRAIN_S = 4, 30, 20  # 8 orders, 33 requests: every operation, a replenishment
#: Seconds the two engines get to log their role sessions in before the shared clock starts.
LOGIN_LEAD_S = 15


def engine_command(folder: Path, index: int, start_at: float) -> list[str]:
    """Part ``index`` of 2 of the plan in ``folder``: a session per role, the clock from ``start_at``."""
    command = [
        sys.executable, "-m", "simulation.loadtest.engine",
        str(folder / "plan.json"), str(folder / "stage.json"), str(folder / f"samples-{index}.json"),
        "--part", f"{index}/2", "--start-at", str(start_at), "--sessions", "1", "--drain", str(DRAIN_S),
    ]  # fmt: skip
    return command


def test_two_parts_merge_into_one_result_covering_every_planned_request(
    live_odoo: LiveOdoo, golive_state: GoliveState, request: pytest.FixtureRequest, tmp_path: Path, capsys
):
    cfg = load_config(EXAMPLE)
    plan = build_plan(cfg, scale=SCALE, duration_s=DURATION_S, config_name=cfg.name)
    namespace = Namespace(golive_state.run_id, golive_state.worker, request.node.nodeid)
    stage, credentials = prepare(live_odoo, plan, cfg, namespace)
    server = {"source": "the session's Odoo", "workers": None, "workers_known": False}
    (tmp_path / "plan.json").write_text(json.dumps(plan.to_json()) + "\n")
    (tmp_path / "stage.json").write_text(json.dumps(stage | {"server": server}) + "\n")
    start_at = time.time() + LOGIN_LEAD_S
    engines = [
        subprocess.Popen(
            engine_command(tmp_path, i, start_at),
            cwd=ROOT,
            env=engine_environment(credentials),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for i in range(2)
    ]
    try:
        outputs = [e.communicate(timeout=LOGIN_LEAD_S + DURATION_S + DRAIN_S + 60)[0] for e in engines]
    finally:
        for e in engines:
            if e.poll() is None:
                e.kill()
    assert [e.returncode for e in engines] == [0, 0], outputs
    samples = [json.loads((tmp_path / f"samples-{i}.json").read_text()) for i in range(2)]
    # The two parts shared one clock: each started at the agreed time (or, late logins, soon after).
    assert abs(samples[0]["started_at"] - samples[1]["started_at"]) < 5, [s["started_at"] for s in samples]

    files = [str(tmp_path / name) for name in ("plan.json", "stage.json", "samples-0.json", "samples-1.json")]
    code = main(["loadtest-merge", *files, "--out", str(tmp_path / "merged")])
    printed = capsys.readouterr().out
    print(printed)
    assert code == 0, printed  # every request answered without error (else each error is named)
    merged = json.loads((tmp_path / "merged" / "loadtest.json").read_text())
    # Every planned request was sent by exactly one of the parts, and the merge holds each once.
    planned = sorted((r.op, r.key) for r in plan.requests)
    assert sorted((row[0], row[1]) for s in samples for row in s["samples"]) == planned
    ops = merged["operations"]
    assert sum(r["demanded"] for r in ops.values()) == len(plan.requests)
    assert set(ops) == set(OPERATIONS)
    for op, row in ops.items():
        assert row["answered"] == row["demanded"] > 0 and row["errors"] == 0, (op, row, merged["errors"])
    assert [p["part"] for p in merged["generator_cpu"]["parts"]] == ["0/2", "1/2"]
    assert (tmp_path / "merged" / "loadtest.html").stat().st_size > 0
