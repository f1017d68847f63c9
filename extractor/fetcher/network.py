"""The network layer under httpx: resolve, check the address, connect.

httpx/httpcore resolve and connect in one step, leaving no place to look at the address before
bytes are sent. `GuardedBackend` is an httpcore network backend that resolves the name itself
(with a pluggable `Resolver`), refuses blocked addresses, connects to the checked IP literal
(so the address checked is the address connected, on every hop: no DNS rebinding), and checks
the socket's peer once more. TLS still verifies the certificate against the host name, because
httpcore passes the URL's host as the server name.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections import OrderedDict
from dataclasses import dataclass
from typing import AsyncIterator, Callable, Iterable

import httpcore
import httpx

from .addresses import Resolver, blocked_reason, parse_ip, system_resolver
from .options import FetchOptions


class BlockedAddressError(Exception):
    """The host resolves only to addresses the fetcher refuses to connect to."""


class ResolutionError(Exception):
    """The host name does not resolve."""


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that only connects to allowed addresses."""

    def __init__(
        self,
        *,
        allow_private: bool,
        allowed_networks: Iterable[str] = (),
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._allow_private = allow_private
        self._allowed = tuple(ipaddress.ip_network(net, strict=False) for net in allowed_networks)
        self._resolve = resolver or system_resolver
        self._inner = inner or httpcore.AnyIOBackend()

    async def _addresses(self, host: str, port: int) -> list[str]:
        literal = parse_ip(host)
        if literal is not None:
            return [host.strip("[]")]
        try:
            return await self._resolve(host, port)
        except OSError as error:
            raise ResolutionError(f"cannot resolve {host}: {error}") from error

    def _check(self, host: str, address: str) -> str | None:
        """The reason ``address`` is refused, or None when it may be connected to."""
        if self._allow_private:
            return None
        parsed = parse_ip(address)
        if parsed is None:
            return "not an IP address"
        if any(parsed in network for network in self._allowed):
            return None
        reason = blocked_reason(parsed)
        return f"{host} resolves to {address}, a {reason} address" if reason else None

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._addresses(host, port)
        refusals = [self._check(host, address) for address in addresses]
        allowed = [address for address, refused in zip(addresses, refusals) if refused is None]
        if not allowed:
            raise BlockedAddressError(next((r for r in refusals if r), f"{host} has no address"))
        last_error: Exception | None = None
        for address in allowed:
            try:
                stream = await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
                continue
            refused = self._check(host, _peer_address(stream) or address)
            if refused:
                await stream.aclose()
                raise BlockedAddressError(refused)
            return stream
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError("unix sockets are never used by the fetcher")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _peer_address(stream: httpcore.AsyncNetworkStream) -> str | None:
    sock = stream.get_extra_info("socket")
    if isinstance(sock, socket.socket):
        try:
            return str(sock.getpeername()[0])
        except OSError:
            return None
    return None


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool built on `GuardedBackend`."""

    def __init__(
        self,
        options: FetchOptions,
        *,
        resolver: Resolver | None = None,
        backend: httpcore.AsyncNetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        # Building an SSL context loads the CA bundle (~30 ms): share one between all pools.
        context = ssl_context or httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=context, trust_env=False)
        # httpx builds its httpcore pool without a way to pass a network backend; the pool is
        # rebuilt here with ours (httpx is pinned below 0.29). One pool serves one origin
        # (see PerHostTransport), so it needs only that host's few connections.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=options.per_host + 1,
            max_keepalive_connections=options.per_host + 1,
            keepalive_expiry=max(KEEPALIVE_EXPIRY, options.delay * 2),
            network_backend=GuardedBackend(
                allow_private=options.allow_private,
                allowed_networks=options.allowed_networks,
                resolver=resolver,
                inner=backend,
            ),
        )


#: Origin connection pools kept open at once; the least recently used idle ones close first.
MAX_HOST_POOLS = 256
#: Seconds an idle keep-alive connection is kept (longer when the per-host delay is longer).
KEEPALIVE_EXPIRY = 5.0


@dataclass
class _HostPool:
    transport: httpx.AsyncBaseTransport
    active: int = 0


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that tells its pool when it is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, pool: _HostPool) -> None:
        self._stream = stream
        self._pool: _HostPool | None = pool

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._pool is not None:
                self._pool.active -= 1
                self._pool = None


class PerHostTransport(httpx.AsyncBaseTransport):
    """Routes each request to a small connection pool of its own origin.

    One big httpcore pool scans all its connections (quadratically, for its keep-alive limit)
    on every request, which costs milliseconds per request with a few dozen hosts in flight.
    Small per-origin pools keep that scan trivial; idle pools beyond `MAX_HOST_POOLS` are
    closed, least recently used first.
    """

    def __init__(
        self, factory: Callable[[], httpx.AsyncBaseTransport], max_pools: int = MAX_HOST_POOLS
    ) -> None:
        self._factory = factory
        self._max_pools = max_pools
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], _HostPool] = OrderedDict()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _HostPool(self._factory())
            await self._evict()
        self._pools.move_to_end(key)
        pool.active += 1
        try:
            response = await pool.transport.handle_async_request(request)
        except BaseException:
            pool.active -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        # The pool's own response, its body wrapped (a new Response would parse its headers again).
        response.stream = _ReleasingStream(response.stream, pool)
        return response

    async def _evict(self) -> None:
        excess = len(self._pools) - self._max_pools
        idle = [key for key, pool in self._pools.items() if pool.active == 0][: max(excess, 0)]
        for key in idle:
            await self._pools.pop(key).transport.aclose()

    def __len__(self) -> int:
        return len(self._pools)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            await pool.transport.aclose()


def client_timeout(options: FetchOptions) -> httpx.Timeout:
    """httpx's per-operation timeouts from the options (the total deadline is enforced apart)."""
    return httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=None,
    )
