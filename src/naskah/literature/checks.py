"""Checks of the library against the chapters, the literature report, and Bab II's Penelitian Terdahulu table.

What an advisor asks of a reference list: every cited work is in it (an error
otherwise, see :mod:`naskah.literature.library`), nothing in it is uncited, no work is
in it twice, every reference has what APA 7 prints, and enough of the cited
works are recent. The answers go to stderr as ``file:line`` diagnostics and to
``results/literature/report.md`` (with a JSON twin and a small SVG profile).

The Penelitian Terdahulu (previous studies) table is read from custom BibTeX
fields, so that the summary of a study lives with its reference:

    naskah-metode      method of the study        (column Metode / Method)
    naskah-hasil       its findings               (column Hasil / Findings)
    naskah-persamaan   what it shares with ours   (column Persamaan / Similarities)
    naskah-perbedaan   how ours differs           (column Perbedaan / Differences)

An entry is in the table when ``literature.previous_studies`` lists its key or
its ``keywords`` field holds ``literature.previous_studies_keyword``
(default ``penelitian-terdahulu``). These fields never reach pandoc.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from naskah.core.errors import Diagnostic, Diagnostics
from naskah.core.i18n import percent
from naskah.core.messages import _, n_
from naskah.core.suggest import did_you_mean
from naskah.core.table import DisplayTable
from naskah.literature.library import (
    DOI,
    URL,
    BibLibrary,
    Record,
    decoded_entries,
    normal_doi,
    normal_title,
    parents,
    urls_of,
)

TABLE_ID = "penelitian-terdahulu"
REFERENCE_LIST = {"id": "Daftar Pustaka", "en": "reference list"}  # in messages, as the thesis calls it
CUSTOM_FIELDS = ("naskah-metode", "naskah-hasil", "naskah-persamaan", "naskah-perbedaan")
COLUMNS = {
    "id": ["No", "Peneliti (Tahun)", "Judul", "Metode", "Hasil", "Persamaan", "Perbedaan"],
    "en": ["No", "Author (Year)", "Title", "Method", "Findings", "Similarities", "Differences"],
}
CAPTION = {"id": "Penelitian terdahulu", "en": "Previous studies"}
ET_AL = {"id": "dkk.", "en": "et al."}
NO_DATE = {"id": "t.t.", "en": "n.d."}

# entry type -> kind of work, for the required fields and the profile
KIND = {"article": "article", "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book",
        "proceedings": "book", "mvproceedings": "book", "incollection": "chapter", "inbook": "chapter",
        "bookinbook": "chapter", "inproceedings": "proceedings", "conference": "proceedings",
        "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis", "online": "web", "webpage": "web",
        "electronic": "web", "www": "web", "report": "report", "techreport": "report"}
KIND_LABEL = {
    "id": {"article": "Artikel jurnal", "book": "Buku", "chapter": "Bab dalam buku", "proceedings": "Prosiding",
           "thesis": "Skripsi/tesis/disertasi", "web": "Laman web", "report": "Laporan", "other": "Lainnya"},
    "en": {"article": "Journal article", "book": "Book", "chapter": "Book chapter", "proceedings": "Proceedings paper",
           "thesis": "Thesis", "web": "Web page", "report": "Report", "other": "Other"},
}
# What an APA 7 reference of each kind prints: one tuple of alternative fields per requirement.
REQUIRED = {
    "article": [("journal", "journaltitle"), ("volume", "number"), ("pages", "eid")],
    "book": [("publisher",)],
    "chapter": [("booktitle",), ("publisher",)],
    "proceedings": [("booktitle",)],
    "thesis": [("school", "institution")],
    "web": [("url",), ("urldate",)],
    "report": [("institution", "publisher")],
}
URLDATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Settings:
    """The ``literature:`` section of the config (defaults as in the schema)."""

    recent_years: int = 10
    min_recent_share: float = 0.0
    strict: bool = False
    previous_studies: tuple[str, ...] = ()
    previous_studies_keyword: str = "penelitian-terdahulu"

    @classmethod
    def from_config(cls, config) -> Settings:
        data = config.data.get("literature") or {}
        return cls(int(data.get("recent_years", 10)), float(data.get("min_recent_share", 0.0)),
                   bool(data.get("strict", False)), tuple(data.get("previous_studies") or ()),
                   str(data.get("previous_studies_keyword", "penelitian-terdahulu")))


@dataclass
class LiteratureResult:
    """Everything the report, the export and the tables need."""

    bib: BibLibrary
    cited: list[str]
    language: str
    thesis_year: int
    settings: Settings
    uncited: list[tuple[str, int]] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    recency: dict = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)
    previous: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def check_literature(bib: BibLibrary, cited: list[str], config, diags: Diagnostics, strict: bool = False
                     ) -> LiteratureResult:
    """Run every check on the library (see the module docstring); problems go to *diags*.

    With ``literature.strict`` (or *strict*) the warnings found here are errors.
    """
    settings = Settings.from_config(config)
    result = LiteratureResult(bib, sorted(cited), config.language, int(config.thesis["year"]), settings)
    found = Diagnostics()
    _uncited(result, found)
    _duplicates(result, found)
    for key in result.cited:
        _required_fields(_inherited(bib, bib.records[key], found), bib.path, found)
        _identifiers(bib.records[key], bib.path, found)
    _recency(result, config, found)
    _profile(result)
    _previous_studies(result, config, found)
    if strict or settings.strict:
        found = Diagnostics([Diagnostic(d.message, d.path, d.line, d.column, d.hint) for d in found.items])
    result.diagnostics = sorted(found.items, key=Diagnostic.sort_key)
    diags.extend(found)
    return result


def _uncited(result: LiteratureResult, found: Diagnostics) -> None:
    cited = set(result.cited)
    result.uncited = sorted(((r.key, r.line) for r in result.bib.records.values() if r.key not in cited),
                            key=lambda item: item[1])
    if result.uncited:
        count = len(result.uncited)
        shown = ", ".join(_("{key} (line {line})", key=key, line=line) for key, line in result.uncited[:5])
        if count > 5:
            shown = _("{keys} and {more} more", keys=shown, more=count - 5)
        found.warning(n_("{n} entry is never cited: {keys}", "{n} entries are never cited: {keys}", count, keys=shown),
                      result.bib.path, result.uncited[0][1],
                      hint=n_("cite it or remove it; the {reference_list} lists cited works only "
                              "(full list in results/literature/report.md)",
                              "cite them or remove them; the {reference_list} lists cited works only "
                              "(full list in results/literature/report.md)",
                              count, reference_list=REFERENCE_LIST[result.language]))


def _duplicates(result: LiteratureResult, found: Diagnostics) -> None:
    """Same DOI, or same title and year, under different keys: one work entered twice."""
    by_doi: dict[str, list[Record]] = {}
    by_title: dict[tuple[str, int], list[Record]] = {}
    for record in result.bib.records.values():  # every entry: only what is needed, on the raw values
        fields = record.fields
        doi = normal_doi(fields["doi"]) if "doi" in fields else ""
        if doi:
            by_doi.setdefault(doi, []).append(record)
        title = normal_title(fields["title"]) if "title" in fields else ""
        if len(title) >= 10:  # very short titles ("Introduction") collide by chance
            year = record.year
            if year is not None:
                by_title.setdefault((title, year), []).append(record)
    reported: set[frozenset[str]] = set()
    for kind, groups in (("doi", by_doi), ("title", by_title)):
        for value, records in groups.items():
            if len(records) < 2:
                continue
            reason = f"same DOI {value}" if kind == "doi" else f"same title and year ({value[1]})"
            dois = {normal_doi(r.fields.get("doi", "")) for r in records} - {""}
            keys = frozenset(r.key for r in records)
            if len(dois) > 1 or keys in reported:  # different DOIs: different works with one title
                continue
            reported.add(keys)
            first, *others = sorted(records, key=lambda r: r.line)
            said = (_("same DOI {doi}", doi=value) if kind == "doi" else
                    _("same title and year ({year})", year=value[1]))
            for other in others:
                found.warning(_("'{key}' is likely the same work as '{first}' (line {line}): {reason}", key=other.key,
                                first=first.key, line=first.line, reason=said),
                              result.bib.path, other.line, hint=_("keep one entry and cite it everywhere"))
            result.duplicates.append({"reason": reason, "keys": [r.key for r in (first, *others)],
                                      "lines": [r.line for r in (first, *others)]})


def _inherited(bib: BibLibrary, record: Record, found: Diagnostics) -> Record:
    """The record with the fields it inherits through crossref/xref (as biblatex and pandoc resolve them)."""
    fields = dict(record.fields)
    for key in parents(record):
        parent = bib.records.get(key)
        if parent is None:
            found.warning(_("'{key}' takes fields from '{parent}' (crossref), which is not in {path}", key=record.key,
                            parent=key, path=bib.path),
                          bib.path, record.line, hint=_("add the parent entry or remove the crossref field"))
            continue
        inherited = dict(parent.fields)
        if "title" in inherited:  # a collection's title is its chapters' booktitle
            inherited.setdefault("booktitle", inherited["title"])
        fields = {**inherited, **fields}
    return Record(record.key, record.type, record.line, fields, record.entry)


def _required_fields(record: Record, path: str, found: Diagnostics) -> None:
    kind = KIND.get(record.type, "other")
    missing = []
    if not record.has("author", "editor"):
        missing.append(_either(("author", "editor")))
    if not record.has("year", "date") and not (kind == "web" and record.has("urldate")):
        missing.append(_either(("year", "date")))
    if not record.has("title"):
        missing.append("title")
    requirements = list(REQUIRED.get(kind, []))
    if record.type == "thesis":
        requirements.append(("type",))  # biblatex @thesis: Skripsi, Tesis or Disertasi
    if kind == "other" and record.has("url", "howpublished") and not record.has("doi", "eprint"):
        requirements.append(("urldate",))  # a web source exported as @misc
    missing += [_either(names) for names in requirements if not record.has(*names)]
    if missing:
        found.warning(_("'{key}' (@{type}) lacks {fields}, which its APA 7 reference needs", key=record.key,
                        type=record.type, fields=", ".join(missing)),
                      path, record.line, hint=_("complete the entry in your reference manager and export again"))


def _either(names: tuple[str, ...]) -> str:
    """``author`` or, for alternatives, ``author or editor`` (field names stay as BibTeX spells them)."""
    if len(names) == 1:
        return names[0]
    return _("{fields} or {last}", fields=", ".join(names[:-1]), last=names[-1])


def _identifiers(record: Record, path: str, found: Diagnostics) -> None:
    raw_doi = record.value("doi")
    if raw_doi and not DOI.match(normal_doi(raw_doi)):
        found.warning(_("doi '{doi}' of '{key}' is not a DOI", doi=raw_doi, key=record.key), path, record.line,
                      hint=_("a DOI looks like 10.1177/0093650920190010 (with or without https://doi.org/)"))
    urls = urls_of(record.value("url"))
    if len(urls) > 1:
        found.warning(_("url of '{key}' holds {n} addresses; the reference list shows the first", key=record.key,
                        n=len(urls)),
                      path, record.line, hint=_("keep one address in the url field"))
    for url in urls:
        if not URL.match(url):
            found.warning(_("url '{url}' of '{key}' is not a web address", url=url, key=record.key), path, record.line,
                          hint=_("write the full address, starting with https://"))
    urldate = record.value("urldate")
    if urldate and not URLDATE.match(urldate):
        found.warning(_("urldate '{urldate}' of '{key}' is not a date", urldate=urldate, key=record.key), path,
                      record.line, hint=_("write the access date as YYYY-MM-DD"))


def _config_line(config, *keypath) -> int | None:
    line = getattr(config, "line", None)
    if line is None:
        return None
    return line(*keypath) or line("literature") or None


def _recency(result: LiteratureResult, config, found: Diagnostics) -> None:
    settings = result.settings
    start = result.thesis_year - settings.recent_years
    years = [result.bib.records[key].year for key in result.cited]
    recent = sum(1 for y in years if y is not None and y >= start)
    undated = sum(1 for y in years if y is None)
    total = len(years)
    share = recent / total if total else 0.0
    passes = total == 0 or share >= settings.min_recent_share
    result.recency = {"window": [start, result.thesis_year], "recent_years": settings.recent_years,
                      "cited": total, "recent": recent, "older": total - recent - undated, "undated": undated,
                      "share": round(share, 4), "min_share": settings.min_recent_share, "passes": passes}
    if not passes:
        found.warning(n_("{recent} of {n} cited work ({share}) was published in {start}–{end}; the rule asks for "
                         "at least {minimum}",
                         "{recent} of {n} cited works ({share}) were published in {start}–{end}; the rule asks for "
                         "at least {minimum}", total, recent=recent, share=percent(share, result.language),
                         start=start, end=result.thesis_year,
                         minimum=percent(settings.min_recent_share, result.language, 0)), config.path,
                      _config_line(config, "literature", "min_recent_share"),
                      hint=_("cite more recent works, or set literature.min_recent_share as your programme requires"))


def _profile(result: LiteratureResult) -> None:
    kinds = Counter(KIND.get(result.bib.records[key].type, "other") for key in result.cited)
    result.by_kind = dict(sorted(kinds.items()))
    years = Counter(result.bib.records[key].year for key in result.cited)
    result.by_year = {str(year): years[year] for year in sorted(y for y in years if y is not None)}
    if years.get(None):
        result.by_year[NO_DATE[result.language]] = years[None]


def _previous_studies(result: LiteratureResult, config, found: Diagnostics) -> None:
    settings = result.settings
    records = result.bib.records
    chosen: list[str] = []
    for index, key in enumerate(settings.previous_studies):
        if key in records:
            chosen.append(key)
        else:
            found.error(_("literature.previous_studies names '{key}', which is not in {path}", key=key,
                          path=result.bib.path), config.path,
                        _config_line(config, "literature", "previous_studies", index),
                        hint=did_you_mean(key, records) + _("use a key of the library"))
    keyword = settings.previous_studies_keyword.strip().lower()
    # the cheap substring test first: most entries have no keywords, or not this one
    tagged = [r for r in records.values() if keyword and keyword in r.fields.get("keywords", "").lower()
              and r.key not in chosen
              and keyword in (k.strip().lower() for k in re.split(r"[,;]", r.value("keywords")))]
    chosen += [r.key for r in sorted(tagged, key=lambda r: (r.year or 0, r.key))]
    cited = set(result.cited)
    for key in chosen:
        record = records[key]
        missing = [name for name in CUSTOM_FIELDS if not record.value(name)]
        if missing:
            found.warning(_("'{key}' is in the Penelitian Terdahulu table but lacks {fields}", key=key,
                            fields=", ".join(missing)),
                          result.bib.path, record.line, hint=_("add the fields to the entry (see the README)"))
        if key not in cited:
            found.warning(_("'{key}' is in the Penelitian Terdahulu table but no chapter cites it", key=key),
                          result.bib.path, record.line,
                          hint=_("cite it in a chapter so that it appears in the {reference_list}",
                                 reference_list=REFERENCE_LIST[result.language]))
    result.previous = chosen


def previous_studies_frame(result: LiteratureResult) -> DisplayTable:
    """The Penelitian Terdahulu table as display strings, one row per chosen entry, in table order."""
    decoded = decoded_entries(result.bib, result.previous)
    rows = []
    for number, key in enumerate(result.previous, start=1):
        entry = decoded.get(key, {})
        record = result.bib.records[key]
        year = str(record.year) if record.year is not None else NO_DATE[result.language]
        rows.append([str(number), f"{_authors(entry, result.language)} ({year})", _text(entry.get("title"))]
                    + [_text(entry.get(name)) or "—" for name in CUSTOM_FIELDS])
    return DisplayTable(list(COLUMNS[result.language]), [[str(v) for v in row] for row in rows])


def _authors(entry: dict, language: str) -> str:
    """APA in-text form of the authors: "Weitzer", "Cunningham & Kendall", "Jiang dkk."."""
    names = entry.get("author") or entry.get("editor") or []
    if isinstance(names, str) or not names:
        return _text(names) or "—"
    families = [" ".join(n.von + n.last) if hasattr(n, "last") else str(n) for n in names]
    families = [re.sub(r"[{}]", "", f).strip() for f in families]
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} & {families[1]}"
    return f"{families[0]} {ET_AL[language]}"


def _text(value) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"[{}]", "", str(value))).strip()


def table_meta(result: LiteratureResult, frame: DisplayTable) -> dict:
    """The table's entry for results/literature/tables.json, in the shape of results/tables/tables.json."""
    return {"id": TABLE_ID, "label": f"tbl:{TABLE_ID}", "caption": CAPTION[result.language], "rule": "literature",
            "file": f"{TABLE_ID}.csv", "numeric": [COLUMNS[result.language][0]], "sources": [result.bib.path],
            "shape": [int(frame.shape[0]), int(frame.shape[1])]}
