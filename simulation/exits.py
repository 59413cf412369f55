"""The exit codes of every ``python -m simulation`` command: 0 ok, 1 findings, 2 bad input or usage."""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
