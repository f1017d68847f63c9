"""The per-page time limit: a child process that is really killed, and a batch that goes on."""

from __future__ import annotations

import threading
from pathlib import Path

import psutil
import pytest

from extractor import Article, ExtractFailure, ExtractOptions, iter_warc
from extractor.warc import PageSandbox, WarcPage
from test_warc import PARAGRAPH, article_html, mixed_warc

SMALL = WarcPage(
    url="https://news.example/small",
    headers={"Content-Type": "text/html; charset=utf-8"},
    body=article_html("Small story").encode("utf-8"),
)

# About 5 MB of paragraphs: close to a second of extraction, so far beyond the tiny limits used
# below on any machine, however loaded.
HUGE = WarcPage(
    url="https://news.example/huge",
    headers={"Content-Type": "text/html"},
    body=(
        "<html><body><article>"
        + "".join(f"<p>{PARAGRAPH} {n}</p><div><span>x</span></div>" for n in range(20_000))
        + "</article></body></html>"
    ).encode("utf-8"),
)


def gone(pid: int) -> bool:
    return not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_page_past_the_limit_is_killed_recorded_and_the_next_page_still_works() -> None:
    with PageSandbox(ExtractOptions(), page_timeout=30) as sandbox:
        first = sandbox.extract(SMALL)
        assert isinstance(first, Article) and first.headline == "Small story"
        child = sandbox.pid
        assert child is not None

        sandbox.page_timeout = 0.05
        stuck = sandbox.extract(HUGE)
        assert isinstance(stuck, ExtractFailure)
        assert stuck.url == "https://news.example/huge"
        assert stuck.error_type == "PageTimeoutError"
        assert "0.05 s" in stuck.message
        assert gone(child), "the process working on the page must be killed, not left running"
        assert sandbox.pid is None

        sandbox.page_timeout = 30
        after = sandbox.extract(SMALL)
        assert isinstance(after, Article) and after.headline == "Small story"
        assert sandbox.pid not in (None, child)


def test_a_child_that_dies_mid_page_is_a_crash_record() -> None:
    with PageSandbox(ExtractOptions(), page_timeout=60) as sandbox:
        assert isinstance(sandbox.extract(SMALL), Article)
        pid = sandbox.pid
        assert pid is not None
        process = psutil.Process(pid)
        idle_cpu = sum(process.cpu_times()[:2])

        def kill_once_busy() -> None:
            # Kill only once the child is burning CPU on the huge page, so the kill lands
            # mid-page whatever the machine's speed.
            while sum(process.cpu_times()[:2]) < idle_cpu + 0.05:
                threading.Event().wait(0.005)
            process.kill()

        killer = threading.Thread(target=kill_once_busy)
        killer.start()
        crashed = sandbox.extract(HUGE)
        killer.join()
        assert isinstance(crashed, ExtractFailure)
        assert crashed.error_type == "ExtractorCrashedError"
        assert "-9" in crashed.message  # SIGKILL
        assert isinstance(sandbox.extract(SMALL), Article)


def test_a_child_killed_between_pages_does_not_fail_the_next_page() -> None:
    with PageSandbox(ExtractOptions()) as sandbox:
        assert isinstance(sandbox.extract(SMALL), Article)
        assert sandbox.pid is not None
        victim = psutil.Process(sandbox.pid)
        victim.kill()
        victim.wait(timeout=10)
        assert isinstance(sandbox.extract(SMALL), Article)


def test_close_stops_the_child() -> None:
    sandbox = PageSandbox(ExtractOptions())
    sandbox.extract(SMALL)
    pid = sandbox.pid
    assert pid is not None
    sandbox.close()
    assert gone(pid)
    sandbox.close()  # closing twice is harmless


def test_page_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="page_timeout"):
        PageSandbox(ExtractOptions(), page_timeout=0)


def test_iter_warc_under_a_time_limit_gives_the_same_output(tmp_path: Path) -> None:
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    in_process = [r.to_dict() for r in iter_warc(path)]
    limited = iter_warc(path, page_timeout=30)
    assert [r.to_dict() for r in limited] == in_process
    assert limited.stats.articles == 4
