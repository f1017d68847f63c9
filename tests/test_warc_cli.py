"""``extractor warc``: JSON Lines out, a summary on stderr, exit code 1 when pages failed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.warc.batch import run_warcs
from support import assert_valid_record
from test_warc import WarcBuilder, mixed_warc
from test_warc_worker import LIMIT, offset_of, pages_around_a_huge_one

runner = CliRunner()


def clean_warc(path: Path) -> Path:
    return (
        WarcBuilder()
        .html("https://news.example/1", "First story")
        .html("https://news.example/2", "Second story")
        .save(path)
    )


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_clean_files_give_one_article_per_line_and_exit_0(tmp_path: Path) -> None:
    result = runner.invoke(app, ["warc", str(clean_warc(tmp_path / "a.warc.gz"))])
    assert result.exit_code == 0, result.output
    records = lines(result.stdout)
    assert [r["headline"] for r in records] == ["First story", "Second story"]
    assert [r["url"] for r in records] == ["https://news.example/1", "https://news.example/2"]
    assert "2 records: 2 articles, 0 failed, 0 skipped" in result.stderr


def test_failures_are_lines_too_and_exit_1(tmp_path: Path) -> None:
    files = [str(mixed_warc(tmp_path / "m.warc.gz")), str(clean_warc(tmp_path / "c.warc"))]
    result = runner.invoke(app, ["warc", *files, "--page-timeout", "0"])
    assert result.exit_code == 1
    records = lines(result.stdout)
    assert len(records) == 8
    errors = [r["error"]["type"] for r in records if "error" in r]  # type: ignore[index]
    assert sorted(errors) == ["ContentDecodingError", "EmptyDocumentError"]
    assert "12 records: 6 articles, 2 failed, 4 skipped" in result.stderr


def test_output_file_and_both_readers_agree(tmp_path: Path) -> None:
    source = str(mixed_warc(tmp_path / "m.warc.gz"))
    outputs = []
    for reader in ("warcio", "fastwarc"):
        target = tmp_path / f"{reader}.jsonl"
        result = runner.invoke(app, ["warc", source, "--reader", reader, "-o", str(target)])
        assert result.exit_code == 1 and result.stdout == ""
        outputs.append(target.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == 6


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["warc", str(clean_warc(tmp_path / "a.warc.gz"))])
    assert result.stderr.splitlines() == ["2 records: 2 articles, 0 failed, 0 skipped"]


def test_progress_bar_draws_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    path = clean_warc(tmp_path / "a.warc.gz")
    stats = run_warcs([path], out, progress=True)
    assert stats.articles == 2 and len(out.getvalue().splitlines()) == 2
    drawn = capsys.readouterr().err
    assert "2 articles" in drawn and "100%" not in out.getvalue()


def test_missing_file_is_a_failure_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["warc", str(tmp_path / "gone.warc.gz")])
    assert result.exit_code == 1
    (record,) = lines(result.stdout)
    assert record["error"]["type"] == "FileNotFoundError"  # type: ignore[index]


def test_workers_and_scheduler_together_is_a_usage_error(tmp_path: Path) -> None:
    path = str(clean_warc(tmp_path / "a.warc.gz"))
    result = runner.invoke(app, ["warc", path, "--workers", "2", "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2
    assert "not both" in result.stderr


def placed_failures(result_stdout: str) -> dict[str, dict[str, object]]:
    """The run object of every failure line by URL, every line checked against the schema."""
    records = [assert_valid_record(line) for line in result_stdout.splitlines()]
    return {str(r["url"]): r["run"] for r in records if "error" in r}


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["in-process", "local-cluster"])
def test_every_failure_line_names_its_file_and_offset(workers: list[str], tmp_path: Path) -> None:
    huge = pages_around_a_huge_one(tmp_path / "huge.warc.gz")
    mixed = mixed_warc(tmp_path / "m.warc.gz")
    result = runner.invoke(app, ["warc", str(huge), str(mixed), "--page-timeout", f"{LIMIT:g}",
                                 "--records-per-task", "2", *workers])
    assert result.exit_code == 1
    failures = placed_failures(result.stdout)
    stopped, broken_gzip, empty = ("https://news.example/huge", "https://news.example/broken-gzip",
                                   "https://news.example/empty")
    assert failures == {
        stopped: {"source": str(huge), "offset": offset_of(huge, stopped)},
        broken_gzip: {"source": str(mixed), "offset": offset_of(mixed, broken_gzip)},
        empty: {"source": str(mixed), "offset": offset_of(mixed, empty)},
    }
