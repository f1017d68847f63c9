"""A hostile little HTTP/1.1 server on loopback for the fetcher's tests.

It speaks raw HTTP over asyncio streams (no framework) because the interesting endpoints break
the protocol on purpose: bodies that trickle, lie about their length, never come, or explode
when decompressed. It listens on several loopback addresses (127.0.0.2, 127.0.0.3, ...) on one
port; `HOSTS` maps test host names to them, and `resolver()` hands that table to the fetcher so
no real DNS is ever asked. Every request is logged (host, path, headers, start time) so tests
can check politeness from the server's side.
"""

from __future__ import annotations

import asyncio
import gzip
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Awaitable, Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import brotli
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import pytest

from extractor.fetcher import static_resolver
from extractor.fetcher.addresses import Resolver

#: Test host name -> loopback address it resolves to (robots.txt behaviour in the comment).
HOSTS = {
    "news.test": "127.0.0.2",  # rules with wildcards, Disallow /private
    "other.test": "127.0.0.3",  # no robots.txt (404)
    "forbidden.test": "127.0.0.4",  # robots.txt 403: everything allowed
    "broken.test": "127.0.0.5",  # robots.txt 500: everything disallowed
    "bom.test": "127.0.0.6",  # robots.txt starting with a UTF-8 BOM
    "huge.test": "127.0.0.7",  # robots.txt over 500 KiB
    "slow.test": "127.0.0.8",  # robots.txt with Crawl-delay
    "hang.test": "127.0.0.9",  # robots.txt never answers
    "dawdle-a.test": "127.0.0.10",  # robots.txt trickles for about ROBOTS_DAWDLE seconds
    "dawdle-b.test": "127.0.0.11",  # the same
}

#: Seconds the dawdle hosts take to send their (valid, empty) robots.txt.
ROBOTS_DAWDLE = 1.0

BOMB_SIZE = 64 * 1024 * 1024
PAGE_TEXT = "The council met on Tuesday to discuss the new budget for the harbour. " * 8

ROBOTS = {
    "news.test": (
        "User-agent: *\n"
        "Disallow: /private\n"
        "Disallow: /*.pdf$\n"
        "Disallow: /search?*q=\n"
        "Allow: /private/open\n"
        "\n"
        "User-agent: otherbot\n"
        "Disallow: /\n"
    ),
    "bom.test": "\ufeffUser-agent: *\nDisallow: /secret\n",
    "huge.test": "User-agent: *\nDisallow: /early\n" + "# filler\n" * 70_000 + "Disallow: /late\n",
    "slow.test": "User-agent: *\nCrawl-delay: 0.4\nDisallow:\n",
}


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    started: float
    host: str = ""
    finished: float = 0.0

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.target).query).items()}


Writer = asyncio.StreamWriter
Handler = Callable[["FetchServer", Request, Writer], Awaitable[bool]]


def response_head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def send(
    writer: Writer, status: int, body: bytes = b"", content_type: str = "text/html", **extra: str
) -> bool:
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    writer.write(response_head(status, headers) + body)
    await writer.drain()
    return True


def page(title: str, text: str = PAGE_TEXT, head: str = "") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
        f"<p>{text}</p><p>{text}</p></article></body></html>"
    )


@lru_cache(maxsize=None)
def bomb(kind: str) -> bytes:
    zeros = b"\0" * BOMB_SIZE
    if kind == "gzip":
        return gzip.compress(zeros, compresslevel=9)
    if kind == "deflate":
        return zlib.compress(zeros, 9)
    return bytes(brotli.compress(zeros, quality=5))


# -- handlers: each writes one answer and says whether the connection may be reused ----------


async def robots(server: FetchServer, request: Request, writer: Writer) -> bool:
    host = request.host
    if host == "forbidden.test":
        return await send(writer, 403, b"no")
    if host == "broken.test":
        return await send(writer, 500, b"oops")
    if host == "hang.test":
        await asyncio.sleep(30)
        return False
    if host.startswith("dawdle-"):
        return await dawdle(writer, b"# no rules\n" * 10, ROBOTS_DAWDLE)
    text = ROBOTS.get(host)
    if text is None:
        return await send(writer, 404, b"not found")
    return await send(writer, 200, text.encode("utf-8"), "text/plain")


async def dawdle(writer: Writer, body: bytes, seconds: float) -> bool:
    """Sends ``body`` in ten equal parts spread over ``seconds`` (each read succeeds)."""
    writer.write(response_head(200, {"Content-Type": "text/plain", "Content-Length": str(len(body))}))
    part = len(body) // 10
    for start in range(0, len(body), part):
        await asyncio.sleep(seconds / 10)
        writer.write(body[start : start + part])
        await writer.drain()
    return True


async def charset_page(server: FetchServer, request: Request, writer: Writer) -> bool:
    name = request.path.rsplit("/", 1)[1]
    text = "Zürich café: naïve résumé — “quoted” «guillemets» ★"
    if name == "utf8":
        return await send(writer, 200, page(text).encode(), "text/html; charset=utf-8")
    if name == "latin1":
        body = page("Zürich café résumé").encode("latin-1")
        return await send(writer, 200, body, "text/html; charset=ISO-8859-1")
    if name == "cp1251":
        body = page("Москва новости").encode("cp1251")
        return await send(writer, 200, body, "text/html; charset=windows-1251")
    if name == "meta-sjis":
        body = page("東京のニュース", head='<meta charset="shift_jis">').encode("shift_jis")
        return await send(writer, 200, body, "text/html")
    return await send(writer, 404)


async def status(server: FetchServer, request: Request, writer: Writer) -> bool:
    code = int(request.path.rsplit("/", 1)[1])
    extra = {k: v for k, v in request.query.items() if k in ("Retry-After",)}
    return await send(writer, code, b"<html><body>status</body></html>", **extra)


async def flaky(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Fails ``fail`` times with ``code`` (Retry-After from the query), then serves a page."""
    seen = server.count(request.target)
    if seen <= int(request.query.get("fail", "1")):
        extra = {"Retry-After": request.query["after"]} if "after" in request.query else {}
        return await send(writer, int(request.query.get("code", "503")), b"busy", **extra)
    return await send(writer, 200, page("Recovered").encode())


async def redirect(server: FetchServer, request: Request, writer: Writer) -> bool:
    kind = request.path.split("/")[2]
    if kind == "chain":
        left = int(request.path.split("/")[3])
        target = f"/redirect/chain/{left - 1}" if left > 0 else "/charset/utf8"
    elif kind == "loop":
        target = "/redirect/loop"
    elif kind == "cross":
        target = f"http://other.test:{server.port}/charset/utf8"
    elif kind == "to":
        target = f"http://{request.query['host']}:{server.port}{request.query['path']}"
    elif kind == "ftp":
        target = "ftp://news.test/file"
    elif kind == "private":
        target = f"http://intranet.test:{server.port}/charset/utf8"
    else:
        target = "/charset/utf8"
    return await send(writer, 302, b"", Location=target)


async def refresh(server: FetchServer, request: Request, writer: Writer) -> bool:
    kind = request.path.rsplit("/", 1)[1]
    metas = {
        "now": '<meta http-equiv="refresh" content="0; url=/charset/utf8">',
        "quoted": "<meta content=\"1;URL='/charset/latin1'\" http-equiv=Refresh>",
        "noscript": '<noscript><meta http-equiv="refresh" content="0; url=/nojs"></noscript>',
        "reload": '<meta http-equiv="refresh" content="600">',
        "slow": '<meta http-equiv="refresh" content="600; url=/charset/utf8">',
    }
    return await send(writer, 200, page("Refresh", head=metas[kind]).encode())


async def trickle(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Sends a valid but endless body, one byte every 50 ms (each read succeeds)."""
    writer.write(response_head(200, {"Content-Type": "text/html", "Content-Length": "100000"}))
    for _ in range(2000):
        writer.write(b"x")
        await writer.drain()
        await asyncio.sleep(0.05)
    return False


async def hang(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Accepts the request and never answers."""
    await asyncio.sleep(30)
    return False


async def huge(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Streams up to 50 MiB with chunked encoding; counts what it managed to send."""
    writer.write(response_head(200, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"}))
    chunk = b"<p>" + b"a" * 65_000 + b"</p>"
    for _ in range(50 * 1024 * 1024 // len(chunk)):
        writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        await writer.drain()
        server.count(request.target)
    writer.write(b"0\r\n\r\n")
    await writer.drain()
    return False


async def declared_huge(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Announces 50 MiB, then sends them slowly (a client trusting nothing would read on)."""
    writer.write(response_head(200, {"Content-Type": "text/html", "Content-Length": str(50 << 20)}))
    for _ in range(100):
        writer.write(b"a" * 1024)
        await writer.drain()
        server.count(request.target)
        await asyncio.sleep(0.01)
    return False


async def lying_length(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Content-Length says 1,000 bytes; 200 KB follow."""
    writer.write(response_head(200, {"Content-Type": "text/html", "Content-Length": "1000"}))
    writer.write(b"<p>" + b"b" * 200_000)
    await writer.drain()
    return False


async def short_body(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Content-Length says 10,000 bytes; 10 come, then the connection closes."""
    writer.write(response_head(200, {"Content-Type": "text/html", "Content-Length": "10000"}))
    writer.write(b"<p>short</p>")
    await writer.drain()
    return False


def encode_page(raw: bytes, encoding: str) -> bytes:
    """``raw`` compressed as named in the URL (``raw-deflate``: no zlib header; ``corrupt``)."""
    if encoding == "gzip":
        return gzip.compress(raw)
    if encoding == "deflate":
        return zlib.compress(raw)
    if encoding == "raw-deflate":
        return zlib.compress(raw)[2:-4]
    if encoding == "br":
        return bytes(brotli.compress(raw))
    return b"\x1f\x8b\x08\x00garbage-not-gzip"


async def compressed(server: FetchServer, request: Request, writer: Writer) -> bool:
    kind = request.path.split("/")[2]
    encoding = request.path.split("/")[3]
    if kind == "bomb":
        body = bomb(encoding)
    else:
        raw = page("Compressed story").encode()
        body = encode_page(raw, encoding)
        encoding = {"raw-deflate": "deflate", "corrupt": "gzip"}.get(encoding, encoding)
    return await send(writer, 200, body, Content_Encoding=encoding)


async def media(server: FetchServer, request: Request, writer: Writer) -> bool:
    kind = request.path.rsplit("/", 1)[1]
    if kind == "pdf":
        return await send(writer, 200, b"%PDF-1.4 " + b"z" * 5000, "application/pdf")
    if kind == "png":
        return await send(writer, 200, b"\x89PNG\r\n" + b"\0" * 500, "image/png")
    if kind == "none":
        writer.write(response_head(200, {"Content-Length": "60"}) + page("x")[:60].encode())
        await writer.drain()
        return True
    return await send(writer, 200, b"<rss></rss>", "application/rss+xml")


async def echo(server: FetchServer, request: Request, writer: Writer) -> bool:
    lines = "".join(f"<li>{k}: {v}</li>" for k, v in sorted(request.headers.items()))
    return await send(writer, 200, f"<html><body><ul>{lines}</ul></body></html>".encode())


async def cached(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Cache scenarios; the query names the Cache-Control and whether an ETag is sent."""
    server.count(request.target)
    etag = f'"{request.query["etag"]}"' if "etag" in request.query else None
    if etag and request.headers.get("if-none-match") == etag:
        writer.write(response_head(304, {"ETag": etag, "Cache-Control": "max-age=0"}))
        await writer.drain()
        return True
    extra = {"Cache-Control": request.query.get("cc", "max-age=0")}
    if etag:
        extra["ETag"] = etag
    body = page(f"Cached {server.count(request.target + '#served')}").encode()
    return await send(writer, 200, body, **extra)


async def slow_page(server: FetchServer, request: Request, writer: Writer) -> bool:
    """Answers after 0.2 s and notes when it finished (to measure overlap)."""
    await asyncio.sleep(0.2)
    request.finished = time.monotonic()
    return await send(writer, 200, page("Slow").encode())


async def plain(server: FetchServer, request: Request, writer: Writer) -> bool:
    return await send(writer, 200, page(f"Page {request.path}").encode())


ROUTES: dict[str, Handler] = {
    "/robots.txt": robots,
    "/charset": charset_page,
    "/status": status,
    "/flaky": flaky,
    "/redirect": redirect,
    "/refresh": refresh,
    "/trickle": trickle,
    "/hang": hang,
    "/huge": huge,
    "/declared-huge": declared_huge,
    "/lying-length": lying_length,
    "/short-body": short_body,
    "/encoded": compressed,
    "/media": media,
    "/echo": echo,
    "/cached": cached,
    "/slow-page": slow_page,
}


@dataclass
class FetchServer:
    """Runs the server in a background thread with its own event loop."""

    port: int = 0
    log: list[Request] = field(default_factory=list, repr=False)
    counters: dict[str, int] = field(default_factory=dict, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def resolver(self, **extra: str) -> Resolver:
        """Maps `HOSTS` (and ``extra`` names) to their addresses; nothing else resolves."""
        return static_resolver({**HOSTS, **extra})

    def count(self, key: str) -> int:
        with self._lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]

    def requests(self, host: str, path_prefix: str = "/") -> list[Request]:
        with self._lock:
            return [r for r in self.log if r.host == host and r.path.startswith(path_prefix)]

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request = self._parse(head)
                with self._lock:
                    self.log.append(request)
                handler = next(
                    (h for prefix, h in ROUTES.items() if request.path.startswith(prefix)), plain
                )
                if not await handler(self, request, writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass  # server shutting down while a handler sleeps (hang, trickle)
        finally:
            writer.close()

    def _parse(self, head: bytes) -> Request:
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        host = headers.get("host", "").rsplit(":", 1)[0]
        return Request(method, target, headers, time.monotonic(), host)

    def start(self) -> None:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def boot() -> None:
            first = await asyncio.start_server(self._serve_connection, "127.0.0.1", 0)
            self.port = first.sockets[0].getsockname()[1]
            self._servers = [first]
            for address in sorted(set(HOSTS.values())):
                self._servers.append(
                    await asyncio.start_server(self._serve_connection, address, self.port)
                )
            ready.set()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._loop.create_task(boot())
            self._loop.run_forever()
            # Cancel handlers still sleeping (hang, trickle) so the loop can close cleanly.
            pending = asyncio.all_tasks(self._loop)
            for task in pending:
                task.cancel()
            self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._loop.close()

        self._thread = threading.Thread(target=run, name="fetch-test-server", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("test server did not start")

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return

        def shutdown() -> None:
            for server in self._servers:
                server.close()
            assert self._loop is not None
            self._loop.stop()

        self._loop.call_soon_threadsafe(shutdown)
        self._thread.join(10)


@pytest.fixture(scope="session")
def fetch_server() -> Iterator[FetchServer]:
    """One hostile server for the whole session (tests use distinct paths, so they never
    see each other's counters)."""
    instance = FetchServer()
    instance.start()
    yield instance
    instance.stop()


def write_self_signed(cert_path: Path, key_path: Path, host: str) -> None:
    """A one-day self-signed certificate for ``host`` (subjectAltName set, as TLS requires)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


class TLSServer:
    """An HTTPS server on 127.0.0.2 with a self-signed certificate for ``news.test``."""

    def __init__(self, directory: Path) -> None:
        self.cert = directory / "cert.pem"
        key = directory / "key.pem"
        write_self_signed(self.cert, key, "news.test")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.httpd = ThreadingHTTPServer((HOSTS["news.test"], 0), _TLSPage)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _TLSPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server naming
        body = page("Secure story").encode()
        self.send_response(200 if self.path != "/robots.txt" else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read results, not logs."""


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TLSServer]:
    server = TLSServer(tmp_path_factory.mktemp("tls"))
    yield server
    server.stop()
