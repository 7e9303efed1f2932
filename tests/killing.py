"""Kill a build at a random moment and look at what it left (used by tests/test_commit.py).

A *state* is what a user can read after a build: every file in ``out/`` (but the lock file) by its
SHA-256, and every graph in the on-disk store with its number of quads.  After a kill the state must
be the previous build's or the new one's, with no staging folder, no half-built store and no process
of the build left.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFTOVER_MARKS = ("zwgk-staging", "zwgk-new", "zwgk-old", ".sort-", ".tmp")


def state(out: Path, store: Path) -> dict:
    """What a reader finds: out/'s files by hash (the store folder apart), the store's graphs by size."""
    import pyoxigraph

    files = {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(out.rglob("*")) if p.is_file() and not p.name.endswith(".zwgk.lock")
             and not p.resolve().is_relative_to(store.resolve())}
    graphs = {}
    if (store / "CURRENT").exists():
        st = pyoxigraph.Store.read_only(str(store))
        rows = st.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        graphs = {r["g"].value: int(r["n"].value) for r in rows}
        del rows, st
        gc.collect()
    return {"files": files, "graphs": graphs}


def leftovers(*folders: Path) -> list[str]:
    """Staging folders, half-built stores, sort runs and temporary files anywhere under ``folders``."""
    found = []
    for folder in folders:
        for p in folder.rglob("*"):
            if any(mark in p.name for mark in LEFTOVER_MARKS):
                found.append(str(p))
    return sorted(found)


def processes_with(token: str) -> list[int]:
    """Pids of live processes whose environment holds ``ZWGK_KILL_TEST=token`` (the build and its workers)."""
    pids = []
    needle = f"ZWGK_KILL_TEST={token}".encode()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if needle in (d / "environ").read_bytes():
                    status = (d / "status").read_text()
                    if "State:\tZ" not in status:
                        pids.append(int(d.name))
            except OSError:
                continue
    return pids


def wait_unlocked(lock: Path, timeout: float = 30.0) -> None:
    """Wait until nobody holds ``lock`` (the guardian keeps it until it has recovered)."""
    if not lock.exists():
        return
    deadline = time.monotonic() + timeout
    with open(lock, "rb") as fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fh, fcntl.LOCK_UN)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{lock} still held after {timeout} s")
                time.sleep(0.02)


def zwgk_build(docs: Path, out: Path, store: Path, token: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, ZWGK_KILL_TEST=token)
    cmd = [sys.executable, "-m", "build_graph.cli", "build", str(docs), "--out", str(out),
           "--store", f"oxigraph:{store}", *extra]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


class KillRig:
    """An old build of ``old_docs`` and a new build of ``new_docs`` into one out/ and store; then
    :meth:`kill_once` restores the old state, starts the new build and kills it after a random delay."""

    def __init__(self, root: Path, old_docs: Path, new_docs: Path, store_inside_out: bool = False):
        self.root, self.old_docs, self.new_docs = root, old_docs, new_docs
        self.out = root / "out"
        self.store = (self.out / "store") if store_inside_out else (root / "db")
        self.snapshot = root / "snapshot"
        token = uuid.uuid4().hex
        t = time.monotonic()
        self._run(self.new_docs, token)
        self.seconds = time.monotonic() - t                  # how long the new build takes
        self.new = state(self.out, self.store)
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.store, ignore_errors=True)
        self._run(self.old_docs, token)
        self.old = state(self.out, self.store)
        assert self.old != self.new
        self.snapshot.mkdir()
        shutil.copytree(self.out, self.snapshot / "out", symlinks=True)
        if not store_inside_out:
            shutil.copytree(self.store, self.snapshot / "db")

    def _run(self, docs: Path, token: str) -> None:
        proc = zwgk_build(docs, self.out, self.store, token)
        _, err = proc.communicate(timeout=600)
        assert proc.returncode in (0, 3), err.decode()

    def restore(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.store, ignore_errors=True)
        shutil.copytree(self.snapshot / "out", self.out, symlinks=True)
        if (self.snapshot / "db").exists():
            shutil.copytree(self.snapshot / "db", self.store)

    def kill_once(self, sig: int, rng: random.Random, group: bool = False) -> str:
        """Restore the old build, start the new one, kill it at a random moment; return which state is
        left ("old" or "new"), after checking nothing else is."""
        self.restore()
        token = uuid.uuid4().hex
        proc = zwgk_build(self.new_docs, self.out, self.store, token)
        time.sleep(rng.uniform(0.0, self.seconds * 1.1))
        (os.killpg if group else os.kill)(proc.pid, sig)
        _, err = proc.communicate(timeout=120)
        wait_unlocked(self.out / ".zwgk.lock")
        wait_unlocked(self.store.parent / f".{self.store.name}.zwgk.lock")
        deadline = time.monotonic() + 10
        while processes_with(token) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_with(token) == [], "processes of the killed build are still alive"
        assert leftovers(self.root / "out", self.store.parent) == [], "the killed build left files behind"
        assert b"Traceback" not in err, err.decode()
        now = state(self.out, self.store)
        if now == self.new:
            return "new"
        assert now == self.old, f"neither the old nor the new build after {signal.Signals(sig).name}"
        return "old"
