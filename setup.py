"""Build hook: compile the extraction modules to C with mypyc.

Extraction is pure Python over the C parser; mypyc turns the typed modules into C extensions,
which run the same code about a fifth faster (``bench/speed.py``). The compiled modules are
the per-page hot path only. The public entry points (``pipeline.extract``,
``quotes.find_quotes``) stay Python so their docstrings and argument checks stay as written.

``EXTRACTOR_PURE_PYTHON=1`` skips compilation (the package works the same, slower); so does a
machine without a C compiler, since the extensions are optional.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import Extension, setup

ROOT = Path(__file__).parent

#: Modules that run for every page. Left out: ``pipeline`` and ``quotes/__init__`` (public
#: API, see above).
COMPILED = [
    "extractor/html.py",
    "extractor/decoding.py",
    "extractor/content.py",
    "extractor/boilerplate.py",
    "extractor/lowercase.py",
    "extractor/streaming.py",
    "extractor/calls_to_action.py",
    *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "extractor" / "metadata").glob("*.py")),
    *sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "extractor" / "quotes").glob("*.py")
        if path.name != "__init__.py"
    ),
]


def extensions() -> list[Extension]:
    if os.environ.get("EXTRACTOR_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    # The build environment holds only the build requirements: the fetcher's libraries are
    # not there to type-check against, and the compiled modules do not import them.
    options = ["--config-file", str(ROOT / "pyproject.toml"), "--ignore-missing-imports"]
    modules = mypycify([*options, *COMPILED], opt_level="3", group_name="extractor")
    for module in modules:
        module.optional = True  # no compiler: install the pure-Python package
    return modules


setup(ext_modules=extensions())
