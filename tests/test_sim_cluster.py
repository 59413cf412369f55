"""Replications on a real dask.distributed LocalCluster (no mock): the same results as local processes
for the same seed, for ``run``, ``compare`` and ``sweep``; ``--scheduler`` without dask says what to
install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulation import cluster
from simulation.cli import main
from simulation.config import load_config
from simulation.experiment import replicate_designs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "simulation" / "examples" / "regional_distributor.yaml"
EXTRA = "dask is the 'cluster' extra: pip install -e '.[cluster]' (.ci/run and tox install it)"
SMALL = ["--set", "skus.count=200", "--days", "1", "--warmup-days", "0.5", "--replications", "3", "--quiet"]


@pytest.fixture(scope="module")
def scheduler():
    """A real scheduler and two worker processes on this machine."""
    distributed = pytest.importorskip("distributed", reason=EXTRA)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c.scheduler_address


def test_replications_on_the_cluster_equal_local_processes(scheduler):
    cfg = load_config(EXAMPLE, ["skus.count=200", "run.days=1", "run.warmup_days=0.5"])
    other = load_config(
        EXAMPLE, ["skus.count=200", "run.days=1", "run.warmup_days=0.5", "warehouses.0.pickers=4"]
    )
    local = replicate_designs([cfg, other], 3, seed=8, workers=2, first=1)
    remote = replicate_designs([cfg, other], 3, seed=8, scheduler=scheduler, first=1)
    assert [[r.kpis for r in d] for d in remote] == [[r.kpis for r in d] for d in local]
    assert local[0][0].kpis != local[0][1].kpis  # distinct replications, not one result repeated


@pytest.mark.parametrize(
    ("command", "extra", "output"),
    [
        ("run", [], "results.json"),
        ("compare", ["--set-b", "warehouses.0.pickers=4"], "compare.json"),
        ("sweep", ["--set", "warehouses.0.pickers=4,6"], "sweep.json"),
    ],
)
def test_commands_on_the_cluster_write_what_local_processes_write(
    scheduler, tmp_path, command, extra, output
):
    outputs = []
    for where in (["--workers", "2"], ["--scheduler", scheduler]):
        out = tmp_path / where[0].strip("-")
        main([command, str(EXAMPLE), *SMALL, *extra, *where, "--out", str(out)])
        data = json.loads((out / output).read_text())
        outputs.append({k: v for k, v in data.items() if k != "meta"})
    assert outputs[0] == outputs[1]


def test_the_environment_names_the_scheduler(scheduler, tmp_path):
    """GOLIVE_DASK_SCHEDULER stands for --scheduler; the run's results equal local processes' (above)."""
    env = {**os.environ, "GOLIVE_DASK_SCHEDULER": scheduler}
    cmd = [sys.executable, "-m", "simulation", "run", str(EXAMPLE), *SMALL, "--out", str(tmp_path)]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 1), run.stderr
    cfg = load_config(EXAMPLE, ["skus.count=200", "run.days=1", "run.warmup_days=0.5"])
    local = replicate_designs([cfg], 3, seed=cfg.run.seed, workers=1)[0]
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["kpis"]["order_fill_rate"]["mean"] == pytest.approx(
        sum(r.kpis["order_fill_rate"] for r in local) / 3, rel=1e-12
    )


def test_an_unreachable_scheduler_is_one_error():
    pytest.importorskip("distributed", reason=EXTRA)
    with pytest.raises(cluster.ClusterError, match="cannot reach the dask scheduler"):
        list(cluster.submit_all("tcp://127.0.0.1:9", print, [("x",)], timeout_s=2))


def test_without_dask_the_scheduler_option_says_what_to_install(capsys, monkeypatch):
    monkeypatch.setattr(cluster, "available", lambda: False)  # as if the 'cluster' extra were absent
    code = main(["run", str(EXAMPLE), "--scheduler", "tcp://127.0.0.1:8786"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err == [cluster.INSTALL]
