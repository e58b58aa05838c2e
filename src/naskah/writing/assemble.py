"""Assembling the thesis: title page, lists, numbered chapters, Daftar Pustaka → one Markdown file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from naskah.analysis.tables import ResultTable
from naskah.core import files
from naskah.core.clock import source_date_epoch
from naskah.core.errors import Diagnostics, InputError
from naskah.core.i18n import labels
from naskah.core.markdown import escape
from naskah.data.codebook import Codebook, load_codebook
from naskah.data.config import Config
from naskah.data.transcripts import Corpus, load_corpus
from naskah.privacy.detectors import MARKERS, detector_for, redact_corpus
from naskah.provenance import manifest as provenance
from naskah.writing.annotations import appendix, build_stamp, collect_records, short_records
from naskah.writing.chapters import ChapterContext, render_chapters
from naskah.writing.crossref import CrossrefResult, number_document


def load_inputs(config: Config, diags: Diagnostics | None = None) -> tuple[Codebook, Corpus]:
    """The codebook and the validated corpus, its turns redacted for display (see naskah.privacy.detectors)."""
    codebook_path = config.input_path("codebook")
    codebook = load_codebook(codebook_path, config.shown(codebook_path))
    corpus = load_corpus(config, codebook, diags)
    return codebook, redact_corpus(corpus, detector_for(config), MARKERS[config.language])


def read_results(tables_metas: list[Path], facts_path: Path) -> tuple[dict[str, ResultTable], dict]:
    """The tables the analysis (and, when it ran, the literature job) wrote, exactly as in their CSV,
    and the facts. The analysis's outputs are required; further tables are optional."""
    for needed in (tables_metas[0], facts_path):
        if not needed.is_file():
            raise InputError(f"{needed.as_posix()} does not exist", hint="run `naskah analyse` first "
                             "(or build everything with `snakemake -c2`)")
    tables = {}
    for tables_meta in [tables_metas[0]] + [p for p in tables_metas[1:] if p.is_file()]:
        meta = json.loads(tables_meta.read_text(encoding="utf-8"))
        for item in meta["tables"]:
            path = tables_meta.parent / item["file"]
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            tables[item["id"]] = ResultTable(item["id"], item["caption"], frame, item["numeric"], item["sources"],
                                             item.get("rule", "analyse"), path.as_posix())
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    return tables, facts


def build_markdown(config: Config, codebook: Codebook, corpus: Corpus, facts: dict,
                   tables: dict[str, ResultTable]) -> tuple[str, CrossrefResult, ChapterContext]:
    """Render the chapters, number them and wrap them in the thesis's front and back matter."""
    context = ChapterContext(config, codebook, corpus, facts, tables)
    chapters = render_chapters(config, context)
    numbered = number_document(chapters, config.language)
    lab = labels(config.language)
    render_settings = config.data["render"]
    records = collect_records(context, chapters, numbered)
    inputs = provenance.inputs_record(config)
    hashes = {i["path"]: i["sha256"] for i in inputs}
    env = provenance.environment(config)
    epoch = source_date_epoch(config)
    tables_meta = {"tables": [{"label": t.label, "caption": t.caption, "file": t.file or f"results/tables/{t.id}.csv",
                               "shape": list(t.frame.shape), "sources": t.sources, "rule": t.rule}
                              for t in tables.values()]}
    context.records = records
    table_targets = numbered.of_kind("table")
    figure_targets = numbered.of_kind("figure")
    contents = [(1, lab["list_of_tables"], "daftar-tables")]
    if figure_targets:
        contents.append((1, lab["list_of_figures"], "daftar-figures"))
    contents += [(level, text, ident) for level, text, ident in numbered.headings if level <= 3]
    contents.append((1, lab["references"], "daftar-pustaka"))
    if render_settings["provenance_appendix"]:
        contents.append((1, lab["appendix"], "lampiran-provenance"))
    meta = {
        # escaped: pandoc reads metadata strings as Markdown
        "naskah-records": {k: escape(v) for k, v in short_records(records, tables_meta, hashes,
                                                                   config.language).items()},
        "naskah-comments": bool(render_settings["docx_comments"]),
        "naskah-date": dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    parts = [_metadata(config, meta), _title_page(config),
             build_stamp(env, provenance.sources_fingerprint(inputs, env), epoch, config.language),
             "::: {.pagebreak}\n:::\n", _list("toc", lab["toc"], contents)]
    parts.append(_list("tables", lab["list_of_tables"],
                       [(1, f"{t.text} {t.caption}", t.label) for t in table_targets]))
    if figure_targets:
        parts.append(_list("figures", lab["list_of_figures"],
                           [(1, f"{t.text} {t.caption}", t.label) for t in figure_targets]))
    parts.extend(text.strip() + "\n" for text in numbered.chapters)
    parts.append(f"# {lab['references']} {{#daftar-pustaka .unnumbered}}\n\n::: {{#refs}}\n:::\n")
    if render_settings["provenance_appendix"]:
        parts.append(appendix(records, tables_meta, hashes, config.language))
    return "\n".join(parts), numbered, context


def _metadata(config: Config, extra: dict) -> str:
    lab = labels(config.language)
    thesis = config.thesis
    meta = {
        **extra,
        "pagetitle": thesis["title"],
        "author-meta": thesis["author"],
        "lang": lab["csl_lang"],
        "typst-lang": config.language,
        "papersize": config.data["render"]["paper"],
        "link-citations": True,
        "link-bibliography": True,
        "suppress-bibliography": False,
    }
    return "---\n" + json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n---\n"


def _title_page(config: Config) -> str:
    lab = labels(config.language)
    t = config.thesis
    lines = [f"**{(t.get('document_type') or lab['document_type']).upper()}**", f"**{t['title'].upper()}**"]
    if t.get("subtitle"):
        lines.append(t["subtitle"])
    lines.append(t.get("degree_statement") or lab["degree_statement"])
    lines.append(f"**{escape(t['author'])}**\\\n{lab['student_id']} {escape(t['student_id'])}")
    if t.get("supervisors"):
        lines.append(f"{lab['supervisors']}:\\\n" + "\\\n".join(escape(s) for s in t["supervisors"]))
    lines.append("\\\n".join(escape(x).upper() for x in (t["programme"], t["faculty"], t["university"])))
    lines.append(f"{escape(t['city']).upper()}\\\n{t['year']}")
    body = "\n\n".join(lines)
    return f"::: {{.title-page}}\n{body}\n:::\n\n::: {{.pagebreak}}\n:::\n"  # the stamp follows on its back


def _list(kind: str, title: str, items: list[tuple[int, str, str]]) -> str:
    """A list of contents/tables/figures: static links for HTML and DOCX; typst replaces it by an outline."""
    lines = [f"::: {{.naskah-list kind=\"{kind}\"}}", f"# {title} {{#daftar-{kind} .unnumbered .front}}", ""]
    for level, text, ident in items:
        indent = "    " * (level - 1)
        lines.append(f"{indent}- [{text}](#{ident})")
    lines += [":::", "", "::: {.pagebreak}", ":::", ""]
    return "\n".join(lines)


def write_thesis(markdown: str, numbered: CrossrefResult, context: ChapterContext, out_md: Path,
                 out_crossref: Path) -> None:
    files.write_text(out_md, markdown)
    files.write_json(out_crossref, context.records)
