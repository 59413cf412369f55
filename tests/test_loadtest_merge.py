"""Merging the parts of a load test, offline: the samples of a plan split into parts give the statistics
of the unsplit samples; samples of another plan, a part twice or a part missing are refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.config import load_config
from simulation.loadtest.measure import percentile
from simulation.loadtest.parts import PartsError, check_parts, digest, owns, parse_part
from simulation.loadtest.plan import build_plan
from simulation.loadtest.report import result

EXAMPLE = "simulation/examples/regional_distributor.yaml"
STAGE = {
    "url": "http://127.0.0.1:8069",
    "db": "golive-test",
    "server_version": "17.0",
    "namespace": "gl0000-load",
    "product_refs": ["gl0000-load-p0"],
    "product_classes": ["A"],
    "server": {"source": "ODOO_URL", "workers": 2, "workers_known": True},
}
SERVER = STAGE["server"]


@pytest.fixture(scope="module")
def plan():
    return build_plan(load_config(EXAMPLE), scale=5, duration_s=60)


def samples(plan, index: int = 0, count: int = 1) -> list[list]:
    """One row per request of the part, as the engine records them: latencies that vary with the order,
    every seventh failed, and the last ones unanswered at the end of the run."""
    rows = []
    for n, r in enumerate(plan.requests):
        if not owns(r.key, index, count):
            continue
        number = int(r.key[1:])
        if r.at_s > 58:
            rows.append([r.op, r.key, r.at_s, None, None, "unanswered at the end of the run"])
        else:
            error = "ValidationError: refused" if n % 7 == 3 else ""
            rows.append([r.op, r.key, r.at_s, r.at_s + 0.01, r.at_s + 0.2 + number % 5 * 0.3, error])
    return rows


def engine(plan, files: dict[str, bytes], index: int, count: int, cpu: float = 0.3) -> dict:
    return {
        "samples": samples(plan, index, count),
        "cpu": [[t, cpu, 0.5] for t in range(1, 61)],
        "locust": {},
        "locust_version": "2.x",
        "sessions_per_role": 3,
        "part": f"{index}/{count}",
        "plan_sha256": digest(files["plan"]),
        "stage_sha256": digest(files["stage"]),
        "host": f"gen{index}",
        "cores": 8,
        "started_at": 1767225600.0,
    }


@pytest.fixture
def written(plan, tmp_path: Path) -> dict[str, Path]:
    """plan.json, stage.json and the samples of parts 0/2 and 1/2 (part 1's generator saturated)."""
    files = {"plan": json.dumps(plan.to_json()).encode(), "stage": json.dumps(STAGE).encode()}
    paths = {name: tmp_path / f"{name}.json" for name in files}
    for name, content in files.items():
        paths[name].write_bytes(content)
    for i, cpu in ((0, 0.3), (1, 0.95)):
        paths[f"part{i}"] = tmp_path / f"samples-{i}.json"
        paths[f"part{i}"].write_text(json.dumps(engine(plan, files, i, 2, cpu)))
    paths["whole"] = tmp_path / "samples.json"
    paths["whole"].write_text(json.dumps(engine(plan, files, 0, 1)))
    return paths


def test_two_parts_merge_to_the_statistics_of_the_unsplit_samples(plan, written, tmp_path, capsys):
    out = tmp_path / "merged"
    code = main(
        ["loadtest-merge", *(str(written[k]) for k in ("plan", "stage", "part1", "part0")), "--out", str(out)]
    )
    assert code == 1  # some requests failed: findings, as a single-process run
    merged = json.loads((out / "loadtest.json").read_text())
    unsplit = result(plan, STAGE, SERVER, [json.loads(written["whole"].read_text())])
    assert merged["operations"] == unsplit["operations"]
    assert merged["errors"] == unsplit["errors"]
    # The merge covers every planned request, whichever part sent it.
    assert sum(r["demanded"] for r in merged["operations"].values()) == len(plan.requests)
    assert sum(r["sent"] for r in merged["operations"].values()) == sum(
        1 for r in plan.requests if r.at_s <= 58
    )
    assert {p["part"] for p in merged["generator_cpu"]["parts"]} == {"0/2", "1/2"}
    assert merged["generator_cpu"]["max_share_of_core"] == 0.95
    (warning,) = merged["generator_cpu"]["warnings"]
    assert warning.startswith("part 1/2 (gen1): WARNING: the load generator used 95% of a core")
    assert (
        merged["odoo"]["workers"] == 2 and "2 processes (gevent), parts 1/2, 0/2" in merged["load"]["engine"]
    )
    assert "part 1/2 (gen1)" in (out / "loadtest.html").read_text()
    printed = capsys.readouterr().out
    assert warning in printed and f"loadtest: {len(plan.requests)} requests" in printed


def test_statistics_are_taken_over_all_samples_not_averaged_per_part(plan, written):
    parts = [json.loads(written[k].read_text()) for k in ("part0", "part1")]
    whole = result(plan, STAGE, SERVER, parts)["operations"]["enter_order"]
    halves = [result(plan, STAGE, SERVER, [p])["operations"]["enter_order"] for p in parts]
    assert (
        whole["demanded"] == halves[0]["demanded"] == len([r for r in plan.requests if r.op == "enter_order"])
    )
    assert whole["answered"] == sum(h["answered"] for h in halves)
    assert whole["achieved_per_s"] == pytest.approx(sum(h["achieved_per_s"] for h in halves))
    pooled = [
        done - at
        for p in parts
        for op, _k, at, _s, done, err in p["samples"]
        if op == "enter_order" and done and not err
    ]
    assert whole["p95_s"] == pytest.approx(percentile(pooled, 95)) and whole["p99_s"] == pytest.approx(
        percentile(pooled, 99)
    )


def refusal(written, capsys, *names: str, extra: tuple[str, ...] = ()) -> str:
    argv = ["loadtest-merge", str(written["plan"]), str(written["stage"]), *(str(written[n]) for n in names)]
    assert main([*argv, *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def test_bad_parts_are_refused_in_one_line(plan, written, tmp_path, capsys):
    assert "part(s) 1/2 missing" in refusal(written, capsys, "part0")
    assert "part 0/2 again" in refusal(written, capsys, "part0", "part1", "part0")
    assert "another file is a part of" in refusal(written, capsys, "part0", "part1", "whole")
    written["gone"] = tmp_path / "samples-9.json"
    assert "samples-9.json" in refusal(written, capsys, "part0", "gone")
    written["plan"].write_text(json.dumps(build_plan(load_config(EXAMPLE), scale=4, duration_s=60).to_json()))
    assert "samples of another plan" in refusal(written, capsys, "part0", "part1")
    assert not (tmp_path / "loadtest.json").exists()


def test_samples_outside_their_part_and_malformed_parts_are_refused(plan, written):
    files = {"plan": written["plan"].read_bytes(), "stage": written["stage"].read_bytes()}
    digests = {"plan_sha256": digest(files["plan"]), "stage_sha256": digest(files["stage"])}
    mislabelled = engine(plan, files, 0, 2) | {"part": "1/2"}
    other_stage = engine(plan, files, 1, 2) | {"stage_sha256": digest(b"{}")}
    for second, why in (
        (mislabelled, "b: holds o0, which is not part 1/2's"),
        (other_stage, "b: samples of another stage"),
    ):
        with pytest.raises(PartsError, match=why):
            check_parts([engine(plan, files, 0, 2), second], ["a", "b"], **digests)
    for bad in ("2/2", "1", "a/b", "-1/2"):
        with pytest.raises(PartsError, match="expected I/N"):
            parse_part(bad)
