"""Ordered parallel map over worker processes with a bounded number of tasks in flight.

``ProcessPoolExecutor.map`` submits every task at once, so a corpus of 10,000 documents would
sit in memory as pickled arguments; :func:`imap` keeps a few tasks per worker in flight and
yields results in input order.

Workers die with their parent: each asks the kernel for SIGKILL when the process that started it
dies (Linux ``PR_SET_PDEATHSIG``), so a build killed by SIGKILL leaves no worker behind.  Workers
ignore SIGINT: Ctrl-C reaches the whole process group, and only the parent decides what it means
(it stops the pool and the build discards its staging) — no worker prints a traceback.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from typing import Callable, Iterable, Iterator

_PR_SET_PDEATHSIG = 1


def workers(jobs: int | None) -> int:
    return jobs if jobs is not None else (os.cpu_count() or 1)


def _die_with(parent: int) -> None:
    """Worker initializer: SIGKILL when the parent dies; Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):       # not Linux: the pool's own checks must do
        pass
    if os.getppid() != parent:               # the parent died before the request was made
        os._exit(1)


def imap(fn: Callable, items: Iterable, jobs: int, in_flight_per_worker: int = 4) -> Iterator:
    """``map(fn, items)`` on ``jobs`` processes (in this process when ``jobs`` ≤ 1), in order."""
    if jobs <= 1:
        yield from map(fn, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    window: deque = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_die_with, initargs=(os.getpid(),))
    try:
        for item in items:
            window.append(pool.submit(fn, item))
            if len(window) >= in_flight_per_worker * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    except BaseException:
        # interrupted, or the consumer failed: the documents not started are dropped, the few in flight
        # finish (a worker killed while it sends its result leaves half a message in the pool's pipe,
        # and the pool's manager thread would wait for the rest of it for ever)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
