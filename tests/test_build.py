"""The build: mypyc-compiled extraction modules, and the guard against stale ones."""

from __future__ import annotations

import importlib.machinery
import os
import time
from pathlib import Path

import extractor.content
import extractor.quotes.speakers
from conftest import stale_extensions

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def test_the_install_compiled_the_extraction_modules() -> None:
    # The extensions are optional (a machine without a compiler still installs), so a failed
    # build would pass unnoticed but for this. EXTRACTOR_PURE_PYTHON=1 at install and test
    # time says the pure-Python package is wanted.
    compiled = [str(module.__file__).endswith(SUFFIX) for module in (extractor.content, extractor.quotes.speakers)]
    assert compiled == [not os.environ.get("EXTRACTOR_PURE_PYTHON")] * 2


def test_a_compiled_module_older_than_its_source_is_reported(tmp_path: Path) -> None:
    package = tmp_path / "extractor"
    (package / "metadata").mkdir(parents=True)
    fresh_source, fresh = package / "content.py", package / f"content{SUFFIX}"
    old_source, old = package / "metadata" / "dates.py", package / "metadata" / f"dates{SUFFIX}"
    for path in (old, fresh_source, old_source, fresh):
        path.write_text("")
    past = time.time() - 60
    os.utime(old, (past, past))
    os.utime(fresh_source, (past, past))
    assert stale_extensions(package) == ["extractor/metadata/dates.py"]
