"""The time-limited extraction process: ``python -m extractor.warc.child`` (see `worker`)."""

from __future__ import annotations

from extractor.warc.worker import main

if __name__ == "__main__":
    main()
