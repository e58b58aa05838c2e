"""Extract naskah's marked messages into its gettext catalogues and compile them (Babel).

    python tools/messages.py            # update every locale's .po from the source, then compile the .mo
    python tools/messages.py --check    # exit 1 when a .po lacks a message or a translation, or a .mo is stale

Messages are marked in the source with ``_("…")`` and ``n_("…", "…", n)`` (naskah.core.messages). A new
message lands in each ``naskah.po`` with an empty translation, to be filled in; a message no longer in the
source is dropped. The ``.mo`` files are committed, so an installed naskah needs neither Babel nor a
build step; the test suite runs ``--check``.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "naskah"
LOCALES = PACKAGE / "locale"
KEYWORDS = {"_": None, "n_": (1, 2)}
METHODS = [("**.py", "python")]


def extracted() -> Catalog:
    """Every marked message in the package, with the places it is used."""
    catalog = Catalog(project="naskah", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, locations=[(f"naskah/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # no dates, line numbers or wrapping: the file changes only when a message does
    write_po(out, catalog, width=0, omit_header=False, sort_output=True, include_previous=False,
             include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def updated(template: Catalog, path: Path, locale: str) -> Catalog:
    catalog = read(path, locale) if path.exists() else Catalog(locale=locale, project="naskah")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = catalog.revision_date = template.creation_date.replace(year=2026, month=1, day=1,
                                                                                  hour=0, minute=0, second=0,
                                                                                  microsecond=0)
    return catalog


def problems(template: Catalog) -> list[str]:
    found = []
    for folder in sorted(p for p in LOCALES.iterdir() if p.is_dir()):
        po = folder / "LC_MESSAGES" / "naskah.po"
        mo = po.with_suffix(".mo")
        catalog = read(po, folder.name)
        for message in template:
            if not message.id:
                continue
            have = catalog.get(message.id)
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
            if have is None:
                found.append(f"{po.relative_to(ROOT)}: missing {message.id!r} ({where})")
            elif not (all(have.string) if isinstance(have.string, tuple) else have.string):
                found.append(f"{po.relative_to(ROOT)}: no translation of {message.id!r} ({where})")
            elif have.fuzzy:
                found.append(f"{po.relative_to(ROOT)}: fuzzy translation of {message.id!r} ({where})")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{mo.relative_to(ROOT)}: stale — run python tools/messages.py")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what is missing or stale; change nothing")
    args = parser.parse_args(argv)
    template = extracted()
    if args.check:
        found = problems(template)
        for line in found:
            print(line)
        return 1 if found else 0
    for folder in sorted(p for p in LOCALES.iterdir() if p.is_dir()):
        po = folder / "LC_MESSAGES" / "naskah.po"
        catalog = updated(template, po, folder.name)
        po.write_bytes(po_bytes(catalog))
        po.with_suffix(".mo").write_bytes(mo_bytes(read(po, folder.name)))
        missing = sum(1 for m in catalog if m.id and not m.string)
        print(f"{po.relative_to(ROOT)}: {len(catalog)} messages, {missing} without a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
