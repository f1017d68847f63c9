"""The one road for batch runs: the record format of every command, and faults through the
one runner in every mode (in-process, process pool, Dask)."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import extractor.runs.outcome as outcome_module
import extractor.runs.pool as pool_module
from extractor.cli import app
from extractor.errors import ExtractError
from extractor.record import ERROR_CODES, CODE_OF_TYPE, ExtractFailure, Origin
from extractor.runs import Extracted, Page, Runner
from extractor.runs.fetching import progress_display
from extractor.runs.output import OutputError, check_output, cut_partial_line, open_output
from fetch_server import FetchServer
from support import assert_valid_record
from test_crawl_sites import SiteServer, news_site, rss
from test_warc import WarcBuilder, article_html, mixed_warc

STORY = ("<html><head><title>Harbour works</title></head><body><h1>Harbour works</h1><p>"
         + "The harbour works will finish in September, the council said on Tuesday. " * 6
         + "</p></body></html>").encode()
FAST = ["--allow-private", "--delay", "0", "--timeout", "5", "--user-agent", "testbot/1 (+http://t.example/)"]


def records(text: str) -> list[dict[str, Any]]:
    """Every line of ``text`` checked against docs/record.schema.json."""
    return [assert_valid_record(line) for line in text.splitlines() if line.strip()]


def page(body: bytes, name: str) -> Page:
    return Page(f"http://127.0.0.1/{name}", body, Origin(name))


# -- the record format, for every command ------------------------------------------------


def test_every_extract_line_validates_and_names_its_source(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_bytes(STORY)
    (folder / "empty.html").write_bytes(b"")
    result = CliRunner().invoke(app, ["extract", str(folder), str(tmp_path / "missing.html")])
    assert result.exit_code == 1
    lines = records(result.stdout)
    assert [line["run"]["source"] for line in lines] == [
        str(folder / "a.html"), str(folder / "empty.html"), str(tmp_path / "missing.html")]
    assert [line.get("error", {}).get("code") for line in lines] == [None, "empty_document", "unreadable"]
    single = CliRunner().invoke(app, ["extract", str(folder / "a.html")])
    assert assert_valid_record(json.dumps(json.loads(single.stdout)))["headline"] == "Harbour works"


def test_every_fetch_line_validates(fetch_server: FetchServer) -> None:
    urls = [fetch_server.url("127.0.0.1", path) for path in ("/charset/utf8", "/status/410", "/media/pdf")]
    result = CliRunner().invoke(app, ["fetch", *urls, *FAST])
    lines = {line["run"]["source"]: line for line in records(result.stdout)}
    assert lines[urls[0]]["run"]["fetch"]["status"] == 200 and "error" not in lines[urls[0]]
    assert lines[urls[1]]["error"] == {"code": "http_status", "type": "FetchError",
                                       "message": "the server answered HTTP 410"}
    assert lines[urls[2]]["error"]["code"] == "not_html"


def test_every_warc_line_validates_and_a_truncated_file_is_a_failure_line(tmp_path: Path) -> None:
    whole = mixed_warc(tmp_path / "m.warc.gz")
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 55 // 100])
    result = CliRunner().invoke(app, ["warc", str(whole), str(cut), "--page-timeout", "0"])
    assert result.exit_code == 1
    lines = records(result.stdout)
    assert {line["run"]["source"] for line in lines} == {str(whole), str(cut)}
    assert all(isinstance(line["run"].get("offset"), int) for line in lines if "error" not in line)
    cut_failures = [line for line in lines if line["run"]["source"] == str(cut) and "error" in line]
    assert cut_failures[-1]["error"]["code"] == "warc_format"


def test_a_brotli_warc_payload_is_decoded_through_the_warc_command(tmp_path: Path) -> None:
    import brotli

    builder = WarcBuilder()
    builder.response("https://news.example/br", brotli.compress(article_html("Brotli story").encode()),
                     [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")])
    path = builder.save(tmp_path / "br.warc.gz")
    result = CliRunner().invoke(app, ["warc", str(path)])
    (line,) = records(result.stdout)
    assert result.exit_code == 0 and line["headline"] == "Brotli story"


def test_every_crawl_line_validates_and_carries_fetch_and_crawl_facts(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    with SiteServer(news_site(4, sitemap=False)) as server:
        result = CliRunner().invoke(app, ["crawl", server.url, "-o", str(out), "--state", str(tmp_path / "c.db"),
                                          "--delay", "0", "--allow-private"])
    assert result.exit_code == 0, result.output
    lines = records(out.read_text())
    assert len(lines) == 4
    assert all(line["run"]["crawl"]["site"] == server.url + "/" for line in lines)
    assert all(line["run"]["fetch"]["status"] == 200 for line in lines)


def test_every_exception_type_has_a_documented_code() -> None:
    import extractor.errors
    import extractor.warc.errors

    for module in (extractor.errors, extractor.warc.errors):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, ExtractError) and value is not ExtractError:
                assert value.__name__ in CODE_OF_TYPE, value
    assert set(CODE_OF_TYPE.values()) <= set(ERROR_CODES)
    assert ExtractFailure(None, "KeyError", "boom").code == "internal_error"


# -- faults through the one runner ----------------------------------------------------------


@pytest.fixture
def misbehaving_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pool children whose extraction hangs on b"HANG" and dies on b"CRASH"."""
    monkeypatch.setattr(pool_module, "PAGE_CHILD_MODULE", "hanging_child")


@pytest.fixture
def misbehaving_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same misbehaviour in this process: a Python-level loop, and a bug that raises."""
    real = outcome_module.extract

    def extract(html: Any, *args: Any, **kwargs: Any) -> Any:
        if html == b"HANG":
            while True:
                time.sleep(0.01)
        if html == b"BUG":
            raise KeyError("a bug in extraction")
        return real(html, *args, **kwargs)

    monkeypatch.setattr(outcome_module, "extract", extract)


def outcomes(runner: Runner, bodies: list[bytes]) -> list[Extracted | ExtractFailure]:
    return list(runner.run(page(body, f"p{n}") for n, body in enumerate(bodies)))


def test_in_process_a_hanging_page_and_a_bug_cost_one_record_each(misbehaving_here: None) -> None:
    with Runner(page_timeout=0.5) as runner:
        got = outcomes(runner, [STORY, b"HANG", b"BUG", STORY])
    assert [getattr(o, "code", "article") for o in got] == ["article", "page_timeout", "internal_error", "article"]
    assert isinstance(got[2], ExtractFailure) and got[2].error_type == "KeyError"
    assert isinstance(got[1], ExtractFailure) and got[1].origin == Origin("p1")


def test_in_a_pool_a_hanging_page_and_a_crash_cost_one_record_each(misbehaving_children: None) -> None:
    with Runner(workers=2, page_timeout=1) as runner:
        got = outcomes(runner, [STORY, b"HANG", STORY, b"CRASH", STORY] * 2)
    codes = [getattr(o, "code", "article") for o in got]
    assert codes == ["article", "page_timeout", "article", "worker_crashed", "article"] * 2
    assert all(o.origin == Origin(f"p{n}") for n, o in enumerate(got) if isinstance(o, ExtractFailure))


def test_extraction_never_runs_on_the_event_loop(misbehaving_here: None) -> None:
    # A page stuck in extraction must not hold up the loop: a timer on the loop keeps ticking.
    import asyncio

    async def run() -> tuple[list[Extracted | ExtractFailure], int]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        ticker = asyncio.ensure_future(tick())
        with Runner(page_timeout=0.6) as runner:
            got = await runner.extract_async((page(b"HANG", "h"),))
        ticker.cancel()
        return got, ticks

    got, ticks = asyncio.run(run())
    assert isinstance(got[0], ExtractFailure) and got[0].code == "page_timeout" and ticks >= 5


def test_on_dask_a_fetched_page_that_hangs_costs_one_record(
    misbehaving_children: None, fetch_server: FetchServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dask

    from extractor.dask import fetch_urls
    from extractor.fetcher import FetchOptions
    import extractor.runs.fetching as fetching

    real = fetching.fetched_page

    def hanging_page(result: Any, crawl: Any = None) -> Any:
        made = real(result, crawl)
        return Page(made.url, b"HANG", made.origin) if isinstance(made, Page) and result.url.endswith("/stuck") else made

    monkeypatch.setattr(fetching, "fetched_page", hanging_page)
    urls = [fetch_server.url("127.0.0.1", path) for path in ("/dask/1", "/dask/stuck", "/dask/2")]
    with dask.config.set(scheduler="sync"):
        (report,) = fetch_urls(urls, tmp_path / "out", npartitions=1, page_timeout=0.5,
                               fetch_options=FetchOptions(allow_private=True, delay=0)).compute()
    lines = records((tmp_path / "out" / report.jsonl).read_text())
    codes = {line["run"]["source"]: line.get("error", {}).get("code") for line in lines}
    assert codes == {urls[0]: None, urls[1]: "page_timeout", urls[2]: None}


def _fetch_and_extract(pages: list[Page], runner: Runner, fetched_all: Any = None) -> list[str]:
    """Lines of ``pages`` through the fetch command's loop, the pages coming as fast as asked;
    ``fetched_all`` is set once the last one has come."""
    import asyncio
    import io
    from typing import AsyncIterator

    from extractor.runs.fetching import BatchStats, LineWriter, extract_while_fetching

    async def source() -> AsyncIterator[Page]:
        for item in pages:
            yield item
        if fetched_all is not None:
            fetched_all.set()

    sink = io.StringIO()
    asyncio.run(extract_while_fetching(source(), LineWriter(sink, BatchStats(), None), runner))
    return sink.getvalue().splitlines()


def test_in_process_a_batch_takes_every_page_that_came_while_the_last_one_ran(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from extractor.runs.runner import IN_PROCESS_BATCH

    count = 3 * IN_PROCESS_BATCH + 1
    fetched_all = threading.Event()
    batches: list[int] = []
    real = Runner.extract_batch

    def extract_batch(self: Runner, pages: Any) -> Any:
        if not batches:  # the first page waits until every other one has been fetched
            fetched_all.wait(timeout=30)
        batches.append(len(pages))
        return real(self, pages)

    monkeypatch.setattr(Runner, "extract_batch", extract_batch)
    with Runner(page_timeout=5) as runner:
        lines = _fetch_and_extract([page(STORY, f"p{n}") for n in range(count)], runner, fetched_all)
    assert len(lines) == count and all('"headline": "Harbour works"' in line for line in lines)
    assert batches == [1, IN_PROCESS_BATCH, IN_PROCESS_BATCH, IN_PROCESS_BATCH]


# -- output: checked first, appended safely, resumed exactly once -----------------------------


@pytest.mark.parametrize("command", [["extract", "PAGE"], ["fetch", "http://127.0.0.1:9/x"], ["warc", "PAGE"]])
def test_unwritable_output_is_a_usage_error_naming_the_path(command: list[str], tmp_path: Path) -> None:
    page_path = tmp_path / "p.html"
    page_path.write_bytes(STORY)
    args = [str(page_path) if part == "PAGE" else part for part in command]
    for target in (tmp_path / "no" / "such" / "out.jsonl", tmp_path):
        result = CliRunner().invoke(app, [*args, "-o", str(target)])
        assert result.exit_code == 2 and str(target) in result.output


def test_an_unwritable_fetch_output_makes_no_request(fetch_server: FetchServer, tmp_path: Path) -> None:
    url = fetch_server.url("127.0.0.1", "/never-asked")
    result = CliRunner().invoke(app, ["fetch", url, "-o", str(tmp_path / "missing" / "o.jsonl"), *FAST])
    assert result.exit_code == 2 and not fetch_server.requests("127.0.0.1", "/never-asked")


def test_check_output_names_what_is_wrong(tmp_path: Path) -> None:
    existing = tmp_path / "o.jsonl"
    existing.write_text("{}\n")
    with pytest.raises(OutputError, match="--overwrite"):
        check_output(existing, "new")
    check_output(existing, "append")
    check_output(existing, "overwrite")
    with pytest.raises(OutputError, match="does not exist"):
        check_output(tmp_path / "nowhere" / "o.jsonl", "new")
    with pytest.raises(OutputError, match="is a directory"):
        check_output(tmp_path, "new")


def test_an_existing_output_is_refused_unless_overwritten(tmp_path: Path) -> None:
    source, out = tmp_path / "p.html", tmp_path / "o.jsonl"
    source.write_bytes(STORY)
    out.write_text("precious\n")
    refused = CliRunner().invoke(app, ["extract", str(source), "-o", str(out)])
    assert refused.exit_code == 2 and out.read_text() == "precious\n"
    replaced = CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--overwrite"])
    assert replaced.exit_code == 0 and records(out.read_text())[0]["headline"] == "Harbour works"


def test_a_half_line_is_cut_before_appending(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text('{"a": 1}\n{"b": 2}\n{"cut sho')
    assert cut_partial_line(out) == len('{"cut sho')
    with open_output(out, "append") as stream:
        stream.write('{"c": 3}\n')
    assert out.read_text() == '{"a": 1}\n{"b": 2}\n{"c": 3}\n'
    only_fragment = tmp_path / "f.jsonl"
    only_fragment.write_text('{"never')
    assert cut_partial_line(only_fragment) == 7 and only_fragment.read_text() == ""


def test_a_killed_fetch_resumed_has_every_url_exactly_once(fetch_server: FetchServer, tmp_path: Path) -> None:
    urls = [fetch_server.url("127.0.0.1", f"/killed/{n}") for n in range(6)]
    listing, out = tmp_path / "urls.txt", tmp_path / "o.jsonl"
    listing.write_text("\n".join(urls) + "\n")
    first = CliRunner().invoke(app, ["fetch", "-i", str(listing), "-o", str(out), *FAST])
    assert first.exit_code == 0
    # A kill mid-write: the last two URLs never written, the one before them half written.
    kept = out.read_text().splitlines(keepends=True)[:4]
    out.write_text("".join(kept[:3]) + kept[3][: len(kept[3]) // 2])
    second = CliRunner().invoke(app, ["fetch", "-i", str(listing), "-o", str(out), "--resume", *FAST])
    assert second.exit_code == 0
    sources = [line["run"]["source"] for line in records(out.read_text())]
    assert sorted(sources) == sorted(urls)


def test_resume_retries_transient_failures_up_to_the_limit(fetch_server: FetchServer, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    slow, gone = fetch_server.url("127.0.0.1", "/trickle?resume"), fetch_server.url("127.0.0.1", "/status/404")
    args = ["fetch", slow, gone, "-o", str(out), "--timeout", "0.3", "--allow-private", "--delay", "0",
            "--user-agent", "t/1 (+http://t.example/)", "--retries", "2"]
    CliRunner().invoke(app, args)
    for _ in range(2):
        CliRunner().invoke(app, [*args, "--resume"])
    codes = [(line["run"]["source"], line["error"]["code"]) for line in records(out.read_text())]
    assert codes.count((slow, "timeout")) == 2, "tried twice, then given up"
    assert codes.count((gone, "http_status")) == 1, "a 404 is never retried"


def test_a_crawl_killed_mid_line_loses_no_story(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text('{"half a story')
    with SiteServer(news_site(3, sitemap=False)) as server:
        from extractor.crawler import CrawlOptions, crawl
        from extractor.fetcher import FetchOptions

        crawl([server.url], out, state=tmp_path / "c.db",
              options=CrawlOptions(fetch=FetchOptions(allow_private=True, delay=0, retries=0)))
    assert len(records(out.read_text())) == 3


# -- crawl: honest exit codes and summaries -------------------------------------------------


def test_an_unreachable_site_is_a_failure_with_exit_one_and_its_error_in_status(tmp_path: Path) -> None:
    state, out = str(tmp_path / "c.db"), str(tmp_path / "o.jsonl")
    result = CliRunner().invoke(app, ["crawl", "http://127.0.0.1:9/", "--allow-private", "-o", out,
                                      "--state", state, "--delay", "0"], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "connect" in result.output
    status = CliRunner().invoke(app, ["crawl", "--status", "--state", state], env={"COLUMNS": "300"})
    row = next(line for line in status.output.splitlines() if "127.0.0.1" in line)
    assert "connect" in row and "never" in row  # no last success


def test_feed_items_the_url_classifier_skips_are_counted_and_can_be_kept(tmp_path: Path) -> None:
    site = news_site(2, sitemap=False)
    site.put("/rss.xml", rss(site.stories + [("/nolta/", "Nolta", site.stories[-1][2])]), "rss")
    from dataclasses import replace

    from extractor.crawler import CrawlOptions, CrawlState, crawl
    from extractor.fetcher import FetchOptions

    options = CrawlOptions(fetch=FetchOptions(allow_private=True, delay=0, retries=0))
    with SiteServer(site) as server:
        (report,) = crawl([server.url], tmp_path / "o.jsonl", state=tmp_path / "c.db", options=options)
        assert sum(report.skipped.values()) == 1 and not server.requests("/nolta/")
        with CrawlState(tmp_path / "c.db") as state:
            assert list(state.skipped_reasons(server.url + "/")) == [server.url + "/nolta/"]
        crawl([server.url], tmp_path / "o2.jsonl", state=tmp_path / "c2.db",
              options=replace(options, keep_feed_items=True))
        assert server.requests("/nolta/")


# -- CLI habits -------------------------------------------------------------------------------


def test_help_shows_defaults_and_no_bool_metavar() -> None:
    for command in ("extract", "fetch", "warc", "crawl"):
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0 and "<bool>" not in result.output and "BOOLEAN" not in result.output
    fetch_help = CliRunner().invoke(app, ["fetch", "--help"], env={"COLUMNS": "120"}).output
    assert "[default: 32" in fetch_help and "--resume " in fetch_help


def test_text_format_separates_articles_and_sends_errors_to_stderr(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.html").write_bytes(STORY)
    (tmp_path / "c.html").write_bytes(b"")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--format", "text"])
    assert result.exit_code == 1
    assert result.stdout.count("==> ") == 2 and f"==> {tmp_path / 'b.html'} <==" in result.stdout
    assert "empty_document" in result.stderr and "empty_document" not in result.stdout


def test_extract_max_bytes_refuses_without_reading_and_writes_to_output(tmp_path: Path) -> None:
    big, out = tmp_path / "big.html", tmp_path / "o.jsonl"
    big.write_bytes(STORY)
    result = CliRunner().invoke(app, ["extract", str(big), "--max-bytes", "100", "-o", str(out)])
    (line,) = records(out.read_text())
    assert result.exit_code == 1 and line["error"]["code"] == "too_large"


def test_placeholder_user_agent_is_warned_about(fetch_server: FetchServer) -> None:
    url = fetch_server.url("127.0.0.1", "/ua-warning")
    plain = CliRunner().invoke(app, ["fetch", url, "--allow-private", "--delay", "0"])
    assert "placeholder" in plain.stderr
    named = CliRunner().invoke(app, ["fetch", url, *FAST])
    assert "placeholder" not in named.stderr


def test_progress_is_a_bar_when_the_count_is_known() -> None:
    from rich.console import Console
    from rich.progress import BarColumn, SpinnerColumn

    known = progress_display(Console(), 10).columns
    unknown = progress_display(Console(), None).columns
    assert any(isinstance(c, BarColumn) for c in known) and not any(isinstance(c, SpinnerColumn) for c in known)
    assert any(isinstance(c, SpinnerColumn) for c in unknown)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_mid_run_is_a_usage_error_naming_the_output(fetch_server: FetchServer, tmp_path: Path) -> None:
    source = tmp_path / "p.html"
    source.write_bytes(STORY)
    extract = CliRunner().invoke(app, ["extract", str(source), "-o", "/dev/full", "--overwrite"])
    assert extract.exit_code == 2 and "/dev/full: cannot write" in extract.output
    url = fetch_server.url("127.0.0.1", "/disk-full")
    fetch = CliRunner().invoke(app, ["fetch", url, "-o", "/dev/full", "--overwrite", *FAST])
    assert fetch.exit_code == 2 and "/dev/full: cannot write" in fetch.output


def test_extract_in_worker_processes_gives_the_same_records(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"{n}.html").write_bytes(STORY.replace(b"Harbour works", b"Harbour works %d" % n))
    (tmp_path / "5.html").write_bytes(b"")
    here = CliRunner().invoke(app, ["extract", str(tmp_path)])
    pooled = CliRunner().invoke(app, ["extract", str(tmp_path), "--workers", "2"])
    assert here.exit_code == pooled.exit_code == 1
    assert records(here.stdout) == records(pooled.stdout)


def test_a_child_that_died_idle_is_replaced_without_blaming_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Any] = []
    real_start = pool_module.ExtractionProcess.start

    def start(module: str) -> Any:
        child = real_start(module)
        started.append(child)
        return child

    monkeypatch.setattr(pool_module.ExtractionProcess, "start", start)
    with Runner(workers=1, page_timeout=5) as runner:
        assert [getattr(o, "code", "article") for o in outcomes(runner, [STORY])] == ["article"]
        os.kill(started[0].pid, signal.SIGKILL)
        started[0].process.wait()
        got = outcomes(runner, [STORY, STORY])
    assert [getattr(o, "code", "article") for o in got] == ["article", "article"]
    assert len(started) == 2
