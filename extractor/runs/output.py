"""Where a run's lines go: checked before any work, appended to safely, resumed from.

* `check_output` refuses an output that cannot be written (a missing directory, a directory,
  no permission) with a message naming the path, before a single request is made, and an
  existing file unless the run resumes (appends) or overwrites it.
* `open_output` opens it; appending first cuts a half-written last line (a run killed
  mid-write), so the next record never gets glued onto a fragment.
* `finished_sources` reads which inputs an earlier run finished, so ``--resume`` skips them:
  articles and permanent failures count as finished; transient failures (timeouts, 5xx,
  connection trouble) are tried again until they have failed `DEFAULT_RETRIES` times.
"""

from __future__ import annotations

import hashlib
import json
import os
from html import escape as html_escape
from collections import Counter
from pathlib import Path
from typing import IO, Iterable, Literal, TextIO

from ..record import TRANSIENT_CODES
from ..render.markdown import escape as markdown_escape
from .outcome import Extracted, Outcome, line_of

#: Attempts of an input whose failures were all transient before ``--resume`` stops retrying.
DEFAULT_RETRIES = 3

#: Bytes read at a time when looking backwards for the last newline.
_TAIL_CHUNK = 64 * 1024

Mode = Literal["new", "append", "overwrite"]
#: How `write_outcomes` writes: indented records, one record a line, or headline and body.
Format = Literal["json", "jsonl", "text", "markdown", "html"]


class OutputError(ValueError):
    """The output cannot be used; the message names the path and what to do."""


def check_output(path: Path, mode: Mode) -> None:
    """Raise `OutputError` unless ``path`` can take this run's lines (see module docstring)."""
    if path.is_dir():
        raise OutputError(f"{path}: is a directory, not a file")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{path}: the directory {parent} does not exist")
    exists = path.exists()
    if not os.access(path if exists else parent, os.W_OK):
        raise OutputError(f"{path}: not writable (permission denied)")
    if exists and mode == "new" and path.stat().st_size > 0:
        raise OutputError(f"{path}: already exists; give --resume to add to it or --overwrite to replace it")


def cut_partial_line(path: Path) -> int:
    """Truncate ``path`` after its last newline (a half-written last line is dropped); the
    number of bytes cut."""
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(end - _TAIL_CHUNK, 0)
            handle.seek(start)
            newline = handle.read(end - start).rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            handle.truncate(keep)
        return size - keep


def open_output(path: Path, mode: Mode) -> TextIO:
    """Open the output for this run's lines (appending after `cut_partial_line`)."""
    if mode == "append" and path.exists():
        cut_partial_line(path)
        return path.open("a", encoding="utf-8")
    return path.open("w", encoding="utf-8")


def source_key(source: str) -> bytes:
    """A compact key for the resume set (8 bytes per input instead of the whole string)."""
    return hashlib.blake2b(source.strip().encode("utf-8", "replace"), digest_size=8).digest()


def _source_of(record: dict[str, object]) -> str | None:
    run = record.get("run")
    source = run.get("source") if isinstance(run, dict) else None
    return source if isinstance(source, str) else None


def _transient(record: dict[str, object]) -> bool:
    error = record.get("error")
    return isinstance(error, dict) and error.get("code") in TRANSIENT_CODES


def finished_sources(path: Path, retries: int = DEFAULT_RETRIES) -> set[bytes]:
    """Keys (`source_key`) of the inputs an earlier run into ``path`` finished."""
    finished: set[bytes] = set()
    transient: Counter[bytes] = Counter()
    if not path.exists():
        return finished
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short: that input runs again
            source = _source_of(record) if isinstance(record, dict) else None
            if source is None:
                continue
            key = source_key(source)
            if _transient(record):
                transient[key] += 1
                if transient[key] < retries:
                    continue
            finished.add(key)
    return finished


def _as_text(outcome: Extracted, several: bool, fmt: Format = "text") -> str:
    """Headline and body (in Markdown or HTML for those formats); headed by the source
    (``==> path <==``) when there are several."""
    record = json.loads(outcome.line)
    headline, body = record["headline"], record.get(f"body_{fmt}", record["body"])
    if headline and fmt == "markdown":
        headline = "# " + markdown_escape(headline)
    elif headline and fmt == "html":
        headline = f"<h1>{html_escape(headline, quote=False)}</h1>"
    text = "\n\n".join(part for part in (headline, body) if part)
    return f"==> {record['run']['source']} <==\n{text}\n\n" if several else text + "\n"


def write_outcomes(
    outcomes: Iterable[Outcome], sink: IO[str], fmt: Format, *, several: bool, errors: IO[str]
) -> int:
    """Write each outcome in ``fmt``, flushing each; returns the number of failures. Text
    output has no place for a failure record: those go to ``errors``, one line each."""
    failures = 0
    for outcome in outcomes:
        if not isinstance(outcome, Extracted):
            failures += 1
        if fmt in ("text", "markdown", "html"):
            if isinstance(outcome, Extracted):
                sink.write(_as_text(outcome, several, fmt))
            else:
                source = outcome.to_dict()["run"]["source"]
                errors.write(f"{source}: {outcome.code}: {outcome.message}\n")
        elif fmt == "json":
            sink.write(json.dumps(json.loads(line_of(outcome)), ensure_ascii=False, indent=2) + "\n")
        else:
            sink.write(line_of(outcome) + "\n")
        sink.flush()
    return failures
