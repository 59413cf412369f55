"""Command line for scenario authors: ``python -m steps catalogue|cleanup|compare|lint|load|reconcile|...``.

Each subcommand lives in its own module (``steps/catalogue.py``, ``steps/lint.py``, ``steps/signoff.py``;
the staging clean-up in ``fixtures/cleanup.py``) with a ``main(argv) -> int`` function (``module:function``
names another one: the migration rehearsal's three commands share ``steps/rehearsal.py``); this module only
dispatches.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "catalogue": "steps.catalogue",
    "cleanup": "fixtures.cleanup",
    "compare": "steps.rehearsal:compare_main",
    "lint": "steps.lint",
    "load": "steps.rehearsal:load_main",
    "reconcile": "steps.rehearsal:reconcile_main",
    "report": "steps.report",
    "signoff": "steps.signoff",
    "versions": "steps.version_table",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS or argv[0] in ("-h", "--help"):
        print(
            f"usage: python -m steps {{{','.join(COMMANDS)}}} [options]  (each takes --help)", file=sys.stderr
        )
        return 2
    try:
        module_name, _, function = COMMANDS[argv[0]].partition(":")
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # A missing third-party package, named with the install that brings it (never hidden).
        print(
            f"python -m steps {argv[0]}: needs the Python package {exc.name!r}, which is not installed "
            "(pip install '.[test]' from the repository root)",
            file=sys.stderr,
        )
        return 2
    return int(getattr(module, function or "main")(argv[1:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
