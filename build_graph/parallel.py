"""Ordered parallel map over worker processes with a bounded number of tasks in flight.

``ProcessPoolExecutor.map`` submits every task at once, so a corpus of 10,000 documents would
sit in memory as pickled arguments; :func:`imap` keeps a few tasks per worker in flight and
yields results in input order.
"""

from __future__ import annotations

import os
from collections import deque
from typing import Callable, Iterable, Iterator


def workers(jobs: int | None) -> int:
    return jobs if jobs is not None else (os.cpu_count() or 1)


def imap(fn: Callable, items: Iterable, jobs: int, in_flight_per_worker: int = 4) -> Iterator:
    """``map(fn, items)`` on ``jobs`` processes (in this process when ``jobs`` ≤ 1), in order."""
    if jobs <= 1:
        yield from map(fn, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    window: deque = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for item in items:
            window.append(pool.submit(fn, item))
            if len(window) >= in_flight_per_worker * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
