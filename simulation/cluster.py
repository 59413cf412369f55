"""Replications on an existing dask.distributed cluster (``--scheduler ADDRESS``).

    for i, result in submit_all("tcp://10.0.0.5:8786", simulate, [(config, seed), ...]):
        ...

Every job carries its own explicit seed and is submitted with ``pure=False`` (no result caching by
the task's arguments), so the cluster returns what local processes return for the same seed. The
workers must be able to import ``simulation`` (run them from a golive checkout: docs/simulation.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

INSTALL = (
    "--scheduler needs dask.distributed: pip install 'golive[cluster]' (or pip install 'dask[distributed]')"
)


class ClusterError(Exception):
    """The cluster cannot be used: dask is not installed, or the scheduler does not answer."""


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def submit_all(
    scheduler: str, fn: Callable[..., Any], jobs: list[tuple[Any, ...]], timeout_s: float = 30
) -> Iterator[tuple[int, Any]]:
    """``fn(*job)`` for every job on the cluster at ``scheduler``; yields (job index, result) as each
    finishes. Raises ClusterError when dask is missing or the scheduler cannot be reached."""
    if not available():
        raise ClusterError(INSTALL)
    from distributed import Client, as_completed

    try:
        client = Client(scheduler, timeout=timeout_s)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"--scheduler {scheduler}: cannot reach the dask scheduler: {exc}") from exc
    with client:
        futures = [client.submit(fn, *job, pure=False) for job in jobs]
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            yield index[fut.key], fut.result()
