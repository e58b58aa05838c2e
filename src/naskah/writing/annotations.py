"""Provenance inside the draft: records for every table, bound number and quote, their short form for
HTML popovers and Word comments, the Lampiran listing them, and the build stamp.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from naskah.core.i18n import labels
from naskah.core.markdown import escape, pipe_table
from naskah.writing.chapters import ChapterContext, RenderedChapter
from naskah.writing.crossref import CrossrefResult
from naskah.writing.quotes import quote_anchor

NUMBER_SPAN = re.compile(r"\[([^\]]*)\]\{#(n\d+) \.naskah-num\}")
LINK = re.compile(r"\[([^\]]*)\]\(#[^)]*\)")


def plain(markdown: str) -> str:
    """Markdown of a sentence as a reader sees it (spans, links and escapes removed)."""
    text = NUMBER_SPAN.sub(r"\1", markdown)
    text = LINK.sub(r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.replace("*", "").split())


def sentence_of(text: str, ident: str) -> str:
    """The sentence of the chapter text in which number *ident* is printed."""
    marker = f"{{#{ident} .naskah-num}}"
    at = text.find(marker)
    if at < 0:
        return ""
    start = max(text.rfind(". ", 0, at), text.rfind("\n\n", 0, at), text.rfind("\n#", 0, at))
    end_candidates = [i for i in (text.find(". ", at), text.find("\n\n", at)) if i >= 0]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    return plain(text[start + 1 if start >= 0 else 0:end]).lstrip("#> ").strip()


def collect_records(context: ChapterContext, chapters: list[RenderedChapter], numbered: CrossrefResult) -> dict:
    """Numbers (with the sentence they sit in), tables and quotes of this draft."""
    targets = numbered.targets
    numbers = []
    texts = "\n\n".join(numbered.chapters)
    for record in context.numbers.records:
        cell = record["cell"]
        table = targets.get(f"tbl:{cell['table']}") if cell else None
        numbers.append({**record, "table": table.text if table else None, "sentence": sentence_of(texts, record["id"])})
    quotes = []
    seen = set()
    for chapter in chapters:
        for ref in chapter.quotes:
            informant, number = ref.split(":")
            turn = context.corpus.turn(informant, int(number))
            key = (ref, chapter.path)
            if turn is None or key in seen:
                continue
            seen.add(key)
            quotes.append({"ref": ref, "informant": informant, "turn": int(number), "transcript": turn.path,
                           "line": turn.line, "chapter": chapter.path, "redacted": turn.raw is not None})
    return {
        "targets": {label: vars(target) for label, target in sorted(targets.items())},
        "numbers": numbers,
        "quotes": quotes,
        "tables_used": context.used_tables,
        "redactions": context.corpus.redactions,
    }


def short_records(records: dict, tables_meta: dict, hashes: dict[str, str], language: str) -> dict[str, str]:
    """One line per table and number: what an HTML popover or a Word comment shows."""
    lab = labels(language)
    out = {}
    for number in records["numbers"]:
        where = ""
        if number["cell"]:
            row = number["cell"]["row"]
            # the table's number when the draft shows it, else its CSV
            table = number["table"] or f"results/tables/{number['cell']['table']}.csv"
            where = f" · {table}" + (f", {row}" if row else "") + f", {number['cell']['column']}"
        refs = number["refs"]
        counted = f" · {len(refs)} {lab['rows_counted']}: {', '.join(refs[:8])}{' …' if len(refs) > 8 else ''}"
        counted = counted if refs else ""
        out[number["id"]] = f"{number['expr']} = {number['value']}{where}{counted} · facts.json (analyse)"
    for table in tables_meta.get("tables", []):
        target = records["targets"].get(table["label"])
        if not target:
            continue
        sources = _summarise_sources(table["sources"], hashes)
        out[table["label"]] = (f"{target['text']} · {lab['made_by']} {table['rule']} · "
                               f"{table['shape'][0]}×{table['shape'][1]} · {sources} · {table['file']}")
    return out


def _summarise_sources(sources: list[str], hashes: dict[str, str]) -> str:
    """Sources with short hashes; many files of one folder are summarised by a combined hash."""
    by_folder: dict[str, list[str]] = {}
    for path in sources:
        by_folder.setdefault(path.rsplit("/", 1)[0] if path.count("/") > 1 else path, []).append(path)
    parts = []
    for folder, paths in sorted(by_folder.items()):
        if len(paths) == 1:
            parts.append(f"{paths[0]} #{(hashes.get(paths[0]) or '?')[:10]}")
        else:
            combined = "".join(f"{p} {hashes.get(p)}\n" for p in sorted(paths))
            digest = hashlib.sha256(combined.encode()).hexdigest()[:10]
            parts.append(f"{folder}/ ({len(paths)} files) #{digest}")
    return "; ".join(parts)


def appendix(records: dict, tables_meta: dict, hashes: dict[str, str], language: str) -> str:
    """The Lampiran: every generated table, bound number and quotation with where it comes from."""
    import pandas as pd

    lab = labels(language)
    parts = [f"# {lab['appendix']} {{#lampiran-provenance .unnumbered}}", ""]
    table_rows = []
    for table in tables_meta.get("tables", []):
        target = records["targets"].get(table["label"])
        if target:
            table_rows.append({lab["table"]: target["text"], lab["caption"]: table["caption"], "Rule": table["rule"],
                               lab["sources"]: _summarise_sources(table["sources"], hashes)})
    if table_rows:
        parts += [f"## {lab['appendix_tables']}", "", pipe_table(pd.DataFrame(table_rows), "", "", None,
                                                                 caption_line=False), ""]
    if records["numbers"]:
        # a list, not a table: a long expression cannot wrap inside a narrow table column
        parts += [f"## {lab['appendix_numbers']}", ""]
        for n in records["numbers"]:
            cell = f" — {escape(_cell_text(n))}" if n["cell"] else ""
            counted = f"; {len(n['refs'])} {lab['rows_counted']}" if n["refs"] else ""
            parts.append(f"- `{n['expr']}` = {escape(n['value'])}{cell}{counted}")
        parts.append("")
    quotes = sorted({(q["informant"], q["turn"]): q for q in records["quotes"]}.values(),
                    key=lambda q: (q["informant"], q["turn"]))
    if quotes:
        parts += [f"## {lab['appendix_quotes']}", ""]
        for q in quotes:
            ident = quote_anchor(q["ref"])
            sha = (hashes.get(q["transcript"]) or "?")[:12]
            redacted = f" ({lab['redacted_note']})" if q["redacted"] else ""
            parts.append(f"- [{escape(q['informant'])}, {lab['turn']} {q['turn']}]{{#{ident}}}: "
                         f"{escape(q['transcript'])}:{q['line']}, sha256 {sha}{redacted}")
        parts.append("")
    return "\n".join(parts)


def _cell_text(number: dict) -> str:
    cell = number["cell"]
    if not cell:
        return ""
    table = number["table"] or f"results/tables/{cell['table']}.csv"
    return f"{table}: " + " / ".join(x for x in (cell["row"], cell["column"]) if x)


def build_stamp(env: dict, fingerprint: str, epoch: int, language: str) -> str:
    """A short line on the back of the title page: naskah version, commit, date and sources hash."""
    lab = labels(language)
    git = env.get("git", {})
    commit = (git.get("commit") or "")[:12]
    state = (lab["stamp_dirty"] if git.get("dirty") else lab["stamp_clean"]) if commit else ""
    commit_text = f"commit {commit} ({state})" if commit else lab["stamp_no_git"]
    date = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%d")
    return (f"::: {{.build-stamp}}\n{lab['stamp']} naskah {env['versions']['naskah']} · {commit_text} · {date} · "
            f"{lab['stamp_sources']} sha256:{fingerprint[:16]}\n:::\n")
