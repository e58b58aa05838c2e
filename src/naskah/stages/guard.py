"""Stage ``guard``: every output scanned for identifying information; only when nothing is found are the
staged drafts published to results/thesis.* — and what ``naskah check`` runs over the outputs in memory.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from naskah.core import files
from naskah.core.errors import Diagnostics
from naskah.core.layout import FORMATS, LITERATURE_REPORT, draft
from naskah.core.messages import _
from naskah.data.config import Config


@dataclass
class GuardReport:
    scanned: list[str]
    identity_map: bool
    published: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"scanned": self.scanned, "hits": 0, "identity_map": self.identity_map, "published": self.published}


def _detector(config: Config):
    from naskah.privacy.detectors import detector_for

    return detector_for(config, extra_allow=_library_urls(config))


def _library_urls(config: Config) -> list[str]:
    """URLs of the user's own library are bibliographic, not personal (reports list them too): as the
    literature stage listed them, when its report is newer than the library (in the build: always, and
    at no cost here — 1.5 s of parsing at 10,000 entries), else read from the library itself."""
    import json

    from naskah.privacy import guard

    library = config.input_path("bibliography")
    report = config.root / LITERATURE_REPORT
    try:
        if report.stat().st_mtime_ns >= library.stat().st_mtime_ns:
            urls = json.loads(report.read_text(encoding="utf-8")).get("urls")
            if isinstance(urls, list):
                return urls
    except (OSError, ValueError):
        pass
    return guard.library_urls(library, config.shown(library))


def guard(config: Config, paths: list[Path], bibliography: Path, report: Path,
          staging: Path | None = None) -> GuardReport:
    """Scan *paths* (a folder: every file in it, so nothing new slips past); on a hit, delete each file that
    leaked and raise; else publish the drafts staged in *staging* (when given)."""
    from naskah.privacy import guard as scanner

    detector = _detector(config)
    report = report.resolve()
    # the published drafts are the last good build's (already scanned): the staged ones replace them
    published = {Path(draft(fmt)).resolve() for fmt in FORMATS} if staging else set()
    found: list[Path] = []
    for given in paths:
        listed = sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        found += [p for p in listed if p.resolve() not in published | {report} and not p.name.endswith(".part")]
    diags = scanner.scan_paths(found, detector, config.shown, scanner.cited_keys_of(bibliography))
    if diags.errors:
        leaked = sorted({Path(d.path) for d in diags.errors}, key=str)
        for path in scanner.remove([config.root / p for p in leaked]):
            diags.error(_("removed this output because it contains identifying information"), config.shown(path),
                        hint=_("fix the source and rebuild"))
        diags.raise_if_errors()
    result = GuardReport(sorted(config.shown(p) for p in found if p.is_file()), bool(detector.identities))
    if staging:
        result.published = publish(config, staging)
    return result


def publish(config: Config, staging: Path) -> list[str]:
    """Publish the staged drafts of the configured formats; remove the drafts of formats switched off."""
    done = []
    formats = config.render.formats
    for fmt in FORMATS:
        target, source = Path(draft(fmt)), staging / f"thesis.{fmt}"
        if fmt in formats and source.is_file():
            files.publish(source, target)
            done.append(target.as_posix())
        elif fmt not in formats:
            target.unlink(missing_ok=True)
            source.unlink(missing_ok=True)
    return done


def figure_text(config: Config, codebook) -> None:
    """The texts figures draw (code labels) pass the privacy detectors first: the guard reads the SVG, but
    no one can read a name out of the PNG's pixels once it is drawn."""
    from naskah.privacy.detectors import detector_for

    detector = detector_for(config)
    shown = config.shown(config.input_path("codebook"))
    diags = Diagnostics()
    for code in codebook.codes.values():
        for hit in detector.find(code.label):
            diags.error(_("the label of code '{code}' contains identifying information ({detector}: {value}); it "
                          "would be drawn into a figure", code=code.id, detector=hit.detector, value=hit.masked),
                        shown, code.line, hint=_("use a label without names, numbers or handles"))
    diags.raise_if_errors()


def in_memory(config: Config, markdown: str, tables: list, cited: set[str]) -> Diagnostics:
    """The guard over what the build would write (the assembled Markdown, every table), in memory."""
    from naskah.privacy import guard as scanner

    detector = _detector(config)
    with tempfile.TemporaryDirectory(prefix="naskah-check-") as tmp:
        would_be = {Path(tmp) / "thesis.md": "results/thesis.md"}
        (Path(tmp) / "thesis.md").write_text(markdown, encoding="utf-8")
        for table in tables:
            path = Path(tmp) / f"{table.id}.csv"
            path.write_text(table.frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
            would_be[path] = table.file or f"results/tables/{table.id}.csv"
        return scanner.scan_paths(list(would_be), detector,
                                  lambda p: _("{path} (as the build would write it)", path=would_be[p]), cited)
