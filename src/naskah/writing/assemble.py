"""Assembling the thesis: front matter, numbered chapters, Daftar Pustaka, Lampiran → one Markdown file.

``results/thesis.md`` is the contract between naskah and the three format writers: the parts are
fenced divs and heading attributes the Lua filters, the DOCX post-processor and the typst template
recognise (``.title-page``, ``.front-part``, ``.naskah-list``, ``.main-matter``, ``.chapter label=``,
``.caption-label``, ``.caption-source``, ``.back``, ``.appendix``), and the metadata carries the
few style settings they need (``naskah-style``). The README documents the shape.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from naskah.analysis.shared_refs import resolve_refs
from naskah.core import files
from naskah.core.clock import source_date_epoch
from naskah.core.errors import InputError
from naskah.core.i18n import labels
from naskah.core.layout import FIGURE_IDS, PANEL, RECORDS
from naskah.core.markdown import escape
from naskah.core.messages import _
from naskah.core.table import DisplayTable, ResultTable
from naskah.data.codebook import Codebook
from naskah.data.config import Config
from naskah.data.transcripts import Corpus
from naskah.privacy.displayed import load_inputs  # noqa: F401 - the displayed corpus, re-exported
from naskah.provenance import manifest as provenance
from naskah.writing.annotations import (
    appendix,
    build_stamp,
    collect_records,
    panel_data,
    short_records,
)
from naskah.writing.chapters import ChapterContext, render_chapters
from naskah.writing.crossref import CrossrefResult, number_document
from naskah.writing.frontmatter import (
    LISTS,
    TEXT_PARTS,
    approval,
    contents_list,
    front_ident,
    originality,
    text_part,
    title_page,
)
from naskah.writing.webstyle import html_style

GENERATED = ("title_page", "approval", "originality")  # front-matter parts made from the config


def read_results(tables_metas: list[Path], facts_path: Path) -> tuple[dict[str, ResultTable], dict]:
    """The tables the analysis (and, when it ran, the literature job) wrote, exactly as in their CSV,
    and the facts. The analysis's outputs are required; further tables are optional."""
    for needed in (tables_metas[0], facts_path):
        if not needed.is_file():
            raise InputError(_("{path} does not exist", path=needed.as_posix()),
                             hint=_("run `naskah analyse` first (or build everything with `snakemake -c2`)"))
    tables = {}
    for tables_meta in [tables_metas[0]] + [p for p in tables_metas[1:] if p.is_file()]:
        meta = json.loads(tables_meta.read_text(encoding="utf-8"))
        for item in meta["tables"]:
            path = tables_meta.parent / item["file"]
            frame = DisplayTable.read_csv(path)
            tables[item["id"]] = ResultTable(item["id"], item["caption"], frame, item["numeric"], item["sources"],
                                             item.get("rule", "analyse"), path.as_posix())
    facts = resolve_refs(json.loads(facts_path.read_text(encoding="utf-8")))  # as the analysis had them
    return tables, facts


def build_markdown(config: Config, codebook: Codebook, corpus: Corpus, facts: dict,
                   tables: dict[str, ResultTable]) -> tuple[str, CrossrefResult, ChapterContext]:
    """Render the chapters, number them and wrap them in the thesis's front and back matter.

    The result follows the Markdown contract the format filters read (README, "The assembled Markdown").
    """
    style = config.style
    context = ChapterContext(config, codebook, corpus, facts, tables)
    chapters = render_chapters(config, context)
    numbered = number_document(chapters, config.language, style, caption_sources(config, tables))
    lab = labels(config.language)
    records = collect_records(context, chapters, numbered)
    inputs = provenance.inputs_record(config)
    hashes = {i["path"]: i["sha256"] for i in inputs}
    env = provenance.environment(config)
    epoch = source_date_epoch(config)
    tables_meta = {"tables": [{"label": t.label, "caption": t.caption, "file": t.file or f"results/tables/{t.id}.csv",
                               "shape": list(t.frame.shape), "sources": t.sources, "rule": t.rule}
                              for t in tables.values()]}
    context.records = records
    review = config.mode == "review"
    appendices = []  # (heading text, id, Markdown)
    if config.render_switch("provenance_appendix"):
        title = f"{lab['appendix']} {len(appendices) + 1} {lab['provenance_title']}"
        appendices.append((title, "lampiran-provenance",
                           appendix(title, records, tables_meta, "\n\n".join(numbered.chapters), config.language)))
    texts = {chapter.part: text for chapter, text in zip(chapters, numbered.chapters, strict=True) if chapter.part}
    body = [text for chapter, text in zip(chapters, numbered.chapters, strict=True) if not chapter.part]
    stamp = (build_stamp(env, provenance.sources_fingerprint(inputs, env), epoch, config.language)
             if config.render_switch("stamp") else "")

    order = [p for p in style.front_matter if p in GENERATED or p in texts or p in LISTS]
    extra = [p for p in texts if p not in style.front_matter and p not in TEXT_PARTS]  # e.g. 00-persembahan.md
    at = order.index("toc") if "toc" in order else len(order)
    order[at:at] = extra
    lists = {
        "tables": [(1, f"{t.text} {t.caption}", t.label) for t in numbered.of_kind("table")],
        "figures": [(1, f"{t.text} {t.caption}", t.label) for t in numbered.of_kind("figure")],
        "appendices": [(1, title, ident) for title, ident, _ in appendices],
    }
    contents = []
    for part in order:
        if part in LISTS and part != "toc" and lists[LISTS[part]]:
            contents.append((1, lab[part], f"daftar-{LISTS[part]}"))
        elif part in texts:
            contents.append((1, *numbered.parts[part]))
        elif part in GENERATED and part != "title_page":
            contents.append((1, lab[part], front_ident(part)))
    contents += [(level, text, ident) for level, text, ident in numbered.headings if level <= 3]
    contents.append((1, lab["references"], "daftar-pustaka"))
    contents += lists["appendices"]
    lists["toc"] = contents

    # the HTML panel's accounts and the one-line records are not part of the Markdown: write_records makes them
    # while pandoc reads it (stages.assemble)
    context.annotations = (records, tables_meta, corpus.files, hashes) if review else None
    meta = {
        # review copies: where the one-line records (tooltips, Word comments) and the HTML's provenance panel
        # (per traceable number, table and quoted turn, what naskah trace says) are: JSON files the filters
        # decode, not metadata, which pandoc would parse as Markdown in every render
        "naskah-annotations": {"records": RECORDS, "panel": PANEL} if review else {},
        "naskah-comments": config.render_switch("docx_comments"),
        "naskah-date": dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "naskah-style": style_metadata(config),
        "header-includes": html_style(style),  # the style's font, spacing and page for the HTML draft
    }
    parts = [_metadata(config, meta)]
    if stamp and "title_page" not in order:
        parts.append(stamp)
    for part in order:
        if part == "title_page":
            parts.append(title_page(config))
            if stamp:
                parts.append(stamp)  # on the back of the title page
        elif part == "approval":
            parts.append(approval(config))
        elif part == "originality":
            parts.append(originality(config))
        elif part in texts:
            parts.append(text_part(part, texts[part]))
        elif part in LISTS and (part == "toc" or lists[LISTS[part]]):
            parts.append(contents_list(LISTS[part], config.language, lists[LISTS[part]]))
    parts.append("::: {.main-matter}\n:::\n")  # the body starts here: page numbers restart at 1, arabic
    parts.extend(text.strip() + "\n" for text in body)
    parts.append(f"# {lab['references']} {{#daftar-pustaka .unnumbered .back}}\n\n::: {{#refs}}\n:::\n")
    parts.extend(markdown for _, _, markdown in appendices)
    return "\n".join(parts), numbered, context


def caption_sources(config: Config, tables: dict[str, ResultTable]) -> dict[str, str]:
    """The "Sumber: …" text of each table and figure by label: the config's ``tables.sources``, else
    "Data primer, diolah (YEAR)" for what the analysis computed and the library for the literature table."""
    lab = labels(config.language)
    given = config.tables.get("sources") or {}
    primary = lab["source_primary"].format(year=config.thesis["year"])
    library = lab["source_library"].format(library=config.shown(config.input_path("bibliography")))
    out = {}
    for table in tables.values():
        out[table.label] = escape(library if table.rule == "literature" else primary)
    for figure_id in FIGURE_IDS:
        out[f"fig:{figure_id}"] = escape(primary)
    for key, text in given.items():
        label = f"fig:{key[len('figure:'):]}" if key.startswith("figure:") else f"tbl:{key}"
        out[label] = escape(text)
    return out


def style_metadata(config: Config) -> dict:
    """The few style settings the format filters read from the metadata (``naskah-style``)."""
    style = config.style
    chapter = style.heading(1)
    return {
        "mode": config.mode,
        "caption-separator": style.captions.separator,
        "caption-align": style.captions.align,
        "table-rules": style.tables.rules,
        "chapter-title-on-new-line": bool(chapter.get("title_on_new_line", False)) if chapter else False,
        "continued": labels(config.language)["continued"],
    }


def _metadata(config: Config, extra: dict) -> str:
    lab = labels(config.language)
    thesis = config.thesis
    meta = {
        **extra,
        "pagetitle": thesis["title"],
        "author-meta": thesis["author"],
        "lang": lab["csl_lang"],
        "typst-lang": config.language,
        "papersize": config.render.paper,
        "link-citations": True,
        "link-bibliography": True,
        "suppress-bibliography": False,
    }
    return "---\n" + json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n---\n"


def write_records(context: ChapterContext, out_crossref: Path, out_panel: Path | None = None,
                  out_records: Path | None = None) -> None:
    """What the draft's numbers, tables and quotations were made from (crossref.json), the HTML panel's
    accounts and the one-line records; thesis.md itself is the caller's (stages.assemble)."""
    files.write_json(out_crossref, context.records)
    made = getattr(context, "annotations", None)  # None in a final copy, which has neither
    language = context.config.language
    if out_panel is not None:
        files.write_json(out_panel, (panel_data(*made[:3], language) if made else None) or {})
    if out_records is not None:
        files.write_json(out_records, (short_records(made[0], made[1], made[3], language) if made else None) or {})
