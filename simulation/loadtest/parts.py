"""The parts of a distributed replay: which part sends which request, and whether parts' samples add up.

Pure logic, no Odoo and no Locust. Part ``I/N`` sends the orders and replenishments whose number is
``I mod N`` (all the steps of one order stay with one part, so no part waits for another's answer)::

    index, count = parse_part("1/2")
    owns("o7", index, count)                      # True: order 7 is part 1's
    engines = [json.loads(Path(f).read_text()) for f in ("samples-0.json", "samples-1.json")]
    check_parts(engines, ["samples-0.json", "samples-1.json"], plan_sha256=digest(plan_bytes))

Each engine records the SHA-256 of the plan and stage files it replayed, so that samples of another plan
(another scale, duration or config, or another Odoo's stage) are refused rather than merged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


class PartsError(ValueError):
    """Parts' samples that cannot be merged into one result; the message is one line naming the file."""


def parse_part(text: str) -> tuple[int, int]:
    """``'I/N'`` as (I, N), with 0 <= I < N.

    >>> parse_part("1/3"), parse_part("0/1")
    ((1, 3), (0, 1))
    """
    index, slash, count = text.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        i, n = -1, 0
    if not slash or not 0 <= i < n:
        raise PartsError(f"part {text!r}: expected I/N with 0 <= I < N, e.g. 0/2")
    return i, n


def owns(key: str, index: int, count: int) -> bool:
    """Whether part ``index`` of ``count`` sends the requests of order or replenishment ``key`` ('o12').

    >>> [owns(k, 1, 2) for k in ("o0", "o1", "r3")]
    [False, True, True]
    """
    return int(key[1:]) % count == index


def digest(content: bytes) -> str:
    """The SHA-256 of a plan or stage file, as the engine records it."""
    return hashlib.sha256(content).hexdigest()


def check_parts(
    engines: Sequence[dict], names: Sequence[str], *, plan_sha256: str, stage_sha256: str
) -> None:
    """Refuse, in one line, parts that are not exactly the parts ``0/N`` to ``N-1/N`` of this plan and stage:
    samples of another plan or stage, one part twice, a part missing, or samples outside their part."""
    if not engines:
        raise PartsError("no samples given: give every part's samples file")
    seen: dict[int, str] = {}
    counts: set[int] = set()
    for engine, name in zip(engines, names, strict=True):
        if engine.get("plan_sha256") != plan_sha256:
            raise PartsError(f"{name}: samples of another plan (its plan's SHA-256 is not plan.json's)")
        if engine.get("stage_sha256") != stage_sha256:
            raise PartsError(f"{name}: samples of another stage (its stage's SHA-256 is not stage.json's)")
        index, count = parse_part(str(engine.get("part", "")))
        counts.add(count)
        if len(counts) > 1:
            raise PartsError(f"{name}: part {index}/{count}, but another file is a part of {min(counts)}")
        if index in seen:
            raise PartsError(f"{name}: part {index}/{count} again (also {seen[index]})")
        seen[index] = name
        stray = next((row[1] for row in engine["samples"] if not owns(row[1], index, count)), None)
        if stray is not None:
            raise PartsError(f"{name}: holds {stray}, which is not part {index}/{count}'s")
    (count,) = counts
    missing = sorted(set(range(count)) - set(seen))
    if missing:
        names_missing = ", ".join(f"{i}/{count}" for i in missing)
        raise PartsError(f"part(s) {names_missing} missing: give every part's samples")
