"""Renders the last run's Allure results into one self-contained HTML file with Allure Report 3 (no Java).

``tox -e report`` runs it; so can you, from the repository root::

    python -m steps report                    # reports/allure-results/ -> reports/allure/index.html
    python -m steps report --results other/allure-results --output other/allure

Allure Report 3 is the npm package ``allure``, pinned in ``.allure/package.json`` (and lock file); the first
run installs it there (``npm ci``). The awesome plugin's ``singleFile`` option inlines every script, style
and attachment, and the analytics tag Allure adds is removed, so the file opens from ``file://`` offline.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLURE_HOME = ROOT / ".allure"
#: Allure's awesome plugin adds a Google Analytics tag; a UAT report must not call out.
ANALYTICS = re.compile(
    r'\s*<script async src="https://www\.googletagmanager\.com/[^"]*"></script>\s*<script>.*?</script>', re.S
)


class ReportError(Exception):
    """Why the report could not be made, in one line."""


def allure_command() -> list[str]:
    """The command that runs Allure Report 3, installing it into .allure/ first when it is not there."""
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        raise ReportError("Node.js 20 or later with npm is needed for the Allure report (node/npm not found)")
    cli = ALLURE_HOME / "node_modules" / "allure" / "cli.js"
    if not cli.is_file():
        print("report: installing Allure Report 3 into .allure/ (npm ci)", file=sys.stderr)
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ALLURE_HOME,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not cli.is_file():
            raise ReportError(f"npm ci in .allure/ failed: {(done.stderr or done.stdout).strip()[-500:]}")
    return [node, str(cli)]


def render(results: Path, output: Path) -> Path:
    """Render ``results`` into ``output/index.html``; returns its path. Raises ReportError."""
    if not any(results.glob("*-result.json")):
        raise ReportError(f"no Allure results in {results}: run pytest first")
    output.mkdir(parents=True, exist_ok=True)
    index = output / "index.html"
    index.unlink(missing_ok=True)
    done = subprocess.run(
        [
            *allure_command(),
            "generate",
            str(results.resolve()),
            "--config",
            str(ALLURE_HOME / "allurerc.mjs"),
            "--output",
            str(output.resolve()),
        ],
        cwd=ALLURE_HOME,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not index.is_file():
        raise ReportError(f"allure generate failed: {(done.stderr or done.stdout).strip()[-800:]}")
    index.write_text(ANALYTICS.sub("", index.read_text("utf-8")), "utf-8")
    return index


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m steps report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=ROOT / "reports" / "allure-results")
    parser.add_argument("--output", type=Path, default=ROOT / "reports" / "allure")
    args = parser.parse_args(argv)
    try:
        index = render(args.results, args.output)
    except ReportError as exc:
        # No results to render, or no Node.js/Allure: nothing was made (bad input or set-up).
        print(f"report: {exc}", file=sys.stderr)
        return 2
    print(f"report: {index} (open it in a browser: file://{index.resolve()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
