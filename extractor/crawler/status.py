"""Tables for the command line: the per-site state (``--status``) and a run's summary."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from rich.table import Table

from .crawl import SiteReport
from .state import SiteStatus


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def status_table(rows: Sequence[SiteStatus]) -> Table:
    """One row per site: stories kept, pending, non-stories, failing, given up, last run."""
    table = Table(title="Crawl state")
    table.add_column("site", overflow="fold")
    for name in ("articles", "pending", "not articles", "failing", "given up"):
        table.add_column(name, justify="right")
    table.add_column("last run")
    table.add_column("last success")
    table.add_column("last error", overflow="fold")
    for row in rows:
        last_run = _when(row.last_run) + ("" if row.last_run_state in (None, "finished") else f" ({row.last_run_state})")
        table.add_row(row.site, str(row.articles), str(row.pending), str(row.not_articles),
                      str(row.failing), str(row.gone), last_run, _when(row.last_success),
                      row.last_error or "")
    return table


def report_table(reports: Sequence[SiteReport]) -> Table:
    """One row per site crawled in this run."""
    table = Table(title="Crawl run")
    table.add_column("site", overflow="fold")
    for name in ("feeds", "sitemaps", "new links", "skipped", "requests", "304", "articles",
                 "not articles", "failures"):
        table.add_column(name, justify="right")
    table.add_column("site error", overflow="fold")
    for report in reports:
        table.add_row(report.site, str(len(report.feeds)), str(len(report.sitemaps)),
                      str(report.new_links), _skips(report.skipped), str(report.requests),
                      str(report.not_modified), str(report.articles), str(report.not_articles),
                      str(report.failures), report.site_error or "")
    return table


def _skips(skipped: dict[str, int]) -> str:
    """``7 (one-word-path 4, tag-route 3)``: links the URL classifier passed over, by reason."""
    total = sum(skipped.values())
    detail = ", ".join(f"{reason} {count}" for reason, count in sorted(skipped.items(), key=lambda i: -i[1]))
    return f"{total} ({detail})" if detail else "0"
