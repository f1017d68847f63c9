"""Incremental crawling: sites in, their new stories out, with state kept in SQLite.

Modules: `crawl` (one run over sites: discovery, pending links, story fetches), `state` (the
SQLite database: URLs, validators, failures, runs), `paths` (the default state location),
`status` (the ``--status`` table).
"""

from __future__ import annotations

from .crawl import CrawlError, CrawlOptions, SiteReport, crawl, crawl_async, site_origin
from .paths import default_state_path
from .state import CrawlState, SiteStatus, StateError

__all__ = [
    "CrawlError",
    "CrawlOptions",
    "CrawlState",
    "SiteReport",
    "SiteStatus",
    "StateError",
    "crawl",
    "crawl_async",
    "default_state_path",
    "site_origin",
]
