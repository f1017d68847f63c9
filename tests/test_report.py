"""The explain report: what it shows, that it is safe and bounded, the CLI option, and how it
renders in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode
from typer.testing import CliRunner

from extractor import EmptyDocumentError, ExtractError, ExtractOptions
from extractor.cli import app
from extractor.html import parse
from extractor.report import MAX_BLOCK_CHARS, MAX_BLOCKS, _rule_drops, build_report, render_report, report_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

STORY = "".join(
    f"<p>Paragraph {i}: the harbour authority reported record cargo volumes, "
    "and the dockers' union asked for a share of the gains.</p>"
    for i in range(5)
)
PAGE = (
    "<html><head><title>Port record | Harbour News</title>"
    '<meta property="og:title" content="Harbour sets a cargo record">'
    '<meta property="article:published_time" content="not a date at all"></head><body>'
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/sport'>Sport pages</a></li></ul></nav>"
    "<article><h1>Port record</h1>"
    f"{STORY}"
    "<p>The chairman spoke <span style='display:none'>HIDDEN TRACKER WORDS</span> at length about the "
    "new cranes, the dredging of the channel and the night shifts that keep the quays busy.</p>"
    "</article>"
    "<div id='comments'><p>First comment: what a fine harbour, I have sailed there many times myself.</p></div>"
    "</body></html>"
)


def part(row: LexborNode, selector: str) -> str:
    """The text of a report row's cell (``.text`` or ``.why``)."""
    cell = row.css_first(selector)
    assert cell is not None, row.html
    return cell.text()


def rows(report: str, status: str) -> list[str]:
    return [part(row, ".text") for row in LexborHTMLParser(report).css(f".row.{status}")]


def test_blocks_are_in_page_order_with_kept_and_dropped_marked() -> None:
    report = render_report(PAGE)
    kept, dropped = rows(report, "kept"), rows(report, "dropped")
    assert any("Paragraph 0" in text for text in kept)
    assert "Home" in dropped and "First comment" in " ".join(dropped)
    order = [part(row, ".text") for row in LexborHTMLParser(report).css(".row")]
    assert order.index("Home") < next(i for i, t in enumerate(order) if "Paragraph 0" in t)
    assert next(i for i, t in enumerate(order) if "First comment" in t) == len(order) - 1


def test_dropped_blocks_are_struck_through_with_rule_and_evidence() -> None:
    tree = LexborHTMLParser(render_report(PAGE))
    reasons = [part(row, ".why") for row in tree.css(".row.dropped")]
    assert any(reason.startswith("navigation nav") and "tag <nav>" in reason for reason in reasons)
    assert any(reason.startswith("comments div#comments") for reason in reasons)
    assert {part(row, ".why") for row in tree.css(".row.kept, .row.left-out")} == {""}
    nav = [part(row, ".why") for row in tree.css(".row.dropped") if part(row, ".text") in ("Home", "Sport pages")]
    assert nav[0].startswith("navigation") and nav[1] == "same dropped element as above"
    style = tree.css_first("style")
    assert style is not None and ".dropped .text{text-decoration:line-through" in style.text()


def test_text_around_a_dropped_inline_element_stays_one_kept_block() -> None:
    """The pipeline joins the text around a removed <span>; the report must cut the block as
    the story did, or the paragraph would not be found in the body."""
    report = build_report(PAGE)
    chairman = [b for b in report.blocks if b.text.startswith("The chairman spoke")]
    assert [b.status for b in chairman] == ["kept"]
    hidden = [b for b in report.blocks if b.text == "HIDDEN TRACKER WORDS"]
    assert [b.status for b in hidden] == ["dropped"]
    assert report.article.explanation is not None
    assert report.article.explanation[hidden[0].drop or 0].rule == "hidden"
    assert report.blocks.index(hidden[0]) == report.blocks.index(chairman[0]) + 1


def test_a_drop_inside_a_drop_keeps_its_own_rule() -> None:
    page = PAGE.replace("<div id='comments'>", "<div id='comments'><div style='display:none'>Secret moderation note</div>")
    report = build_report(page)
    assert report.article.explanation is not None
    rules = {b.text: report.article.explanation[b.drop].rule for b in report.blocks if b.drop is not None}
    assert rules["Secret moderation note"] == "hidden"
    assert rules["First comment: what a fine harbour, I have sailed there many times myself."] == "comments"


def test_story_wrapped_in_a_page_form_is_kept_not_reported_as_a_call_to_action() -> None:
    """ASP.NET pages wrap the whole page in one <form>; the story's container is then the form
    that the call-to-action search finds around itself. It stays, so it is not a drop."""
    report = build_report(f'<html><body><form id="aspnetForm" action="/default.aspx">{STORY}</form></body></html>')
    assert report.article.explanation == ()
    assert [b.status for b in report.blocks] == ["kept"] * 5


def test_every_golden_page_has_its_drops_placed_and_its_body_kept() -> None:
    for source in sorted(FIXTURES.glob("*/source.html")):
        page = source.read_bytes()
        report = build_report(page)
        assert report.missing == (), source
        dropped = report.article.explanation or ()
        replayed = _rule_drops(parse(page, None, ExtractOptions()).tree, dropped)  # the rules' drops, found exactly
        assert len(replayed) == sum(1 for drop in dropped if drop.rule != "call-to-action"), source
        kept = [b.text for b in report.blocks if b.status == "kept"]
        assert "\n\n".join(kept) == report.article.body, source


def test_metadata_shows_provenance_and_rejected_candidates() -> None:
    tree = LexborHTMLParser(render_report(PAGE))
    cells = {row.css("td")[0].text(): [td.text() for td in row.css("td")[1:]] for row in tree.css("tr") if row.css("td")}
    value, source, rejected = cells["headline"]
    assert value in source  # the chosen title, cut from its raw value
    assert "Port record | Harbour News" in rejected
    assert "not a date at all" in cells["published"][2]  # the invalid date, and why it lost
    assert cells["authors"][0] == "none"


def test_hostile_page_text_is_escaped_and_nothing_can_load() -> None:
    page = (
        "<html><head><title>&lt;script&gt;alert('title')&lt;/script&gt;</title></head><body>"
        "<script>alert('real script')</script>"
        '<img src="http://tracker.example/pixel.gif" onerror="alert(1)">'
        "<div class='share\" onmouseover=\"alert(2)'><a href='https://x.example/'>Share on X</a></div>"
        "<article><p>&lt;script&gt;alert('in a block')&lt;/script&gt; and "
        "&lt;img src=https://evil.example/a.png&gt; are words of the story here, long enough to stay in it.</p>"
        f"{STORY}</article></body></html>"
    )
    report = render_report(page, url="https://news.example/a?x=<b>")
    tree = LexborHTMLParser(report)
    assert tree.css("script") == [] and tree.css("img") == [] and tree.css("iframe") == []
    for node in tree.root.traverse() if tree.root is not None else []:
        attributes = node.attributes
        assert not any(name.startswith("on") for name in attributes), node.html
        assert "src" not in attributes and "href" not in attributes, node.html
    assert "<script>alert('in a block')</script>" in " ".join(rows(report, "kept"))
    assert "alert('real script')" not in report
    assert "Content-Security-Policy" in report and "default-src 'none'" in report


def test_huge_page_is_bounded_and_says_so() -> None:
    long_paragraph = "<p>" + "Tides rise and fall, " * 5_000 + "</p>"
    many = "".join(f"<li>item {i} of a very long list</li>" for i in range(MAX_BLOCKS + 500))
    page = f"<html><body><article>{STORY}{long_paragraph}<ul>{many}</ul></article></body></html>"
    blocks = len(build_report(page).blocks)
    report = render_report(page)
    tree = LexborHTMLParser(report)
    assert blocks > MAX_BLOCKS + 500 and len(tree.css(".row")) == MAX_BLOCKS
    assert f"{blocks - MAX_BLOCKS:,} more blocks not shown" in report
    assert "characters in all]" in report and "This report is shortened" in report
    longest = max(len(part(row, ".text")) for row in tree.css(".row"))
    assert MAX_BLOCK_CHARS < longest < MAX_BLOCK_CHARS + 100
    twice = render_report(page.replace("<ul>", "<ul>" + many))
    assert abs(len(twice) - len(report)) < 100  # more blocks past the cap add nothing


_TAGS = st.sampled_from(["div", "p", "span", "article", "a", "li", "ul", "h1", "h2", "td", "br", "nav", "aside", "form"])
_PIECES = st.sampled_from([
    '<div class="share-bar">', '<span style="display:none">', '<div id="comments">', "<footer>",
    '<a href="/subscribe">', "<script>alert(1)</script>", "&lt;script&gt;", "<!--", "-->",
    "Paragraph text that reads like a story, with commas, clauses, and enough words to vote. ",
])  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    _TAGS.map(lambda t: f"<{t}>"), _TAGS.map(lambda t: f"</{t}>"), _PIECES, st.text(max_size=60),
), max_size=120))
def test_fuzz_tag_soup_gives_a_report_or_an_extract_error(parts: list[str]) -> None:
    page = "<html><body>" + "".join(parts)
    try:
        report = build_report(page)
    except ExtractError:
        return
    paragraphs = set(report.article.body.split("\n\n"))
    assert all(block.text in paragraphs for block in report.blocks if block.status == "kept")
    assert report.missing == ()
    tree = LexborHTMLParser(report_html(report))
    assert tree.css("script, img, [src], [href]") == []


def test_page_without_a_story_still_gets_a_report() -> None:
    report = render_report("<html><body><nav><a href='/'>Home</a></nav><p>Short.</p></body></html>")
    assert "no story was found" in report
    assert rows(report, "kept") == []


def test_refused_page_raises_the_extract_error() -> None:
    with pytest.raises(EmptyDocumentError):
        render_report(b"")


def test_explain_off_in_the_options_is_turned_on() -> None:
    report = build_report(PAGE, options=ExtractOptions(explain=False, quotes=False))
    assert report.article.explanation and report.article.quotes == ()


runner = CliRunner()


def test_cli_writes_the_report_and_still_prints_the_record(tmp_path: Path) -> None:
    page, out = tmp_path / "page.html", tmp_path / "report.html"
    page.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(page), "--report", str(out)])
    assert result.exit_code == 0, result.output
    assert "Paragraph 0" in json.loads(result.output)["body"]
    assert "Extraction report" in out.read_text(encoding="utf-8")


def test_cli_report_from_stdin_reads_the_page_once(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["extract", "-", "--report", str(out)], input=PAGE)
    assert result.exit_code == 0, result.output
    assert "Paragraph 0" in json.loads(result.output)["body"]
    assert rows(out.read_text(encoding="utf-8"), "kept")


def test_cli_report_refuses_several_pages_and_an_existing_file(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    several = runner.invoke(app, ["extract", str(tmp_path), "--report", str(out)])
    assert several.exit_code == 2 and "--report takes one page" in several.output
    out.write_text("keep me", encoding="utf-8")
    existing = runner.invoke(app, ["extract", str(tmp_path / "a.html"), "--report", str(out)])
    assert existing.exit_code == 2 and "--overwrite" in existing.output
    assert out.read_text(encoding="utf-8") == "keep me"
    replaced = runner.invoke(app, ["extract", str(tmp_path / "a.html"), "--report", str(out), "--overwrite"])
    assert replaced.exit_code == 0 and "Extraction report" in out.read_text(encoding="utf-8")
    onto_output = runner.invoke(app, ["extract", str(tmp_path / "a.html"), "--report", str(out), "-o", str(out),
                                      "--overwrite"])
    assert onto_output.exit_code == 2 and "also the --output file" in onto_output.output


@pytest.mark.parametrize("content, why", [(b"", "input is empty"), (b"<p>" + b"x" * 300, "larger than --max-bytes")])
def test_cli_refused_page_gets_no_report_and_a_failure_record(tmp_path: Path, content: bytes, why: str) -> None:
    page, out = tmp_path / "page.html", tmp_path / "report.html"
    page.write_bytes(content)
    result = runner.invoke(app, ["extract", str(page), "--report", str(out), "--max-bytes", "200"])
    assert result.exit_code == 1
    assert "no report written: " in result.output and why in result.output and not out.exists()


# A real browser: Debian's chromium (.ci/run installs it where apt can).

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip
#: Seconds one Chromium run may take (a cold start on a busy machine takes a few).
CHROMIUM_TIMEOUT = 120
#: Rows of the screenshot decoded: the report's header and metadata table are at the top.
DECODED_ROWS = 300


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no chromium on PATH (Debian: apt-get install chromium; .ci/run does it where apt is available)")


def run_chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, check=False,
    )


def png_colours(data: bytes, max_rows: int) -> set[bytes]:
    """The distinct pixels of the first ``max_rows`` rows of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", b""
    while offset < len(data):
        (length,), kind = struct.unpack(">I", data[offset:offset + 4]), data[offset + 4:offset + 8]
        chunk = data[offset + 8:offset + 8 + length]
        header = chunk if kind == b"IHDR" else header
        idat += chunk if kind == b"IDAT" else b""
        offset += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
    size = 3 if colour_type == 2 else 4
    stride = width * size
    raw = zlib.decompressobj().decompress(idat, (stride + 1) * min(height, max_rows))
    colours: set[bytes] = set()
    previous = bytearray(stride)
    for row in range(min(height, max_rows)):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        colours.update(bytes(line[i:i + size]) for i in range(0, stride, size))
        previous = line
    return colours


def test_png_decoder_tells_a_blank_image_from_a_drawn_one() -> None:
    def png(rows: list[bytes]) -> bytes:
        def chunk(kind: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        header = struct.pack(">IIBBBBB", len(rows[0]) // 3, len(rows), 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
    white = b"\x00" + b"\xff" * 6
    assert png_colours(png([white, white]), 10) == {b"\xff\xff\xff"}
    up_filtered = b"\x02" + b"\x00\x00\x00\x80\x00\x00"  # row 2 = row 1 + (0,0,0), (128,0,0)
    assert png_colours(png([white, up_filtered]), 10) == {b"\xff\xff\xff", b"\x7f\xff\xff"}


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    chromium()  # skips when there is none
    out = tmp_path / "report.html"
    out.write_text(render_report(PAGE), encoding="utf-8")
    dumped = run_chromium(tmp_path / "profile-dom", "--dump-dom", out.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = LexborHTMLParser(dumped.stdout)
    dropped = [part(row, ".text") for row in dom.css(".row.dropped")]
    assert "Home" in dropped and "HIDDEN TRACKER WORDS" in dropped
    reasons = " ".join(part(row, ".why") for row in dom.css(".row.dropped"))
    assert "navigation" in reasons and "hidden" in reasons and "comments" in reasons
    shot = tmp_path / "report.png"
    taken = run_chromium(tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1200,2000", out.as_uri())
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    assert len(png_colours(shot.read_bytes(), DECODED_ROWS)) > 10  # text, borders and shading, not a blank page
