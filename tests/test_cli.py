"""The command line: a thin layer over extract(), with documented exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extractor import __version__
from extractor.cli import app

runner = CliRunner()
STORY = "".join(
    f"<p>Paragraph {i}: the harbour authority reported record cargo volumes for the third month running.</p>"
    for i in range(6)
)
PAGE = f"<html><head><title>Port record</title></head><body><article><h1>Port record</h1>{STORY}</article></body></html>"


def write_page(path: Path, html: str = PAGE) -> Path:
    path.write_text(html, encoding="utf-8")
    return path


def test_one_file_prints_one_json_object(tmp_path):
    result = runner.invoke(app, ["extract", str(write_page(tmp_path / "a.html"))])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "record cargo volumes" in data["body"]


def test_directory_prints_json_lines(tmp_path):
    write_page(tmp_path / "a.html")
    write_page(tmp_path / "sub" / "b.htm" if (tmp_path / "sub").mkdir() is None else tmp_path)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2


def test_stdin_and_url_option():
    result = runner.invoke(app, ["extract", "-", "--url", "https://port.example/news/1"], input=PAGE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["url"] == "https://port.example/news/1"


def test_text_format(tmp_path):
    result = runner.invoke(app, ["extract", str(write_page(tmp_path / "a.html")), "--format", "text"])
    assert result.exit_code == 0
    assert result.output.startswith("Port record")
    assert "{" not in result.output


def test_explain_flag_adds_dropped_blocks(tmp_path):
    page = PAGE.replace("<article>", "<div class='share-bar'>Share this on Facebook</div><article>")
    result = runner.invoke(app, ["extract", str(write_page(tmp_path / "a.html", page)), "--explain"])
    assert result.exit_code == 0
    dropped = json.loads(result.output)["explain"]["dropped"]
    assert any(d["rule"] == "share-bar" for d in dropped)


def test_failures_are_written_and_exit_one(tmp_path):
    good = write_page(tmp_path / "good.html")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.html"
    result = runner.invoke(app, ["extract", str(good), str(empty), str(missing)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert "record cargo" in lines[0]["body"]
    assert lines[1]["error"]["type"] == "EmptyDocumentError"
    assert lines[1]["run"]["source"] == str(empty)
    assert lines[2]["error"]["type"] == "FileNotFoundError"


def test_usage_error_exits_two():
    assert runner.invoke(app, ["extract"]).exit_code == 2
    assert runner.invoke(app, ["extract", "x.html", "--format", "xml"]).exit_code == 2


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output
