"""``extractor fetch`` end to end against the loopback test server (127.0.0.1 only)."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from extractor.cli import app
from extractor.fetcher import FetchOptions
from extractor.runs.fetching import (
    NO_ROBOTS_WARNING,
    BatchStats,
    fetch_to_jsonl,
)
from extractor.runs.output import finished_sources, source_key

from fetch_server import FetchServer

FAST = ["--allow-private", "--delay", "0", "--timeout", "5"]


def local(fetch_server: FetchServer, path: str) -> str:
    return fetch_server.url("127.0.0.1", path)


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_urls_give_one_line_each_with_articles_and_errors(fetch_server: FetchServer) -> None:
    good, bad = local(fetch_server, "/charset/utf8"), local(fetch_server, "/status/410")
    result = CliRunner().invoke(app, ["fetch", good, bad, *FAST])
    assert result.exit_code == 1
    records = {r["run"]["source"]: r for r in lines(result.stdout)}
    assert "Zürich" in records[good]["headline"] and records[good]["run"]["fetch"]["status"] == 200
    assert records[bad]["error"] == {
        "code": "http_status",
        "type": "FetchError",
        "message": "the server answered HTTP 410",
    }
    # Not a terminal: no progress bar, no summary; only the placeholder User-Agent warning.
    assert result.stderr.replace("\n", " ").startswith("warning: the User-Agent names the placeholder")


def test_input_file_output_file_and_resume(fetch_server: FetchServer, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    out = tmp_path / "out.jsonl"
    listing.write_text(
        f"{local(fetch_server, '/resume/1')}\n\n# skipped\n{local(fetch_server, '/resume/2')}\n"
    )
    first = CliRunner().invoke(app, ["fetch", "-i", str(listing), "-o", str(out), *FAST])
    assert first.exit_code == 0 and len(lines(out.read_text())) == 2
    with listing.open("a") as handle:
        handle.write(local(fetch_server, "/resume/3") + "\n")
    second = CliRunner().invoke(
        app, ["fetch", "-i", str(listing), "-o", str(out), "--resume", *FAST]
    )
    assert second.exit_code == 0
    urls = [r["run"]["source"] for r in lines(out.read_text())]
    assert sorted(urls) == sorted(local(fetch_server, f"/resume/{i}") for i in (1, 2, 3))
    assert len(fetch_server.requests("127.0.0.1", "/resume/1")) == 1


def test_stdin_input(fetch_server: FetchServer) -> None:
    stdin = local(fetch_server, "/stdin/1") + "\n" + local(fetch_server, "/stdin/2") + "\n"
    result = CliRunner().invoke(app, ["fetch", "-i", "-", *FAST], input=stdin)
    assert result.exit_code == 0 and len(lines(result.stdout)) == 2


def test_extraction_in_worker_processes(fetch_server: FetchServer) -> None:
    urls = [local(fetch_server, f"/workers/{i}") for i in range(6)] + [
        local(fetch_server, "/media/pdf")
    ]
    result = CliRunner().invoke(app, ["fetch", *urls, "--workers", "2", *FAST])
    records = lines(result.stdout)
    assert result.exit_code == 1 and len(records) == 7
    assert sum(1 for r in records if r.get("headline", "").startswith("Page /workers/")) == 6
    assert [r["error"]["code"] for r in records if "error" in r] == ["not_html"]


def test_no_robots_is_loud_even_when_quiet(fetch_server: FetchServer) -> None:
    before = len(fetch_server.requests("127.0.0.1", "/robots.txt"))
    result = CliRunner().invoke(
        app, ["fetch", local(fetch_server, "/loud"), "--no-robots", "--quiet", *FAST]
    )
    assert result.exit_code == 0 and NO_ROBOTS_WARNING in result.stderr.replace("\n", " ")
    assert len(fetch_server.requests("127.0.0.1", "/robots.txt")) == before


def test_private_addresses_need_the_flag(fetch_server: FetchServer) -> None:
    result = CliRunner().invoke(app, ["fetch", local(fetch_server, "/guarded"), "--delay", "0"])
    error = lines(result.stdout)[0]["error"]
    assert error["code"] == "blocked_address" and "--allow-private" in error["message"]
    assert not fetch_server.requests("127.0.0.1", "/guarded")


def test_save_raw_and_cache(fetch_server: FetchServer, tmp_path: Path) -> None:
    warc, cache = tmp_path / "raw.warc.gz", tmp_path / "cache"
    url = local(fetch_server, "/cached?id=cli&cc=max-age=60")
    for _ in range(2):
        result = CliRunner().invoke(
            app, ["fetch", url, "--save-raw", str(warc), "--cache", str(cache), *FAST]
        )
        assert result.exit_code == 0
    assert fetch_server.counters["/cached?id=cli&cc=max-age=60"] == 1
    assert (cache / "http-cache.sqlite3").exists()
    with warc.open("rb") as stream:
        uris = [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert uris.count(url) == 1


def test_usage_errors() -> None:
    assert CliRunner().invoke(app, ["fetch"]).exit_code == 2
    assert CliRunner().invoke(app, ["fetch", "http://x.example/", "--resume"]).exit_code == 2


def test_progress_summary_table(
    fetch_server: FetchServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sink = io.StringIO()
    urls = [local(fetch_server, "/summary/1"), local(fetch_server, "/status/404")]
    options = FetchOptions(allow_private=True, delay=0)
    stats = asyncio.run(fetch_to_jsonl(urls, sink, options=options, progress=True))
    assert (stats.done, stats.failed, dict(stats.errors)) == (2, 1, {"http_status": 1})
    err = capsys.readouterr().err
    assert "articles written" in err and "failed: http_status" in err


def test_resume_set_reads_both_line_kinds(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text(
        '{"headline": "x", "run": {"source": "http://a/1"}}\n'
        '{"url": "http://a/2", "error": {"code": "http_status"}, "run": {"source": "http://a/2"}}\n'
        '{"url": "http://a/3", "error": {"code": "timeout"}, "run": {"source": "http://a/3"}}\n{"trunc'
    )
    # Finished: the article and the permanent failure; the timeout is tried again.
    assert finished_sources(out) == {source_key("http://a/1"), source_key("http://a/2")}
    assert finished_sources(out, retries=1) == {source_key(f"http://a/{n}") for n in (1, 2, 3)}


def test_stats_rate_and_table() -> None:
    stats = BatchStats()
    stats.count(None)
    stats.count("timeout")
    assert stats.failed == 1 and stats.rate > 0 and stats.table().row_count == 4


def test_limits_and_identity_flags_reach_the_fetcher(fetch_server: FetchServer) -> None:
    base = ["--allow-private", "--delay", "0", "--concurrency", "2", "--per-host", "2"]
    big = CliRunner().invoke(
        app, ["fetch", local(fetch_server, "/flags/big"), "--max-bytes", "100", *base]
    )
    assert lines(big.stdout)[0]["error"]["code"] == "too_large"
    slow = CliRunner().invoke(
        app, ["fetch", local(fetch_server, "/trickle?cli"), "--timeout", "0.4", *base]
    )
    assert lines(slow.stdout)[0]["error"]["code"] == "timeout"
    who = CliRunner().invoke(
        app, ["fetch", local(fetch_server, "/flags/ua"), "--user-agent", "mybot/2.0", *base]
    )
    assert who.exit_code == 0
    assert fetch_server.requests("127.0.0.1", "/flags/ua")[0].headers["user-agent"] == "mybot/2.0"
