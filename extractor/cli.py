"""The ``extractor`` command line: a thin typer layer over the library and `extractor.runs`.

Exit codes: 0 every input succeeded; 1 some inputs (or, for ``crawl``, sites) failed, each
failure still written as a failure line (``docs/record.schema.json``); 2 usage error,
including an output file that cannot be written, reported before any work is done.
"""

from __future__ import annotations

import errno
import sys
from contextlib import ExitStack, contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, TextIO

import typer

from . import __version__
from .options import BODY_FORMATS, DEFAULT_MAX_BYTES, BodyFormat, ExtractOptions
from .errors import ExtractError
from .report import render_report
from .runs import Input, Outcome, Page, Runner, expand_sources, file_page, file_pages
from .runs.output import DEFAULT_RETRIES, Mode, OutputError, check_output, open_output, write_outcomes
from .warc import DEFAULT_PAGE_TIMEOUT, DEFAULT_RECORDS_PER_TASK
from .fetcher.options import (
    CONTACT_PLACEHOLDER,
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
    # Plain click help: flags without a "<bool>" after them, defaults in brackets.
    rich_markup_mode=None,
)

#: Printed on stderr when the User-Agent still has the placeholder contact address.
PLACEHOLDER_UA_WARNING = (
    f"warning: the User-Agent names the placeholder contact {CONTACT_PLACEHOLDER}; "
    "give --user-agent 'yourbot/1.0 (+https://your.site/bot)' so site owners can reach you"
)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"
    markdown = "markdown"
    html = "html"


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


def _output_mode(resume: bool, overwrite: bool) -> Mode:
    if resume and overwrite:
        raise typer.BadParameter("give --resume or --overwrite, not both", param_hint="--overwrite")
    return "append" if resume else "overwrite" if overwrite else "new"


def _checked_output(path: Optional[Path], mode: Mode) -> None:
    """Usage error (exit 2) naming the path when the output cannot be used: before any work."""
    if path is not None:
        try:
            check_output(path, mode)
        except OutputError as error:
            raise typer.BadParameter(str(error), param_hint="--output") from None


def _open(stack: ExitStack, path: Optional[Path], mode: Mode) -> TextIO:
    if path is None:
        return sys.stdout
    try:
        return stack.enter_context(open_output(path, mode))
    except OSError as error:
        raise typer.BadParameter(f"{path}: {error.strerror or error}", param_hint="--output") from None


#: Errors of a write that fails mid-run: the disk filled up, the file system went away.
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG})


@contextmanager
def _write_errors(path: Optional[Path]) -> Iterator[None]:
    """A write to ``-o`` that fails mid-run ends the run as a usage error naming the path (the
    lines written so far stand), not as a traceback."""
    try:
        yield
    except OSError as error:
        if path is None or error.errno not in WRITE_ERRNOS:
            raise
        raise typer.BadParameter(f"{path}: cannot write: {error.strerror}", param_hint="--output") from None


def _progress_over(outcomes: Iterable[Outcome], total: int, show: bool) -> Iterable[Outcome]:
    if not show:
        yield from outcomes
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(outcomes, total=total, description="extract", console=Console(stderr=True),
                     transient=True)


def _checked_report(path: Path, output: Optional[Path], overwrite: bool) -> None:
    """Usage error (exit 2) when the report cannot be written there, before any work: as for
    ``-o``, and not onto ``-o`` itself (there is no appending to a report)."""
    try:
        if output is not None and path.resolve() == output.resolve():
            raise OutputError(f"{path}: is also the --output file")
        if path.exists() and not overwrite:
            raise OutputError(f"{path}: already exists; give --overwrite to replace it")
        check_output(path, "overwrite")
    except OutputError as error:
        raise typer.BadParameter(str(error), param_hint="--report") from None


def _write_report(path: Path, page: Input, options: ExtractOptions) -> Input:
    """Write the explain report of ``page`` to ``path``, and hand the page on to the run. A page
    that cannot be read or extracted gets no report; its failure record says why."""
    if not isinstance(page, Page):
        typer.echo(f"no report written: {page.message}", err=True)
        return page
    try:
        document = render_report(page.body, page.url, headers=page.headers, options=options)
    except ExtractError as error:
        typer.echo(f"no report written: {error}", err=True)
        return page
    try:
        path.write_text(document, encoding="utf-8")
    except OSError as error:
        message = f"{path}: cannot write: {error.strerror or error}"
        raise typer.BadParameter(message, param_hint="--report") from None
    return page


@app.command("extract")
def extract_command(
    sources: List[str] = typer.Argument(
        ..., help="HTML files, directories of them (searched recursively), or - for stdin.",
        metavar="SOURCE",
    ),
    url: Optional[str] = typer.Option(
        None, "--url", help="The page's URL (resolves relative links; a date source).", metavar="URL"
    ),
    output_format: Optional[OutputFormat] = typer.Option(
        None, "--format", "-f",
        help="json (indented records), jsonl (one line per page), text (headline and body; "
        "failures on stderr), or markdown or html (the same, the body with its headings, lists, "
        "tables, links and pictures). Default: json for one page on stdout, jsonl otherwise.",
        show_default=False,
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write here instead of stdout.", metavar="FILE"
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing -o file."),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", min=1, metavar="N",
        help="Largest file read; a larger one is a too_large failure, not read.",
    ),
    workers: int = typer.Option(
        0, "--workers", min=0, metavar="N", help="Extract in N processes (0: in this one)."
    ),
    page_timeout: float = typer.Option(
        DEFAULT_PAGE_TIMEOUT, "--page-timeout", min=0, metavar="SECONDS",
        help="Seconds one page may take before it is stopped and recorded as failed (0: no limit, "
        "without --workers only).",
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Add which blocks the boilerplate rules dropped, and why."
    ),
    report: Optional[Path] = typer.Option(
        None, "--report", metavar="FILE",
        help="Also write an HTML report of the page (one SOURCE only): its blocks kept and dropped, "
        "and the metadata's sources (docs/report.md).",
    ),
) -> None:
    """Extract articles from saved pages: one record per page (its source in run.source)."""
    inputs = expand_sources(sources)
    if not inputs:
        raise typer.BadParameter("no HTML files found in the given sources", param_hint="SOURCE")
    if report is not None and len(inputs) > 1:
        raise typer.BadParameter(f"--report takes one page; the sources hold {len(inputs)}", param_hint="--report")
    if workers and not page_timeout:
        raise typer.BadParameter("--workers needs a positive --page-timeout", param_hint="--page-timeout")
    mode = _output_mode(False, overwrite)
    _checked_output(output, mode)
    several = len(inputs) > 1
    fmt = output_format or (OutputFormat.json if not several and output is None else OutputFormat.jsonl)
    options = ExtractOptions(explain=explain, max_bytes=max_bytes, formats=_body_formats(fmt))
    pages = file_pages(inputs, url, max_bytes)
    if report is not None:
        _checked_report(report, output, overwrite)
        # The page is read once: standard input cannot be read again by the run.
        pages = iter([_write_report(report, file_page(inputs[0], url, max_bytes), options)])
    show = output is not None and several and sys.stderr.isatty()
    with _write_errors(output), ExitStack() as stack:
        sink = _open(stack, output, mode)
        runner = stack.enter_context(
            Runner(options, workers=workers,
                   page_timeout=page_timeout or None)
        )
        outcomes = runner.run(pages)
        failures = write_outcomes(_progress_over(outcomes, len(inputs), show), sink, fmt.value,
                                  several=several, errors=sys.stderr)
    if failures:
        raise typer.Exit(1)


def _body_formats(fmt: OutputFormat) -> tuple[BodyFormat, ...]:
    """The structured body an output format prints (none for the JSON records and text)."""
    return (fmt.value,) if fmt.value in BODY_FORMATS else ()  # type: ignore[return-value]


class WarcReader(str, Enum):
    auto = "auto"
    warcio = "warcio"
    fastwarc = "fastwarc"


@app.command("warc")
def warc_command(
    files: List[Path] = typer.Argument(..., help="WARC files (.warc or .warc.gz).", metavar="FILE"),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the JSON Lines here instead of stdout.", metavar="FILE"
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing -o file."),
    page_timeout: float = typer.Option(
        DEFAULT_PAGE_TIMEOUT, "--page-timeout", min=0, metavar="SECONDS",
        help="Seconds one page may take before its extraction process is killed and the page "
        "recorded as failed; 0 extracts in-process with no limit (fastest).",
    ),
    reader: WarcReader = typer.Option(
        WarcReader.auto, "--reader", help="auto uses FastWARC when installed."
    ),
    workers: Optional[int] = typer.Option(
        None, "--workers", min=1, metavar="N", help="Run on a local Dask cluster of N worker processes."
    ),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Run on a Dask cluster, e.g. tcp://host:8786."
    ),
    records_per_task: int = typer.Option(
        DEFAULT_RECORDS_PER_TASK, "--records-per-task", min=0, metavar="N",
        help="With --workers/--scheduler: cut files into tasks of about N records, so large "
        "files spread over workers; 0 makes each file one task.",
    ),
) -> None:
    """Extract every HTML page of WARC files as JSON Lines (progress bar on a terminal)."""
    from .runs.warcs import run_warcs_anywhere

    if workers is not None and scheduler is not None:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
    mode = _output_mode(False, overwrite)
    _checked_output(output, mode)
    with _write_errors(output), ExitStack() as stack:
        sink = _open(stack, output, mode)
        try:
            stats = run_warcs_anywhere(
                files, sink, options=ExtractOptions(), page_timeout=page_timeout or None,
                reader=reader.value, workers=workers, scheduler=scheduler,
                records_per_task=records_per_task or None,
            )
        except (ImportError, ValueError) as error:
            raise typer.BadParameter(str(error)) from None
    typer.echo(stats.summary(), err=True)
    if stats.failures:
        raise typer.Exit(1)


@app.command("crawl")
def crawl_command(
    sites: Optional[List[str]] = typer.Argument(
        None, help="Sites: example.com or https://example.com/.", metavar="SITE"
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Append one JSON line per new story to this file.", metavar="FILE"
    ),
    state: Optional[Path] = typer.Option(
        None, "--state", metavar="FILE",
        help="SQLite state file (default: crawl.db in the user's data directory).",
    ),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Skip stories listed before this date."),
    max_articles: Optional[int] = typer.Option(
        None, "--max-articles", min=1, metavar="N", help="Most story pages fetched per site in this run."
    ),
    status: bool = typer.Option(False, "--status", help="Print the per-site state table and exit."),
    keep_feed_items: bool = typer.Option(
        False, "--keep-feed-items",
        help="Fetch every item a site's own feed lists, even those the URL classifier would skip.",
    ),
    delay: Optional[float] = typer.Option(
        None, "--delay", min=0, metavar="SECONDS", help="Seconds between requests to one host (fetcher default: 1)."
    ),
    per_host: Optional[int] = typer.Option(
        None, "--per-host", min=1, metavar="N", help="Requests in flight to one host (fetcher default: 1)."
    ),
    workers: int = typer.Option(
        0, "--workers", min=0, metavar="N", help="Extract in N processes (0: a thread of this one)."
    ),
    page_timeout: float = typer.Option(
        DEFAULT_PAGE_TIMEOUT, "--page-timeout", min=0.001, metavar="SECONDS",
        help="Seconds one page's extraction may take before it is stopped and counted as failed.",
    ),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", metavar="TEXT", help="User-Agent to send."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow private and loopback addresses (intranets, tests)."
    ),
) -> None:
    """Crawl sites' feeds and sitemaps for new stories (incremental: state kept in SQLite).

    Exits 1 when any site could not be crawled (DNS, connect, TLS, robots, no feed or sitemap).
    """
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
    _checked_output(output, "append")
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
    _warn_placeholder(fetch.user_agent, quiet=False)
    options = CrawlOptions(since=since_date, max_articles=max_articles, fetch=fetch,
                           keep_feed_items=keep_feed_items, workers=workers,
                           page_timeout=page_timeout)
    try:
        reports = crawl(sites, output, state=state_path, options=options)
    except (CrawlError, StateError, OSError) as error:  # OSError: state not writable
        raise typer.BadParameter(str(error)) from None
    console.print(report_table(reports))
    if any(report.failures or report.site_error for report in reports):
        raise typer.Exit(1)


def _warn_placeholder(user_agent: str, *, quiet: bool) -> None:
    if CONTACT_PLACEHOLDER in user_agent and not quiet:
        typer.secho(PLACEHOLDER_UA_WARNING, err=True, fg="yellow")


def _count_urls(urls: Optional[List[str]], input_file: Optional[str]) -> Optional[int]:
    """How many URLs the run has, when that is known without waiting (not for stdin)."""
    if input_file is None:
        return len(urls or [])
    if input_file == "-":
        return None
    with open(input_file, encoding="utf-8", errors="replace") as lines:
        return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


@app.command("fetch")
def fetch_command(
    urls: Optional[List[str]] = typer.Argument(None, help="URLs to fetch and extract.", metavar="URL"),
    input_file: Optional[str] = typer.Option(
        None, "--input", "-i", metavar="FILE", help="A file with one URL per line, or - for stdin."
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the JSON Lines here instead of stdout."
    ),
    resume: bool = typer.Option(
        False, "--resume",
        help="Append to the -o file, skipping URLs it already holds (transient failures are retried).",
    ),
    retries: int = typer.Option(
        DEFAULT_RETRIES, "--retries", min=1, metavar="N",
        help="With --resume: attempts of a URL that failed transiently (timeout, 5xx, connect).",
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing -o file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, summary or warnings."),
    concurrency: int = typer.Option(DEFAULT_CONCURRENCY, "--concurrency", min=1, metavar="N", help="Requests in flight."),
    per_host: int = typer.Option(DEFAULT_PER_HOST, "--per-host", min=1, metavar="N", help="Requests in flight per host."),
    delay: float = typer.Option(DEFAULT_DELAY, "--delay", min=0, metavar="SECONDS", help="Seconds between requests to a host."),
    timeout: float = typer.Option(DEFAULT_TOTAL_TIMEOUT, "--timeout", min=0.001, metavar="SECONDS", help="Total seconds per URL."),
    max_bytes: int = typer.Option(DEFAULT_FETCH_MAX_BYTES, "--max-bytes", min=1, metavar="N", help="Largest decoded body."),
    user_agent: Optional[str] = typer.Option(
        None, "--user-agent", metavar="TEXT", help="User-Agent (name your crawler and a contact URL)."
    ),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow private and loopback addresses (intranets, tests)."
    ),
    no_robots: bool = typer.Option(False, "--no-robots", help="Do not check robots.txt (rude)."),
    save_raw: Optional[Path] = typer.Option(
        None, "--save-raw", metavar="FILE", help="Append every HTTP response to this WARC file (.warc.gz)."
    ),
    cache: Optional[Path] = typer.Option(None, "--cache", metavar="DIR", help="On-disk HTTP cache directory."),
    workers: int = typer.Option(
        0, "--workers", min=0, metavar="N", help="Extract in N processes (0: a thread of this one)."
    ),
    page_timeout: float = typer.Option(
        DEFAULT_PAGE_TIMEOUT, "--page-timeout", min=0.001, metavar="SECONDS",
        help="Seconds one page's extraction may take before it is stopped and recorded as failed.",
    ),
) -> None:
    """Fetch URLs politely and write one JSON line per URL: the article, or the error."""
    import anyio

    from .fetcher import FetchOptions
    from .runs.fetching import NO_ROBOTS_WARNING, fetch_to_jsonl, lines_of, show_progress
    from .runs.output import finished_sources

    if not urls and input_file is None:
        raise typer.BadParameter("give URLs or -i FILE (- for stdin)")
    if resume and output is None:
        raise typer.BadParameter("--resume needs -o FILE", param_hint="--resume")
    mode = _output_mode(resume, overwrite)
    _checked_output(output, mode)
    options = FetchOptions(
        concurrency=concurrency, per_host=per_host, delay=delay, total_timeout=timeout,
        max_bytes=max_bytes, allow_private=allow_private, respect_robots=not no_robots,
        user_agent=user_agent or FetchOptions().user_agent,
    )
    if no_robots:
        typer.secho(NO_ROBOTS_WARNING, err=True, fg="red", bold=True)
    _warn_placeholder(options.user_agent, quiet=quiet)
    try:
        total = _count_urls(urls, input_file)
    except OSError as error:
        raise typer.BadParameter(f"{input_file}: {error.strerror or error}", param_hint="--input") from None
    skip = finished_sources(output, retries) if resume and output else None
    with _write_errors(output), ExitStack() as stack:
        stream = None if input_file in (None, "-") else stack.enter_context(
            open(str(input_file), encoding="utf-8", errors="replace"))
        source = lines_of(sys.stdin) if input_file == "-" else (stream or urls or [])
        sink = _open(stack, output, mode)
        try:
            stats = anyio.run(lambda: fetch_to_jsonl(
                source, sink, options=options, skip=skip, cache_dir=cache, warc_path=save_raw,
                progress=show_progress(quiet), total=total, workers=workers,
                page_timeout=page_timeout,
            ))
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
    if stats.failed:
        raise typer.Exit(1)
