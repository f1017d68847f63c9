"""Shared test fixtures."""

from fetch_server import fetch_server, tls_server  # noqa: F401  (the fetcher's loopback test servers)
