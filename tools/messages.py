"""Extract naskah's marked messages into its gettext catalogues and compile them (Babel).

    python tools/messages.py [AREA …]   # update the areas' .po files from the source (all: none named), compile
    python tools/messages.py --check    # exit 1 when a .po lacks a message or a translation, or a .mo is stale

Messages are marked in the source with ``_("…")`` and ``n_("…", "…", n)`` (naskah.core.messages). Each
subpackage has its own catalogue per language, ``locale/<lang>/LC_MESSAGES/<area>.po`` (``core``, ``data``,
``writing``…; the top-level modules are ``cli``), so that people translating different parts do not edit one
file; a message used in several areas belongs to the first in path order. A new message lands in its area's
``.po`` with an empty translation, to be filled in; a message no longer in the source is dropped. All areas of
a language compile into one ``naskah.mo``, which is committed, so an installed naskah needs neither Babel
nor a build step; the test suite runs ``--check``.
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
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
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
FIELD = re.compile(r"\{(\w*)[^{}]*\}")


def area_of(filename: str) -> str:
    """``data/codebook.py`` → ``data``; ``cli.py`` → ``cli``."""
    parts = Path(filename).parts
    return parts[0] if len(parts) > 1 else "cli"


def extracted() -> dict[str, Catalog]:
    """Every marked message in the package, with the places it is used, by area."""
    areas: dict[str, Catalog] = {}
    seen: set = set()
    found = sorted(extract_from_dir(str(PACKAGE), method_map=METHODS, keywords=KEYWORDS,
                                    comment_tags=("TRANSLATORS:",)), key=lambda m: (m[0], m[1]))
    for filename, lineno, message, comments, context in found:
        key = message[0] if isinstance(message, tuple) else message
        owner = next((c for c in areas.values() if key in c), None) if key in seen else None
        catalog = owner or areas.setdefault(area_of(filename), Catalog(project="naskah", charset="utf-8"))
        seen.add(key)
        catalog.add(message, locations=[(f"naskah/{filename}", lineno)], auto_comments=comments, context=context)
    return areas


def languages() -> list[Path]:
    return sorted(p / "LC_MESSAGES" for p in LOCALES.iterdir() if p.is_dir())


def union(folder: Path) -> Catalog:
    """All areas of one language as one catalogue (what naskah.mo holds)."""
    whole = None
    for po in sorted(folder.glob("*.po")):
        catalog = read(po, folder.parent.name)
        if whole is None:
            whole = catalog
            continue
        for message in catalog:
            if message.id:
                whole[message.id] = message
    return whole if whole is not None else Catalog(locale=folder.parent.name, project="naskah")


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
    catalog.creation_date = catalog.revision_date = FIXED_DATE  # the header changes only when a message does
    return catalog


def translated(message) -> bool:
    """Every form of *message* has a translation (a plural has one per form)."""
    return all(message.string) if isinstance(message.string, tuple) else bool(message.string)


def problems(areas: dict[str, Catalog]) -> list[str]:
    found = []
    for folder in languages():
        for area, template in sorted(areas.items()):
            po = folder / f"{area}.po"
            catalog = read(po, folder.parent.name) if po.exists() else Catalog()
            for message in template:
                if not message.id:
                    continue
                have = catalog.get(message.id)
                where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
                if have is None:
                    found.append(f"{po.relative_to(ROOT)}: missing {message.id!r} ({where})")
                elif not translated(have):
                    found.append(f"{po.relative_to(ROOT)}: no translation of {message.id!r} ({where})")
                elif have.fuzzy:
                    found.append(f"{po.relative_to(ROOT)}: fuzzy translation of {message.id!r} ({where})")
                elif set(FIELD.findall(str(message.id))) != set(FIELD.findall(str(have.string))):
                    found.append(f"{po.relative_to(ROOT)}: the fields of {message.id!r} differ in its translation")
        mo = folder / "naskah.mo"
        if not mo.exists() or mo.read_bytes() != mo_bytes(union(folder)):
            found.append(f"{mo.relative_to(ROOT)}: stale — run python tools/messages.py")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what is missing or stale; change nothing")
    parser.add_argument("areas", nargs="*", help="update only these areas' .po files (e.g. data writing)")
    args = parser.parse_args(argv)
    areas = extracted()
    if args.check:
        found = problems(areas)
        for line in found:
            print(line)
        return 1 if found else 0
    for folder in languages():
        for area in args.areas or sorted(areas):
            po = folder / f"{area}.po"
            catalog = updated(areas.get(area, Catalog()), po, folder.parent.name)
            po.write_bytes(po_bytes(catalog))
            missing = sum(1 for m in catalog if m.id and not translated(m))
            print(f"{po.relative_to(ROOT)}: {len(catalog)} messages, {missing} without a translation")
        (folder / "naskah.mo").write_bytes(mo_bytes(union(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
