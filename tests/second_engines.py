"""Second engines for the tests: Apache Jena (SHACL, parsing), serdi and rapper, where installed.

Jena is found as, in order: ``$ZWGK_JENA_CLASSPATH`` (a Java classpath), ``$JENA_HOME/lib/*`` (the
Apache binary distribution), or Debian's ``libapache-jena-java`` in ``/usr/share/java``
(``sudo apt install libapache-jena-java``).  Debian's package (4.5.0-2) relocates Jena's bundled
Xerces to ``xerces.*`` but leaves its message files under ``org/apache/jena/ext/xerces/``, so Jena
stops at start-up with ``RuntimeException: internal error`` in ``XSSimpleTypeDecl.applyFacets1``;
:func:`jena_classpath` adds a small jar holding those files under the relocated name (built from
the package's own jar, in the test's temporary folder).  A test without an engine is skipped with
the command that installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

JAVA_PROGRAM = Path(__file__).resolve().parent / "engines" / "ZwgkJena.java"
DEBIAN_JARS = Path("/usr/share/java")
# Debian's libapache-jena-java and the libraries it depends on (Depends: of the package)
DEBIAN_DEPENDENCIES = ("commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
                       "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpclient-cache", "httpcore",
                       "jackson-annotations", "jackson-core", "jackson-databind", "jakarta.json-api",
                       "jsonld-java", "protobuf", "slf4j-api", "slf4j-nop", "thrift", "titanium-json-ld")
INSTALL = {
    "jena": "sudo apt install default-jre-headless libapache-jena-java",
    "serdi": "sudo apt install serdi",
    "rapper": "sudo apt install raptor2-utils",
}


def _relocated_messages(jena_core: Path, folder: Path) -> Path:
    """A jar with jena-core's Xerces message files under the package name its classes were moved to."""
    jar = folder / "jena-xerces-messages.jar"
    if not jar.exists():
        prefix = "org/apache/jena/ext/xerces/"
        with zipfile.ZipFile(jena_core) as src, zipfile.ZipFile(jar, "w") as dst:
            for name in sorted(src.namelist()):
                if name.startswith(prefix) and not name.endswith((".class", "/")):
                    dst.writestr("xerces/" + name[len(prefix):], src.read(name))
    return jar


def jena_classpath(folder: Path) -> str | None:
    """The classpath of an installed Jena (see the module's docstring), or None."""
    if shutil.which("java") is None:
        return None
    if os.environ.get("ZWGK_JENA_CLASSPATH"):
        return os.environ["ZWGK_JENA_CLASSPATH"]
    home = os.environ.get("JENA_HOME")
    if home and (Path(home) / "lib").is_dir():
        return str(Path(home) / "lib" / "*")
    core = DEBIAN_JARS / "jena-core.jar"
    if not core.exists():
        return None
    jars = sorted(p for p in DEBIAN_JARS.glob("jena-*.jar") if not any(c.isdigit() for c in p.stem))
    jars += [DEBIAN_JARS / f"{name}.jar" for name in DEBIAN_DEPENDENCIES if (DEBIAN_JARS / f"{name}.jar").exists()]
    with zipfile.ZipFile(core) as z:
        relocated = any(n.startswith("xerces/impl/") for n in z.namelist())
        has_messages = "xerces/impl/msg/XMLMessages.properties" in z.namelist()
    if relocated and not has_messages:
        jars.append(_relocated_messages(core, folder))
    return os.pathsep.join(str(j) for j in jars)


def require(engine: str, folder: Path | None = None) -> str:
    """The engine's command or classpath; skips the test, naming the install command, when missing."""
    if engine == "jena":
        found = jena_classpath(folder or Path("/tmp"))
    else:
        found = shutil.which(engine)
    if not found:
        pytest.skip(f"{engine} is not installed: {INSTALL[engine]}")
    return found


def jena(classpath: str, *args: str, timeout: float = 300) -> str:
    """Run tests/engines/ZwgkJena.java (Java's single-file launch: no build step); return its stdout."""
    proc = subprocess.run(["java", "-Xss8m", "-cp", classpath, str(JAVA_PROGRAM), *args],
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"Jena failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}"
    return proc.stdout
