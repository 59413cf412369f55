"""The ``python -m steps`` dispatcher: usage errors and missing packages are one line, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from steps.__main__ import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]


def test_unknown_command_prints_usage_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nonsense"]) == 2
    assert capsys.readouterr().err.startswith("usage: python -m steps {")


def test_a_missing_package_is_named_with_the_install_that_brings_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "golive_cmd_needing_a_package.py").write_text("import golive_no_such_package\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(COMMANDS, "lint", "golive_cmd_needing_a_package")
    assert main(["lint"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'golive_no_such_package'" in err and "pip install '.[test]'" in err


def test_lint_of_the_repository_runs_clean() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "steps", "lint"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stdout + run.stderr
