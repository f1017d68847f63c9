"""The ``extractor`` command line: a thin typer layer over the library.

Exit codes: 0 every input succeeded; 1 some inputs failed (each failure is still written, as a
JSON line with an ``error`` object); 2 usage error (typer's own).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from . import __version__
from .errors import ExtractError
from .pipeline import extract
from .options import ExtractOptions
from .warc import DEFAULT_PAGE_TIMEOUT, DEFAULT_RECORDS_PER_TASK
from .fetcher.options import (
    DEFAULT_CONCURRENCY,
    DEFAULT_DELAY,
    DEFAULT_MAX_BYTES as DEFAULT_FETCH_MAX_BYTES,
    DEFAULT_PER_HOST,
    DEFAULT_TOTAL_TIMEOUT,
)

app = typer.Typer(
    help="Turn news pages into clean, structured JSON articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Files a directory source contributes (others, such as images, are skipped).
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"news-extractor {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Turn news pages into clean, structured JSON articles."""


def _expand(sources: List[str]) -> Iterator[tuple[str, Path | None]]:
    for source in sources:
        if source == "-":
            yield "-", None
            continue
        path = Path(source)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in HTML_SUFFIXES:
                    yield str(child), child
        else:
            yield source, path


def _read(label: str, path: Path | None) -> bytes:
    if path is None:
        return sys.stdin.buffer.read()
    return path.read_bytes()


def error_record(source: str, error: BaseException) -> dict[str, object]:
    """The JSON line written for an input that failed."""
    return {"source": source, "error": {"type": type(error).__name__, "message": str(error)}}


@app.command("extract")
def extract_command(
    sources: List[str] = typer.Argument(
        ..., help="HTML files, directories of them (searched recursively), or - for stdin."
    ),
    url: Optional[str] = typer.Option(
        None, "--url", help="The page's URL (resolves relative links; a date source)."
    ),
    output_format: OutputFormat = typer.Option(
        None,
        "--format",
        "-f",
        help="json (one page: one indented object), jsonl (one line per page) or text. "
        "Default: json for one page, jsonl for several.",
        show_default=False,
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Add which blocks the boilerplate rules dropped, and why."
    ),
) -> None:
    """Extract articles from saved pages and print them as JSON."""
    inputs = list(_expand(sources))
    if not inputs:
        raise typer.BadParameter("no HTML files found in the given sources", param_hint="SOURCES")
    fmt = output_format or (OutputFormat.json if len(inputs) == 1 else OutputFormat.jsonl)
    options = ExtractOptions(explain=explain)
    failures = 0
    for label, path in inputs:
        try:
            article = extract(_read(label, path), url, options=options)
        except (ExtractError, OSError) as error:
            failures += 1
            typer.echo(json.dumps(error_record(label, error), ensure_ascii=False))
            continue
        if fmt is OutputFormat.text:
            typer.echo("\n\n".join(part for part in (article.headline, article.body) if part))
        else:
            typer.echo(article.to_json(indent=2 if fmt is OutputFormat.json else None))
    if failures:
        raise typer.Exit(1)


class WarcReader(str, Enum):
    auto = "auto"
    warcio = "warcio"
    fastwarc = "fastwarc"


@app.command("warc")
def warc_command(
    files: List[Path] = typer.Argument(..., help="WARC files (.warc or .warc.gz)."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the JSON Lines here instead of stdout."
    ),
    page_timeout: float = typer.Option(
        DEFAULT_PAGE_TIMEOUT, "--page-timeout", min=0,
        help="Seconds one page may take before its extraction process is killed and the page "
        "recorded as failed; 0 extracts in-process with no limit (fastest).",
    ),
    reader: WarcReader = typer.Option(
        WarcReader.auto, "--reader", help="auto uses FastWARC when installed."
    ),
    workers: Optional[int] = typer.Option(
        None, "--workers", min=1, help="Run on a local Dask cluster of N worker processes."
    ),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Run on a Dask cluster, e.g. tcp://host:8786."
    ),
    records_per_task: int = typer.Option(
        DEFAULT_RECORDS_PER_TASK, "--records-per-task", min=0,
        help="With --workers/--scheduler: cut files into tasks of about N records, so large "
        "files spread over workers; 0 makes each file one task.",
    ),
) -> None:
    """Extract every HTML page of WARC files as JSON Lines (progress bar on a terminal)."""
    from .warc.batch import run_warcs_anywhere

    if workers is not None and scheduler is not None:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        stats = run_warcs_anywhere(
            files, sink, options=ExtractOptions(), page_timeout=page_timeout or None,
            reader=reader.value, workers=workers, scheduler=scheduler,
            records_per_task=records_per_task or None,
        )
    except (ImportError, ValueError) as error:
        raise typer.BadParameter(str(error)) from None
    finally:
        if output:
            sink.close()
    typer.echo(stats.summary(), err=True)
    if stats.failures:
        raise typer.Exit(1)


@app.command("crawl")
def crawl_command(
    sites: Optional[List[str]] = typer.Argument(None, help="Sites: example.com or https://example.com/."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Append one JSON line per new story to this file."
    ),
    state: Optional[Path] = typer.Option(
        None, "--state", help="SQLite state file (default: crawl.db in the user's data directory)."
    ),
    since: Optional[str] = typer.Option(None, "--since", help="Skip stories listed before this date."),
    max_articles: Optional[int] = typer.Option(
        None, "--max-articles", min=1, help="Most story pages fetched per site in this run."
    ),
    status: bool = typer.Option(False, "--status", help="Print the per-site state table and exit."),
    delay: Optional[float] = typer.Option(
        None, "--delay", min=0, help="Seconds between requests to one host (fetcher default: 1)."
    ),
    per_host: Optional[int] = typer.Option(
        None, "--per-host", min=1, help="Requests in flight to one host (fetcher default: 1)."
    ),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", help="User-Agent to send."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow private and loopback addresses (intranets, tests)."
    ),
) -> None:
    """Crawl sites' feeds and sitemaps for new stories (incremental: state kept in SQLite)."""
    from rich.console import Console

    from .crawler import CrawlError, CrawlOptions, StateError, crawl, default_state_path
    from .crawler.state import CrawlState
    from .crawler.status import report_table, status_table
    from .discovery.dates import parse_date
    from .fetcher import FetchOptions

    state_path = state or default_state_path()
    console = Console(stderr=True)
    if status:
        try:
            with CrawlState(state_path) as store:
                Console().print(status_table(store.status()))
        except StateError as error:
            raise typer.BadParameter(str(error), param_hint="--state") from None
        return
    if not sites or output is None:
        raise typer.BadParameter("give SITE... and -o out.jsonl (or --status)")
    since_date = parse_date(since) if since else None
    if since and since_date is None:
        raise typer.BadParameter(f"not a date: {since!r}", param_hint="--since")
    default = FetchOptions()
    fetch = FetchOptions(
        allow_private=allow_private,
        delay=default.delay if delay is None else delay,
        per_host=default.per_host if per_host is None else per_host,
        user_agent=user_agent or default.user_agent,
    )
    options = CrawlOptions(since=since_date, max_articles=max_articles, fetch=fetch)
    try:
        reports = crawl(sites, output, state=state_path, options=options)
    except (CrawlError, StateError, OSError) as error:  # OSError: output or state not writable
        raise typer.BadParameter(str(error)) from None
    console.print(report_table(reports))
    if any(report.failures for report in reports):
        raise typer.Exit(1)


@app.command("fetch")
def fetch_command(
    urls: Optional[List[str]] = typer.Argument(None, help="URLs to fetch and extract."),
    input_file: Optional[str] = typer.Option(
        None, "--input", "-i", help="A file with one URL per line, or - for stdin."
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the JSON Lines here instead of stdout."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Skip URLs already in the -o file and append to it."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    concurrency: int = typer.Option(DEFAULT_CONCURRENCY, "--concurrency", min=1, help="Requests in flight."),
    per_host: int = typer.Option(DEFAULT_PER_HOST, "--per-host", min=1, help="Requests in flight per host."),
    delay: float = typer.Option(DEFAULT_DELAY, "--delay", min=0, help="Seconds between requests to a host."),
    timeout: float = typer.Option(DEFAULT_TOTAL_TIMEOUT, "--timeout", min=0.001, help="Total seconds per URL."),
    max_bytes: int = typer.Option(DEFAULT_FETCH_MAX_BYTES, "--max-bytes", min=1, help="Largest decoded body."),
    user_agent: Optional[str] = typer.Option(
        None, "--user-agent", help="User-Agent (name your crawler and a contact URL)."
    ),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow private and loopback addresses (intranets, tests)."
    ),
    no_robots: bool = typer.Option(False, "--no-robots", help="Do not check robots.txt (rude)."),
    save_raw: Optional[Path] = typer.Option(
        None, "--save-raw", help="Append every HTTP response to this WARC file (.warc.gz)."
    ),
    cache: Optional[Path] = typer.Option(None, "--cache", help="On-disk HTTP cache directory."),
    workers: int = typer.Option(
        0, "--workers", min=0, help="Extract in N processes (0: in the fetching process)."
    ),
) -> None:
    """Fetch URLs politely and write one JSON line per URL: the article, or the error."""
    import anyio

    from .fetcher import FetchOptions
    from .fetcher.batch import NO_ROBOTS_WARNING, fetch_to_jsonl, lines_of, show_progress, urls_done

    if not urls and input_file is None:
        raise typer.BadParameter("give URLs or -i FILE (- for stdin)")
    if resume and output is None:
        raise typer.BadParameter("--resume needs -o FILE", param_hint="--resume")
    options = FetchOptions(
        concurrency=concurrency, per_host=per_host, delay=delay, total_timeout=timeout,
        max_bytes=max_bytes, allow_private=allow_private, respect_robots=not no_robots,
        user_agent=user_agent or FetchOptions().user_agent,
    )
    if no_robots:
        typer.secho(NO_ROBOTS_WARNING, err=True, fg="red", bold=True)
    stream = None if input_file in (None, "-") else open(input_file, encoding="utf-8", errors="replace")
    source = lines_of(sys.stdin) if input_file == "-" else (stream or urls or [])
    sink = output.open("a" if resume else "w", encoding="utf-8") if output else sys.stdout
    try:
        stats = anyio.run(lambda: fetch_to_jsonl(
            source, sink, options=options, skip=urls_done(output) if resume and output else None,
            cache_dir=cache, warc_path=save_raw, progress=show_progress(quiet), workers=workers,
        ))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    finally:
        for handle in (stream, sink if output else None):
            if handle is not None:
                handle.close()
    if stats.failed:
        raise typer.Exit(1)
