"""Helpers shared by the test modules: the published JSON Schema and fixture paths."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SCHEMA_PATH = ROOT / "docs" / "article.schema.json"


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid_article(data: dict[str, Any]) -> None:
    """Fail with every schema violation listed when ``data`` does not match the schema."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def fixture_request(page: Path) -> dict[str, Any]:
    """The optional request.json of a golden page (url and headers)."""
    path = page / "request.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
