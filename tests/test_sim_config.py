"""Config loading: every problem names the file, the dotted field path and the reason; overrides by path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulation.config import ConfigError, apply_overrides, load_config

DATA = Path(__file__).parent / "data" / "sim"
EXAMPLE = Path(__file__).parent.parent / "simulation" / "examples" / "regional_distributor.yaml"


def problems(path: Path, overrides: list[str] = ()) -> list[str]:
    with pytest.raises(ConfigError) as err:
        load_config(path, overrides)
    return err.value.lines()


def test_example_config_is_valid():
    cfg = load_config(EXAMPLE)
    assert cfg.name == "regional_distributor"
    assert [w.name for w in cfg.warehouses] == ["main", "east"]
    assert sum(ch.orders_per_day for ch in cfg.demand.channels) == pytest.approx(2000)
    assert cfg.skus.count == 2000
    assert cfg.warehouses[0].picking == "wave"
    assert cfg.warehouses[0].wave_interval_min == 60


def test_invalid_fields_are_each_reported_with_file_and_dotted_path():
    lines = problems(DATA / "bad_fields.yaml")
    text = "\n".join(lines)
    assert all(line.startswith(f"{DATA / 'bad_fields.yaml'}: ") for line in lines)
    assert "warehouses.0.pickers: Input should be greater than or equal to 1" in text
    assert "warehouses.0.tasks.pick.per_line_min.mean: Input should be greater than 0" in text


def test_cross_field_problems_name_the_field():
    lines = problems(EXAMPLE, ["demand.channels.0.warehouse_shares.main=0.9"])
    assert any("demand.channels.0.warehouse_shares: shares must add up to 1" in line for line in lines)


def test_yaml_syntax_error_names_line():
    (line,) = problems(DATA / "bad_yaml.yaml")
    assert line.startswith(f"{DATA / 'bad_yaml.yaml'}: line ")
    assert "YAML syntax error" in line


def test_missing_file_is_a_config_error():
    (line,) = problems(DATA / "does_not_exist.yaml")
    assert "cannot read file" in line


def test_override_sets_nested_list_field():
    cfg = load_config(EXAMPLE, ["warehouses.1.pickers=12", "demand.channels.1.growth_per_year=0.5"])
    assert cfg.warehouses[1].pickers == 12
    assert cfg.demand.channels[1].growth_per_year == 0.5


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ("warehouses.5.pickers=3", "warehouses is a list of 2 item(s)"),
        ("warehouses.0.pikcers=3", "no such field 'pikcers' in warehouses.0"),
        ("run.days.x=3", "run.days is not a mapping or list"),
        ("nonsense", "expected FIELD=VALUE"),
    ],
)
def test_override_of_missing_path_is_an_error(override, reason):
    cfg = load_config(EXAMPLE)
    with pytest.raises(ConfigError) as err:
        apply_overrides(cfg, [override])
    assert any(reason in line for line in err.value.lines()), err.value.lines()


def test_override_value_is_validated():
    (line,) = problems(EXAMPLE, ["warehouses.0.pickers=0"])
    assert "warehouses.0.pickers" in line and "greater than or equal to 1" in line


def test_references_are_checked():
    lines = problems(EXAMPLE, ["warehouses.1.replenishment.B.resupply_from=nowhere", "vendors.0.name=other"])
    text = "\n".join(lines)
    assert "warehouses.1.replenishment.B.resupply_from: must name another warehouse" in text
    assert "warehouses.0.replenishment.A.vendor: unknown vendor" in text


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    root = Path(__file__).parent.parent
    env = {"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "simulation", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_bad_config_exits_2_with_one_line_per_problem_and_no_traceback(tmp_path):
    proc = run_cli("validate", str(DATA / "bad_fields.yaml"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith(str(DATA / "bad_fields.yaml")) for line in lines)


def test_cli_bad_set_path_exits_2(tmp_path):
    proc = run_cli("run", str(EXAMPLE), "--set", "warehouses.9.pickers=1", cwd=tmp_path)
    assert proc.returncode == 2
    assert "warehouses.9.pickers" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "reports").exists()


def test_cli_validate_ok(tmp_path):
    proc = run_cli("validate", str(EXAMPLE), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "OK" in proc.stdout


def test_class_without_skus_is_reported():
    (line,) = problems(EXAMPLE, ["skus.count=50"])
    assert line.endswith("skus.classes.3.sku_share: gives class K no SKU out of 50")


def test_warehouse_names_must_be_usable_in_kpi_ids():
    lines = problems(EXAMPLE, ["warehouses.1.name=east.1"])
    assert any(
        line.startswith(f"{EXAMPLE}: warehouses.1.name: String should match pattern") for line in lines
    )
