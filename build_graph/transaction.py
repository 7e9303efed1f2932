"""Commit a build's outputs all or nothing: the files in ``out/`` and an on-disk store switch together.

A build writes nothing a user reads until it is finished.  Its files go to one staging folder,
``OUT/.zwgk-staging/``; an on-disk Oxigraph store ``S`` is built afresh beside the old one, in
``.S.zwgk-new``.  :meth:`Transaction.commit` then writes a journal (every rename it is about to make)
and makes the renames, keeping each replaced file as a hard link in the staging folder and the old
store as ``.S.zwgk-old``; an error on the way puts every one back.  So:

- killed before the journal is written → the old outputs, untouched;
- killed after it → the journal is rolled forward: the new outputs, whole.

What a killed build leaves is finished at once by a **guardian**: a small process started with the
build, in its own session, that holds the build's lock and waits on a pipe only the build (and its
workers) hold.  When the pipe closes without the word ``done`` — the build died, by SIGKILL or
otherwise — the guardian recovers (rolls the journal forward, or removes the staging folder and the
half-built store) and exits, releasing the lock.  The next build recovers the same way first, should
a guardian itself have been killed.

Locks: ``OUT/.zwgk.lock``, and ``.S.zwgk.lock`` beside a store outside ``OUT``, held (``flock``) from
the start of a build to its end; a second build into the same folder waits ``wait`` seconds for it,
then stops with one line.  Crash safety is against killed processes, not power loss (files are not
fsync'ed one by one; the journal is).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .errors import UsageError

STAGING = ".zwgk-staging"
LOCK = ".zwgk.lock"
JOURNAL = "journal.json"
BEGUN = "begun.json"


class BuildLocked(UsageError):
    """Another build holds the output folder or the store."""


def store_paths(store_dir: Path) -> tuple[Path, Path, Path]:
    """(new, old, lock) beside an on-disk store ``S``: ``.S.zwgk-new``, ``.S.zwgk-old``, ``.S.zwgk.lock``."""
    d, name = store_dir.parent, store_dir.name
    return d / f".{name}.zwgk-new", d / f".{name}.zwgk-old", d / f".{name}{LOCK}"


def _writable_dir(path: Path, what: str) -> bool:
    """Make sure ``path`` is a folder we can write in; True if it had to be created."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{what} is a file, not a folder", path)
    created = not path.exists()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the {what}: {exc.strerror or exc}", path)
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write to the {what}", path)
    return created


class _Lock:
    """An exclusive ``flock`` on a lock file holding the holder's pid; the file is removed on release.

    Removing a lock file is safe only if a waiter that opened the old file notices: after taking the
    lock, the file it holds must still be the one at the path (same inode), else it tries again.
    """

    def __init__(self, path: Path, wait: float):
        import fcntl

        self.path, self.fd = path, None
        deadline = time.monotonic() + wait
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise UsageError(f"cannot create the lock file: {exc.strerror or exc}", path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise BuildLocked(f"another zwgk build (pid {holder}) is writing here; wait for it to "
                                      f"finish (waited {wait:g} s)", path)
                time.sleep(0.05)
                continue
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)                # the holder removed it as we waited: take the new one
        self.fd = fd
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)

    def release(self) -> None:
        if self.fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self.fd)           # the guardian's copy closes when it exits
            self.fd = None


def _write_json(path: Path, data) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _rmtree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def _keep(final: Path, backup: Path) -> None:
    """Keep the file at ``final`` as ``backup`` without moving it (a hard link; a copy where links fail)."""
    backup.parent.mkdir(parents=True, exist_ok=True)
    backup.unlink(missing_ok=True)
    try:
        os.link(final, backup)
    except OSError:
        shutil.copy2(final, backup)


class Journal:
    """The renames of one commit, each of which can be made again (roll forward) or undone (roll back)."""

    def __init__(self, files=(), removes=(), store=None):
        self.files = [dict(f) for f in files]          # staged, final, backup, existed
        self.removes = [dict(r) for r in removes]      # final, backup
        self.store = dict(store) if store else None    # new, final, old, existed

    def as_json(self) -> dict:
        return {"version": 1, "files": self.files, "removes": self.removes, "store": self.store}

    @classmethod
    def load(cls, path: Path) -> "Journal":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["files"], data["removes"], data["store"])

    # --- the steps, in commit order; each is a no-op when already made ---------------------------------

    def steps(self):
        if self.store:
            yield ("store", self.store)
        for f in self.files:
            yield ("file", f)
        for r in self.removes:
            yield ("remove", r)

    @staticmethod
    def make(kind: str, step: dict) -> None:
        if kind == "store":
            new, final, old = Path(step["new"]), Path(step["final"]), Path(step["old"])
            if new.exists():
                if final.exists():
                    _rmtree(old)
                    os.rename(final, old)
                os.rename(new, final)
        elif kind == "file":
            staged, final = Path(step["staged"]), Path(step["final"])
            if staged.exists():
                if step["existed"] and final.exists() and not Path(step["backup"]).exists():
                    _keep(final, Path(step["backup"]))
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, final)
        else:
            final = Path(step["final"])
            if final.exists():
                Path(step["backup"]).parent.mkdir(parents=True, exist_ok=True)
                os.replace(final, step["backup"])

    @staticmethod
    def undo(kind: str, step: dict) -> None:
        if kind == "store":
            new, final, old = Path(step["new"]), Path(step["final"]), Path(step["old"])
            if not new.exists() and final.exists():
                os.rename(final, new)
            if old.exists() and not final.exists():
                os.rename(old, final)
        elif kind == "file":
            final, backup = Path(step["final"]), Path(step["backup"])
            if step["existed"]:
                if backup.exists():
                    os.replace(backup, final)
            else:
                final.unlink(missing_ok=True)
        else:
            if Path(step["backup"]).exists():
                os.replace(step["backup"], step["final"])

    def roll_forward(self) -> None:
        for kind, step in self.steps():
            self.make(kind, step)


def recover(staging: Path) -> str:
    """Finish what a build that died left in ``staging``: roll a journal forward, else discard.

    Returns what was done ("rolled forward", "discarded" or "" when there was nothing).  Must be
    called with the build's lock held.
    """
    journal, begun = staging / JOURNAL, staging / BEGUN
    done = ""
    if journal.exists():
        j = Journal.load(journal)
        j.roll_forward()
        if j.store:
            _rmtree(Path(j.store["old"]))
        done = "rolled forward"
    if begun.exists():
        try:
            for p in json.loads(begun.read_text(encoding="utf-8")).get("discard", []):
                if not done:
                    _rmtree(Path(p))
        except ValueError:
            pass
        done = done or "discarded"
    elif staging.exists() and not done:
        done = "discarded"
    _rmtree(staging)
    return done


def _guard(staging: str, *locks: str) -> None:
    """The guardian's body: wait for the build to say "done"; if it never does, recover its leftovers
    and remove the build's lock files (it holds the locks: it inherited them)."""
    data = b""
    try:
        while chunk := sys.stdin.buffer.read(64):
            data += chunk
    except (OSError, KeyboardInterrupt):
        pass
    if b"done" not in data:
        try:
            recover(Path(staging))
            for lock in locks:
                Path(lock).unlink(missing_ok=True)
        except Exception:  # nothing to tell anyone: the next build recovers again
            pass


class Transaction:
    """One build's outputs: locked, staged, then committed (or discarded) as a whole."""

    def __init__(self, out: Path | None, store_dir: Path | None = None, wait: float = 10.0):
        self.out = Path(out) if out is not None else None
        self.store_dir = Path(store_dir) if store_dir is not None else None
        self.locks: list[_Lock] = []
        self.guardian = None
        self.journal = Journal()
        self._files: dict[Path, Path] = {}             # final → staged
        self._removes: list[Path] = []
        self._created: Path | None = None                # the output folder, if this build made it
        self._committed = False
        try:
            self._begin(wait)
        except BaseException:
            self.close()
            raise

    def _begin(self, wait: float) -> None:
        if self.out is not None:
            if _writable_dir(self.out, "output folder"):
                self._created = self.out
            home = self.out
        else:
            home = None
        if self.store_dir is not None:
            if self.store_dir.exists() and not self.store_dir.is_dir():
                raise UsageError("the Oxigraph store is a file, not a folder", self.store_dir)
            if self.out is not None and self.out.resolve().is_relative_to(self.store_dir.resolve()):
                raise UsageError("the store cannot hold the output folder", self.store_dir)
            if self.store_dir.is_dir() and any(self.store_dir.iterdir()) and not (self.store_dir / "CURRENT").exists():
                raise UsageError("not an Oxigraph store (a folder holding other files); give a new or empty "
                                 "folder, or an existing store", self.store_dir)
            _writable_dir(self.store_dir.parent, "store's parent folder")
            if home is None:
                home = self.store_dir.parent / f".{self.store_dir.name}{STAGING}"
        self.staging = (home / STAGING) if self.out is not None else home
        if self.out is not None:
            self.locks.append(_Lock(self.out / LOCK, wait))
        if self.store_dir is not None:
            new, old, lock = store_paths(self.store_dir)
            self.locks.append(_Lock(lock, wait))
            self.store_new, self.store_old = new, old
        recover(self.staging)
        if self.store_dir is not None:
            _rmtree(self.store_new)        # left by a build whose guardian was killed too
            _rmtree(self.store_old)
        self.staging.mkdir(parents=True)
        _write_json(self.staging / BEGUN, {"pid": os.getpid(),
                                           "discard": [str(self.store_new)] if self.store_dir else []})
        self.guardian = subprocess.Popen(
            [sys.executable, "-c", "import sys; from build_graph.transaction import _guard; _guard(*sys.argv[1:])",
             str(self.staging), *(str(lock.path) for lock in self.locks)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=tuple(lock.fd for lock in self.locks), start_new_session=True,
            cwd=str(Path(__file__).resolve().parents[1]))

    # --- staging ---------------------------------------------------------------------------------------

    def stage(self, final: Path) -> Path:
        """The staged path of the output file ``final`` (in ``OUT``): write there, it is renamed at commit."""
        final = Path(final)
        rel = final.resolve().relative_to(self.out.resolve())
        staged = self.staging / "new" / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        self._files[final] = staged
        return staged

    def remove(self, final: Path) -> None:
        """Remove ``final`` (a stale output) as part of the commit."""
        self._removes.append(Path(final))

    # --- the switch ------------------------------------------------------------------------------------

    def commit(self) -> None:
        """Switch every staged file and the new store into place, or (on an error) none of them."""
        old_dir = self.staging / "old"
        files = []
        for final, staged in sorted(self._files.items()):
            rel = final.resolve().relative_to(self.out.resolve())
            files.append({"staged": str(staged), "final": str(final), "backup": str(old_dir / rel),
                          "existed": final.exists()})
        removes = [{"final": str(p), "backup": str(old_dir / p.resolve().relative_to(self.out.resolve()))}
                   for p in self._removes if p not in self._files]
        store = None
        if self.store_dir is not None:
            store = {"new": str(self.store_new), "final": str(self.store_dir), "old": str(self.store_old)}
        self.journal = Journal(files, removes, store)
        _write_json(self.staging / JOURNAL, self.journal.as_json())
        made = []
        try:
            for kind, step in self.journal.steps():
                made.append((kind, step))        # first: undoing a step not (fully) made is harmless
                self.journal.make(kind, step)
        except BaseException as exc:
            try:
                for kind, step in reversed(made):
                    self.journal.undo(kind, step)
                (self.staging / JOURNAL).unlink()
            except BaseException:
                raise   # the journal stays: the guardian (or the next build) rolls it forward
            if isinstance(exc, OSError):
                raise UsageError(f"could not switch the new outputs into place ({exc.strerror or exc}); "
                                 f"the previous outputs are kept", getattr(exc, "filename", None) or self.out)
            raise
        (self.staging / JOURNAL).unlink()
        self._committed = True
        self._finish()

    def abort(self) -> None:
        """Discard everything staged; the old outputs stay as they were.  With a journal on disk the
        commit was decided (and its undo did not finish): it is rolled forward instead."""
        if (self.staging / JOURNAL).exists():
            recover(self.staging)
            return
        if self.store_dir is not None:
            _rmtree(self.store_new)
        _rmtree(self.staging)

    def _finish(self) -> None:
        if self.store_dir is not None:
            _rmtree(self.store_old)
        _rmtree(self.staging)

    def close(self) -> None:
        """Tell the guardian all is done and release the locks."""
        if self.guardian is not None:
            try:
                self.guardian.stdin.write(b"done")
                self.guardian.stdin.close()
            except OSError:
                pass
            # not waited for: it exits as soon as it has read "done"; the copy of the locks it holds
            # until then is on lock files this build removes, and a new build locks a new file
            self.guardian = None
        for lock in self.locks:
            lock.release()
        self.locks = []
        if self._created is not None and self._committed is False:
            try:
                self._created.rmdir()      # a failed first build leaves no empty folder behind
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        try:
            if kind is not None:
                self.abort()
        finally:
            self.close()
        return False
