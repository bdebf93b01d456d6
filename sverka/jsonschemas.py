"""JSON Schemas of the editor's files, made from the definitions the build validates with (sverka/kinds.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .i18n import bilingual_doc
from .kinds import CLAIM, PAGE, SITE, SOURCE, TAGS, TIMELINE, VERDICTS
from .schema import Record

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS: dict[str, Record] = dict(site=SITE, verdicts=VERDICTS, source=SOURCE, claim=CLAIM, timeline=TIMELINE, tags=TAGS, page=PAGE)
"""schemas/<name>.schema.json → the record it describes."""


def bilingual_descriptions(schema: Any) -> Any:
    """Every description in English and Russian, as editors see it on hover."""
    if isinstance(schema, list):
        return [bilingual_descriptions(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: bilingual_descriptions(value) for key, value in schema.items()}
    if isinstance(out.get("description"), str):
        out["description"] = bilingual_doc(out["description"])
    return out


def schema_document(name: str) -> dict[str, Any]:
    return {"$schema": DIALECT, **bilingual_descriptions(KINDS[name].json_schema())}


def schema_text(name: str) -> str:
    """The schema as the committed file holds it: stable key order, two-space indent, UTF-8."""
    return json.dumps(schema_document(name), ensure_ascii=False, indent=2) + "\n"


def schema_path(root: Path, name: str) -> Path:
    return root / "schemas" / f"{name}.schema.json"


def write_schemas(root: Path) -> list[Path]:
    written = [schema_path(root, name) for name in KINDS]
    for name, target in zip(KINDS, written, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(schema_text(name), encoding="utf-8")
    return written
