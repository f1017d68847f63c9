"""The page extraction process: ``python -m extractor.runs.child`` (see `pool`)."""

from __future__ import annotations

from extractor.runs.pool import main

if __name__ == "__main__":
    main()
