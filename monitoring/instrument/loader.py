"""Find and load instrument versions from JSON files.

Each version lives in ``<key>_v<version>.json``. A base version spells out everything;
a later version may instead say ``"extends": <earlier version>`` and list only what it
adds (``add_items`` per section key, ``add_sections``), so the shared part is written
once and cannot drift between versions.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .schema import (
    Instrument,
    InstrumentError,
    extend_instrument,
    instrument_from_data,
    item_from_data,
    section_from_data,
)

INSTRUMENT_DIR = Path(__file__).resolve().parent
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def instrument_path(key: str, version: int, directory: Path | None = None) -> Path:
    # The key ends up in a file name: refuse anything that could walk the filesystem.
    if not _NAME_RE.match(key):
        raise InstrumentError(f"bad instrument key {key!r}")
    return (directory or INSTRUMENT_DIR) / f"{key}_v{int(version)}.json"


def available_versions(key: str = "thermometer", directory: Path | None = None) -> list[int]:
    instrument_path(key, 1, directory)  # validates the key
    pattern = re.compile(rf"^{re.escape(key)}_v(\d+)\.json$")
    found = [
        int(m.group(1))
        for p in (directory or INSTRUMENT_DIR).iterdir()
        if (m := pattern.match(p.name))
    ]
    return sorted(found)


def load_instrument(
    key: str = "thermometer", version: int = 1, *, directory: Path | None = None
) -> Instrument:
    """Load one version of an instrument (cached: instruments are immutable)."""
    return _load(key, int(version), str(directory or INSTRUMENT_DIR))


@lru_cache(maxsize=32)
def _load(key: str, version: int, directory: str) -> Instrument:
    path = instrument_path(key, version, Path(directory))
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InstrumentError(f"no instrument {key!r} version {version} ({path})") from exc
    if data.get("key") != key or data.get("version") != version:
        raise InstrumentError(f"{path.name} declares {data.get('key')!r} v{data.get('version')}")
    if "extends" not in data:
        return instrument_from_data(data)
    base_version = data["extends"]
    if not isinstance(base_version, int) or base_version >= version:
        raise InstrumentError(f"{path.name}: 'extends' must name an earlier version")
    base = _load(key, base_version, directory)
    return extend_instrument(
        base,
        version=version,
        add_items={
            section_key: [item_from_data(i) for i in items]
            for section_key, items in data.get("add_items", {}).items()
        },
        add_sections=[section_from_data(s) for s in data.get("add_sections", ())],
        title_nl=data.get("title_nl"),
        title_en=data.get("title_en"),
        source=data.get("source"),
    )
