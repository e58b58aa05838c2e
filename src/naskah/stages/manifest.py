"""Stage ``manifest``: results/provenance.json — inputs, environment, artefacts, tables, numbers, quotes."""

from __future__ import annotations

import json
from pathlib import Path

from naskah.core import files
from naskah.data.config import Config


def manifest(config: Config, artefacts: list[Path], records: Path, tables_metas: list[Path],
             core: Path | None = None) -> dict:
    """The manifest: from assemble's core (no input hashed twice, no corpus read again) when given."""
    from naskah.core.clock import source_date_epoch
    from naskah.provenance.manifest import build_manifest, with_artefacts

    if core is not None and core.is_file():
        return with_artefacts(config, json.loads(core.read_text(encoding="utf-8")), artefacts)
    data = json.loads(records.read_text(encoding="utf-8"))
    return build_manifest(config, artefacts, data, tables_metas, source_date_epoch(config))


def write_manifest(result: dict, out: Path) -> None:
    files.write_json(out, result)
