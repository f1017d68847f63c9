"""Where the crawl state lives by default: the user's data directory, found by hand (no
platformdirs dependency for three lines of platform rules)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping

#: Folder created inside the platform's data directory.
APP_DIR_NAME = "news-extractor"

#: File name of the state database inside it.
STATE_FILE_NAME = "crawl.db"


def user_data_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The per-user data directory: ``$XDG_DATA_HOME`` or ``~/.local/share`` on Linux and BSD,
    ``~/Library/Application Support`` on macOS, ``%LOCALAPPDATA%`` on Windows."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    home = Path(env.get("HOME") or Path.home())
    if platform.startswith("win"):
        base = Path(env.get("LOCALAPPDATA") or env.get("APPDATA") or home / "AppData" / "Local")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = env.get("XDG_DATA_HOME", "")
        # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_DIR_NAME


def default_state_path(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """``<user data dir>/news-extractor/crawl.db``."""
    return user_data_dir(env, platform) / STATE_FILE_NAME
