"""Shared test fixtures, and a guard against testing stale compiled modules."""

from pathlib import Path

import pytest
from fetch_server import fetch_server, tls_server  # noqa: F401  (the fetcher's loopback test servers)

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"


def stale_extensions(package: Path = PACKAGE) -> list[str]:
    """Modules whose mypyc-compiled file (built in place by ``pip install -e .``) is older than
    their source: Python would import the compiled, out-of-date code and the tests would test it."""
    stale = []
    for compiled in package.rglob("*.so"):
        source = compiled.with_name(compiled.name.split(".", 1)[0] + ".py")
        if source.exists() and source.stat().st_mtime > compiled.stat().st_mtime:
            stale.append(str(source.relative_to(package.parent)))
    return stale


def pytest_sessionstart(session: pytest.Session) -> None:
    stale = stale_extensions()
    if stale:
        pytest.exit(
            f"compiled modules are older than their sources ({', '.join(stale[:3])}...): "
            "run `pip install -e .` again, or delete extractor/**/*.so to test the pure-Python code",
            returncode=3,
        )
