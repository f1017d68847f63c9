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


RECORD_SCHEMA_PATH = ROOT / "docs" / "record.schema.json"


@lru_cache(maxsize=1)
def _record_validator() -> jsonschema.Draft202012Validator:
    from referencing import Registry, Resource

    article = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    record = json.loads(RECORD_SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(record)
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in (article, record)
    )
    return jsonschema.Draft202012Validator(record, registry=registry)


def assert_valid_record(line: str) -> dict[str, Any]:
    """Parse one output line and fail, listing the violations, unless it matches the record
    schema (an article line or a failure line). Returns the record."""
    data = json.loads(line)
    errors = sorted(_record_validator().iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    return data  # type: ignore[no-any-return]


def without_run(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its ``run`` object: what two runs over copies of one input share."""
    return {key: value for key, value in record.items() if key != "run"}
