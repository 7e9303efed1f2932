"""Start a local Oxigraph SPARQL server (the `oxigraph` PyPI package's binary) for tests, benchmarks, demos."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def oxigraph_binary() -> str:
    """The `oxigraph` executable: on PATH, or beside this Python (a virtualenv's bin/)."""
    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_oxigraph(location: Path, port: int, read_only: bool = False, union_default_graph: bool = False,
                   timeout: float = 20.0) -> subprocess.Popen:
    """Start `oxigraph serve` on 127.0.0.1:port over a store folder; return once it answers HTTP."""
    cmd = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
           "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        cmd.append("--union-default-graph")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return proc
        except urllib.error.HTTPError:      # it answers: it is up
            return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"oxigraph did not start on 127.0.0.1:{port}")
