"""WARC input: small archives written with warcio's writer, read back through iter_warc."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import brotli
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import extractor
from support import without_run
from extractor import Article, ExtractFailure, iter_warc
from extractor.warc import readers
from extractor.warc.payload import classify, decode_content, dechunk
from extractor.warc.records import SkipReason

PARAGRAPH = (
    "The harbour authority said on Tuesday that the new breakwater would be finished before "
    "the winter storms, after two years of delays caused by funding disputes and a shortage "
    "of stone from the northern quarries."
)


def article_html(title: str, extra: str = "", charset_meta: bool = True) -> str:
    """A small but real news page: headline and enough paragraphs to count as a story."""
    meta = '<meta charset="utf-8">' if charset_meta else ""
    paragraphs = "".join(f"<p>{PARAGRAPH} {extra} Part {n}.</p>" for n in range(4))
    return (
        f"<!doctype html><html><head>{meta}<title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright</footer></body></html>"
    )


@dataclass
class WarcBuilder:
    """Writes records with warcio, the way a crawler would."""

    gzip: bool = True
    buffer: io.BytesIO = field(default_factory=io.BytesIO)

    def __post_init__(self) -> None:
        self.writer = WARCWriter(self.buffer, gzip=self.gzip)

    def response(
        self, url: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK"
    ) -> WarcBuilder:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
        )
        self.writer.write_record(record)
        return self

    def html(self, url: str, title: str, extra: str = "") -> WarcBuilder:
        body = article_html(title, extra).encode("utf-8")
        return self.response(url, body, [("Content-Type", "text/html; charset=utf-8")])

    def request(self, url: str) -> WarcBuilder:
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        record = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0, http_headers=http
        )
        self.writer.write_record(record)
        return self

    def warcinfo(self) -> WarcBuilder:
        self.writer.write_record(self.writer.create_warcinfo_record("t.warc", {"software": "t"}))
        return self

    def raw(self, data: bytes) -> WarcBuilder:
        self.buffer.write(data)
        return self

    def save(self, path: Path) -> Path:
        path.write_bytes(self.buffer.getvalue())
        return path


def mixed_warc(path: Path, *, compressed: bool = True) -> Path:
    """HTML pages, non-HTML and non-response records, encodings, and broken records."""
    gz_page = gzip.compress(article_html("Gzipped story").encode("utf-8"))
    chunked = article_html("Chunked story").encode("utf-8")
    chunked_body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(chunked), chunked)
    latin = article_html("Caf\u00e9 owners protest", charset_meta=False).encode("cp1252")
    return (
        WarcBuilder(gzip=compressed)
        .warcinfo()
        .request("https://news.example/a")
        .html("https://news.example/a", "Plain story")
        .response(
            "https://news.example/gz", gz_page,
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        )
        .response(
            "https://news.example/chunked", chunked_body,
            [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
        )
        .response(
            "https://news.example/latin", latin,
            [("Content-Type", "text/html; charset=windows-1252")],
        )
        .response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                  [("Content-Type", "image/png")])
        .response("https://news.example/old", b"", [("Location", "/new")], status="301 Moved")
        .response(
            "https://news.example/broken-gzip", b"this is not gzip data at all",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        )
        .response("https://news.example/empty", b"", [("Content-Type", "text/html")])
        .save(path)
    )


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    return mixed_warc(tmp_path / "mixed.warc.gz")


def by_url(results: list[Article | ExtractFailure]) -> dict[str | None, Article | ExtractFailure]:
    return {result.url: result for result in results}


def test_every_html_response_becomes_an_article_under_its_target_uri(mixed: Path) -> None:
    results = by_url(list(iter_warc(mixed, reader="warcio")))
    for url, title in [
        ("https://news.example/a", "Plain story"),
        ("https://news.example/gz", "Gzipped story"),
        ("https://news.example/chunked", "Chunked story"),
    ]:
        article = results[url]
        assert isinstance(article, Article), article
        assert article.headline == title
        assert "breakwater would be finished" in article.body


def test_http_header_charset_decodes_the_page(mixed: Path) -> None:
    article = by_url(list(iter_warc(mixed, reader="warcio")))["https://news.example/latin"]
    assert isinstance(article, Article)
    assert article.headline == "Caf\u00e9 owners protest"
    assert article.encoding == "cp1252"


def test_non_html_and_non_response_records_are_skipped_and_counted(mixed: Path) -> None:
    run = iter_warc(mixed, reader="warcio")
    urls = {result.url for result in run}
    assert "https://news.example/logo.png" not in urls
    assert "https://news.example/old" not in urls
    assert run.stats.skipped == {"not_html": 1, "not_response": 2, "status": 1}
    assert run.stats.records == 10
    assert run.stats.articles == 4
    assert run.stats.failures == 2
    assert run.stats.skipped_total == 4
    assert run.stats.bytes_read == mixed.stat().st_size
    assert "4 articles, 2 failed, 4 skipped" in run.stats.summary()


def test_broken_records_become_failures_and_the_file_goes_on(mixed: Path) -> None:
    results = by_url(list(iter_warc(mixed, reader="warcio")))
    broken = results["https://news.example/broken-gzip"]
    assert isinstance(broken, ExtractFailure)
    assert broken.error_type == "ContentDecodingError"
    assert "gzip" in broken.message
    empty = results["https://news.example/empty"]
    assert isinstance(empty, ExtractFailure) and empty.error_type == "EmptyDocumentError"
    record = broken.to_dict()
    assert record["run"]["source"] == str(mixed) and record["run"]["offset"] > 0
    assert record == {
        "url": "https://news.example/broken-gzip",
        "error": {"code": "decode", "type": "ContentDecodingError", "message": broken.message},
        "run": {"source": str(mixed), "offset": record["run"]["offset"]},
    }


@pytest.mark.parametrize("reader", ["warcio", "fastwarc"])
@pytest.mark.parametrize("compressed", [True, False])
def test_br_and_stacked_payloads_are_decoded_by_both_readers(
    tmp_path: Path, reader: readers.ReaderName, compressed: bool
) -> None:
    page = article_html("Brotli story").encode("utf-8")
    path = (
        WarcBuilder(gzip=compressed)
        .response("https://news.example/br", brotli.compress(page),
                  [("Content-Type", "text/html"), ("Content-Encoding", "br")])
        .response("https://news.example/stacked", brotli.compress(gzip.compress(page)),
                  [("Content-Type", "text/html"), ("Content-Encoding", "gzip, br")])
        .save(tmp_path / ("br.warc.gz" if compressed else "br.warc"))
    )
    results = list(iter_warc(path, reader=reader))
    assert [(r.url, r.headline) for r in results if isinstance(r, Article)] == [
        ("https://news.example/br", "Brotli story"),
        ("https://news.example/stacked", "Brotli story"),
    ]


@pytest.mark.parametrize("reader", ["warcio", "fastwarc"])
def test_garbage_after_good_records_ends_with_one_format_failure(
    tmp_path: Path, reader: readers.ReaderName
) -> None:
    path = (
        WarcBuilder()
        .html("https://news.example/1", "First story")
        .html("https://news.example/2", "Second story")
        .raw(b"\x00\x01 this is where the disk ran out" * 20)
        .save(tmp_path / "cut.warc.gz")
    )
    run = iter_warc(path, reader=reader)
    results = list(run)
    assert [type(r).__name__ for r in results] == ["Article", "Article", "ExtractFailure"]
    last = results[-1]
    assert isinstance(last, ExtractFailure) and last.error_type == "WarcFormatError"
    assert str(path) in last.message and "https://news.example/2" in last.message
    assert (run.stats.records, run.stats.articles, run.stats.failures) == (2, 2, 1)


@pytest.mark.parametrize("reader", ["warcio", "fastwarc"])
@pytest.mark.parametrize("cut", [300, 1500])
def test_truncated_file_keeps_the_whole_records_and_fails_on_the_cut_one(
    tmp_path: Path, reader: readers.ReaderName, cut: int
) -> None:
    """Cut in the last payload (300) or in its WARC headers (1500): never a shorter page."""
    data = WarcBuilder(gzip=False).html("https://news.example/1", "Whole").html(
        "https://news.example/2", "Cut"
    ).buffer.getvalue()
    path = tmp_path / "truncated.warc"
    path.write_bytes(data[: len(data) - cut])
    results = list(iter_warc(path, reader=reader))
    assert [type(r).__name__ for r in results] == ["Article", "ExtractFailure"]
    failure = results[1]
    assert isinstance(failure, ExtractFailure) and failure.error_type == "WarcFormatError"
    assert str(path) in failure.message


def test_uncompressed_warc_reads_the_same_as_gzipped(tmp_path: Path) -> None:
    plain = mixed_warc(tmp_path / "m.warc", compressed=False)
    packed = mixed_warc(tmp_path / "m.warc.gz")
    as_dicts = [[without_run(r.to_dict()) for r in iter_warc(p, reader="warcio")]
                for p in (plain, packed)]
    assert as_dicts[0] == as_dicts[1]


def test_fastwarc_gives_the_same_output_as_warcio(mixed: Path) -> None:
    assert readers.fastwarc_available(), "fastwarc is in the test extra"
    outputs = {}
    for reader in ("warcio", "fastwarc"):
        run = iter_warc(mixed, reader=reader)
        outputs[reader] = ([r.to_dict() for r in run], run.stats.to_dict())
    assert outputs["warcio"] == outputs["fastwarc"]


def test_auto_reader_prefers_fastwarc_and_falls_back_to_warcio(
    monkeypatch: pytest.MonkeyPatch, mixed: Path
) -> None:
    assert readers.choose_reader("auto") == "fastwarc"
    monkeypatch.setattr(readers, "fastwarc_available", lambda: False)
    assert readers.choose_reader("auto") == "warcio"
    with pytest.raises(ValueError, match=r"news-extractor\[fast\]"):
        iter_warc(mixed, reader="fastwarc")
    # With FastWARC "missing", auto still reads the file, through warcio.
    assert sum(isinstance(r, Article) for r in iter_warc(mixed)) == 4


def test_unknown_reader_is_refused_up_front(mixed: Path) -> None:
    with pytest.raises(ValueError, match="unknown WARC reader"):
        iter_warc(mixed, reader="nope")  # type: ignore[call-overload]


def test_missing_file_is_a_failure_record(tmp_path: Path) -> None:
    run = iter_warc(tmp_path / "nowhere.warc.gz")
    results = list(run)
    assert len(results) == 1 and isinstance(results[0], ExtractFailure)
    assert results[0].error_type == "FileNotFoundError"
    assert "nowhere.warc.gz" in results[0].message
    assert run.stats.failures == 1


def test_not_a_warc_at_all_is_one_format_failure(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not an archive\n" * 5)
    for reader in ("warcio", "fastwarc"):
        results = list(iter_warc(path, reader=reader))
        assert [r.error_type for r in results if isinstance(r, ExtractFailure)] == [
            "WarcFormatError"
        ]


# Built once: record ids and dates are random, and Hypothesis needs the same bytes every run.
CORRUPTIBLE = WarcBuilder().html("https://news.example/a", "Plain").response(
    "https://news.example/gz", gzip.compress(article_html("Gzipped").encode("utf-8")),
    [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
).response("https://news.example/p.png", b"\x89PNG", [("Content-Type", "image/png")]).html(
    "https://news.example/b", "Last"
).buffer.getvalue()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0), flips=st.lists(st.integers(min_value=0), max_size=4))
def test_corrupted_archives_never_raise(tmp_path: Path, cut: int, flips: list[int]) -> None:
    data = bytearray(CORRUPTIBLE)
    for position in flips:
        data[position % len(data)] ^= 0x5A
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(bytes(data[: len(data) - cut % len(data)]))
    for reader in ("warcio", "fastwarc"):
        run = iter_warc(path, reader=reader)
        results = list(run)
        assert all(isinstance(r, (Article, ExtractFailure)) for r in results)
        assert run.stats.articles + run.stats.failures == len(results)


# -- payload decoding (pure functions) ---------------------------------------------------------


def test_dechunk_joins_chunks_and_passes_through_unchunked_data() -> None:
    assert dechunk(b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n") == b"Wikipedia"
    assert dechunk(b"<html>already decoded</html>") == b"<html>already decoded</html>"
    assert dechunk(b"4\nWiki\n3\nped") == b"Wikiped"  # bare LF, cut mid-chunk


def test_decode_content_handles_gzip_deflate_br_and_stacked() -> None:
    page = b"<p>" + b"x" * 5000 + b"</p>"
    assert decode_content(gzip.compress(page), "gzip", 10_000) == page
    assert decode_content(zlib.compress(page), "deflate", 10_000) == page
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = raw_deflate.compress(page) + raw_deflate.flush()
    assert decode_content(raw, "deflate", 10_000) == page
    assert decode_content(brotli.compress(page), "br", 10_000) == page
    assert decode_content(brotli.compress(gzip.compress(page)), "gzip, br", 10_000) == page
    assert decode_content(page, "identity", 10) == page
    with pytest.raises(extractor.ExtractError, match="unsupported Content-Encoding 'zstd'"):
        decode_content(page, "zstd", 10_000)


def test_decoded_payload_over_the_cap_is_document_too_large() -> None:
    page = b"<p>" + b"x" * 5000 + b"</p>"
    with pytest.raises(extractor.DocumentTooLargeError, match="max_bytes"):
        decode_content(gzip.compress(page), "gzip", 100)
    # Bytes after the gzip stream count too, so endless trailing data is refused, not read.
    with pytest.raises(extractor.DocumentTooLargeError):
        decode_content(gzip.compress(page) + bytes(20_000), "gzip", 10_000)


@pytest.mark.parametrize(
    ("record_type", "status", "content_type", "identified", "head", "expected"),
    [
        ("response", 200, "text/html; charset=utf-8", None, b"", None),
        ("response", 200, "application/xhtml+xml", None, b"", None),
        ("response", 200, "application/pdf", "text/html", b"<html>", SkipReason.NOT_HTML),
        ("response", 200, None, "text/html", b"%PDF", None),
        ("response", 200, None, None, b"  <!DOCTYPE html><html>", None),
        ("response", 200, None, None, b"%PDF-1.7", SkipReason.NOT_HTML),
        ("response", 404, "text/html", None, b"", SkipReason.STATUS),
        ("response", None, "text/html", None, b"", SkipReason.STATUS),
        ("request", None, None, None, b"", SkipReason.NOT_RESPONSE),
        ("revisit", 200, "text/html", None, b"", SkipReason.NOT_RESPONSE),
    ],
)
def test_classify(
    record_type: str, status: int | None, content_type: str | None, identified: str | None,
    head: bytes, expected: SkipReason | None,
) -> None:
    assert classify(record_type, status, content_type, identified, head) is expected


def test_urls_are_read_through_fsspec(mixed: Path) -> None:
    from_url = [without_run(r.to_dict()) for r in iter_warc(mixed.as_uri(), reader="warcio")]
    assert from_url == [without_run(r.to_dict()) for r in iter_warc(mixed, reader="warcio")]


def test_url_with_an_unknown_scheme_is_a_failure_record() -> None:
    results = list(iter_warc("nosuchscheme://bucket/file.warc.gz"))
    assert len(results) == 1 and isinstance(results[0], ExtractFailure)
    assert "nosuchscheme://bucket/file.warc.gz" in results[0].message
