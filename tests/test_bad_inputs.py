"""Every input of the bad-input corpus (tests/data/bad/) gets one clear line, its exit code, no traceback."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "bad"
EXPECT = re.compile(r"^# expect: exit (\d+): (.*)$")
SECRET = "secret-never-shown"


@dataclass(frozen=True)
class Case:
    """One malformed input and what golive must answer."""

    path: Path
    code: int
    text: str

    @classmethod
    def read(cls, path: Path) -> Case:
        """The case of a file, or of an extract folder (its expectation in the file ``expect``)."""
        first = (path / "expect" if path.is_dir() else path).read_bytes().split(b"\n", 1)[0].decode("utf-8")
        match = EXPECT.match(first)
        assert match, f"{path.name}:1: the first line must be '# expect: exit <code>: <text>'"
        return cls(path, int(match.group(1)), match.group(2).strip())

    @property
    def shown(self) -> str:
        return str(self.path.relative_to(ROOT))


CASES = [
    Case.read(p)
    for p in sorted(CORPUS.iterdir())
    if p.suffix in {".feature", ".yaml", ".env", ".args"} or (p.is_dir() and p.name.startswith("x"))
]


def test_the_corpus_holds_at_least_thirty_inputs_of_every_kind() -> None:
    kinds = {case.path.suffix or "extract" for case in CASES}
    assert len(CASES) >= 30 and kinds == {".feature", ".yaml", ".env", ".args", "extract"}


def _command(case: Case, tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "PG", "GOLIVE_", "PYTEST_"))}
    if case.path.suffix == ".feature":
        return [sys.executable, "-m", "steps", "lint", case.shown], env
    if case.path.suffix == ".yaml":
        return [sys.executable, "-m", "simulation", "validate", case.shown], env
    if case.path.is_dir():  # a legacy extract: checked whole before any Odoo is asked
        return [sys.executable, "-m", "steps", "reconcile", case.shown], env
    if case.path.suffix == ".env":
        home = tmp_path / "odoo"  # looks like an installation to the harness's detection; never started
        (home / "venv" / "bin").mkdir(parents=True)
        (home / "odoo-bin").write_text("")
        (home / "venv" / "bin" / "python").write_text("")
        for line in case.path.read_text().splitlines()[1:]:
            key, _, value = line.partition("=")
            env[key] = value.replace("{fake_odoo_home}", str(home))
        return [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/test_versions.py"], env
    words = shlex.split(case.path.read_text().splitlines()[1])
    return [sys.executable if words[0] == "python" else words[0], *words[1:]], env


@pytest.mark.parametrize("case", CASES, ids=[case.path.name for case in CASES])
def test_bad_input_gets_one_clear_line(case: Case, tmp_path: Path) -> None:
    command, env = _command(case, tmp_path)
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    said = run.stdout + run.stderr
    assert "Traceback" not in said and "INTERNALERROR" not in said, said[-3000:]
    assert run.returncode == case.code, f"exit {run.returncode}, expected {case.code}:\n{said[-3000:]}"
    lines = [line for line in said.splitlines() if case.text in line]
    assert len(lines) == 1, f"expected one line saying {case.text!r}:\n{said[-3000:]}"
    assert SECRET not in said
    if case.path.suffix == ".feature":
        findings = [line for line in run.stdout.splitlines() if line.strip()]
        assert findings and all(re.match(re.escape(case.shown) + r":\d+: error: ", f) for f in findings), said
    if case.path.suffix == ".yaml":
        problems = run.stderr.strip().splitlines()
        assert problems and all(p.startswith(f"{case.shown}: ") for p in problems), said
    if case.path.is_dir():
        assert run.stderr.strip().splitlines() == lines and not run.stdout, said
