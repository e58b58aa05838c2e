"""Provenance inside the draft: records for every table, bound number and quote, their short form for
HTML tooltips and Word comments, their account for the HTML panel (what ``naskah trace`` would say, in
the thesis language), the Lampiran listing them, and the build stamp.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from naskah.core.i18n import labels
from naskah.core.markdown import escape
from naskah.core.suggest import singular_ones
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


CITATION = re.compile(r"\s*\[[^\[\]]*@[^\[\]]*\]")
SENTENCE_END = re.compile(r"[.!?](?=\s)")


def context_of(text: str, ident: str, value: str, around: int = 6) -> str:
    """The words around number *ident* within its sentence ("… muncul pada 14 informan, keterlibatan …"):
    enough to tell two equal numbers of one sentence apart."""
    marker = f"{{#{ident} .naskah-num}}"
    at = text.find(marker)
    start = text.rfind("[", 0, at)
    if at < 0 or start < 0:
        return value
    paragraph_start = max(text.rfind("\n\n", 0, start), text.rfind("\n#", 0, start)) + 1
    ends = [i for i in (text.find("\n\n", at),) if i >= 0]
    raw_before = CITATION.sub("", text[paragraph_start:start])
    raw_after = CITATION.sub("", text[at + len(marker):ends[0] if ends else len(text)])
    before = plain(raw_before).lstrip("#> ")
    after = plain(raw_after)
    sentence_ends = list(SENTENCE_END.finditer(before + " "))
    before = before[sentence_ends[-1].end():].strip() if sentence_ends else before
    end = SENTENCE_END.search(after + " ")
    after = after[:end.end()] if end else after
    words_before, words_after = before.split(), after.split()
    head = ("… " if len(words_before) > around else "") + " ".join(words_before[-around:])
    tail = " ".join(words_after[:around]) + (" …" if len(words_after) > around else "")
    glue_before = " " if head and raw_before[-1:].isspace() else ""
    glue_after = " " if tail and raw_after[:1].isspace() else ""
    return f"{head}{glue_before}{value}{glue_after}{tail}".strip()


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
                           "line": turn.line, "chapter": chapter.path, "redacted": turn.raw is not None,
                           "text": turn.text})  # as displayed (redacted): naskah trace shows it
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
        unit = lab["rows_counted"] if any("/" in r for r in refs) else lab["turns_counted"]  # file:line or I03:12
        counted = f" · {len(refs)} {unit}: {', '.join(refs[:8])}{' …' if len(refs) > 8 else ''}"
        counted = counted if refs else ""
        out[number["id"]] = f"{number['expr']} = {number['value']}{where}{counted} · facts.json (analyse)"
    for table in tables_meta.get("tables", []):
        target = records["targets"].get(table["label"])
        if not target:
            continue
        sources = _summarise_sources(table["sources"], hashes, lab["files"])
        out[table["label"]] = (f"{target['text']} · {lab['made_by']} {table['rule']} · "
                               f"{table['shape'][0]}×{table['shape'][1]} · {sources} · {table['file']}")
    return out


# the HTML provenance panel's words (review copies; resources/provenance-panel.js lays the account out)
PANEL_WORDS = {
    "id": {"panel": "Asal-usul data", "close": "Tutup", "trace": "Telusuri", "number": "Angka", "quote": "Kutipan",
           "turn": "giliran", "row": "baris", "column": "kolom", "rows": "baris", "columns": "kolom",
           "sentence": "Kalimat", "same_as": "Sama dengan", "rule": "Aturan", "file": "Berkas",
           "from": "Dihitung dari", "counts": "Dihitung dari {n} giliran dalam {m} transkrip",
           "counts_rows": "Dihitung dari {n} baris {file}", "source": "Sumber", "quoted_in": "Dikutip di",
           "counted_in": "Dihitung dalam", "redacted": "disamarkan sebelum ditampilkan", "and": "dan",
           "numbers_from": "Angka di teks dari tabel ini", "transcripts": "transkrip", "appendix": "Lihat di Lampiran"},
    "en": {"panel": "Data provenance", "close": "Close", "trace": "Trace", "number": "Number", "quote": "Quotation",
           "turn": "turn", "row": "row", "column": "column", "rows": "rows", "columns": "columns",
           "sentence": "Sentence", "same_as": "Same as", "rule": "Rule", "file": "File",
           "from": "Computed from", "counts": "Counts {n} turns in {m} transcripts",
           "counts_rows": "Counts {n} rows of {file}", "source": "Source", "quoted_in": "Quoted in",
           "counted_in": "Counted in", "redacted": "redacted before display", "and": "and",
           "numbers_from": "Numbers in the text from this table", "transcripts": "transcripts",
           "appendix": "See the appendix"},
}


def panel_accounts(records: dict, tables_meta: dict, transcripts: dict[str, str], language: str) -> dict:
    """What the HTML panel shows for each traceable number, table and quoted turn, keyed by the id
    ``naskah trace`` accepts (``n12``, ``tbl:<id>``, ``I01:14``), in the thesis language: what it is, the
    sentence with its chapter ``file:line``, the table cell, the rule, the turns counted grouped by
    informant, the quoted text. *transcripts* maps an informant to its transcript as shown.

    An account is ``{"trace", "title", "rows": [{"label", "text", "where"?}], "groups": [{"label", "items"}]?,
    "quote"?}``: plain text only (the panel's script writes it as text, never as HTML)."""
    w = PANEL_WORDS.get(language, PANEL_WORDS["id"])
    targets = records["targets"]
    chapters = {t["chapter"]: t["text"] for t in targets.values() if t["kind"] in ("chapter", "front")}

    def place(chapter: str, line: int | None = None) -> str:
        where = chapter + (f":{line}" if line else "")
        return where + (f" ({chapters[chapter]})" if chapter in chapters else "")

    accounts: dict[str, dict] = {}
    for n in records["numbers"]:
        rows = [{"label": w["sentence"], "text": f"“{n['sentence']}”", "where": place(n["chapter"], n.get("line"))}]
        if n["cell"]:
            cell = n["cell"]
            at = [x for x in ((f"{w['row']} {cell['row']}" if cell.get("row") else None),
                              f"{w['column']} {cell['column']}") if x]
            rows.append({"label": w["same_as"],
                         "text": ", ".join([n["table"] or f"results/tables/{cell['table']}.csv", *at])})
        rows.append({"label": w["rule"], "text": "analyse → results/analysis/facts.json"})
        by_informant: dict[str, list[str]] = {}
        by_file: dict[str, list[str]] = {}
        for ref in n["refs"]:
            owner, _, where = ref.rpartition(":")
            (by_file if "/" in owner else by_informant).setdefault(owner, []).append(where)
        groups = []
        if by_informant:
            groups.append({"label": singular_ones(w["counts"].format(n=sum(map(len, by_informant.values())),
                                                                   m=len(by_informant))),
                           "items": [f"{who} ({transcripts.get(who, '?')}): {w['turn']} {', '.join(turns)}"
                                     for who, turns in by_informant.items()]})
        for file, lines in by_file.items():
            groups.append({"label": singular_ones(w["counts_rows"].format(n=len(lines), file=file)),
                           "items": [f"{w['row']} {', '.join(lines)}"]})
        accounts[n["id"]] = {"trace": n["id"], "title": f"{w['number']} {n['value']} — {n['expr']}", "rows": rows,
                             **({"groups": groups} if groups else {})}
    for table in tables_meta.get("tables", []):
        target = targets.get(table["label"])
        if not target:
            continue
        shown = [f"{n['value']} ({n['id']})" for n in records["numbers"]
                 if n["cell"] and f"tbl:{n['cell']['table']}" == table["label"]]
        rows_n, cols_n = table["shape"]
        accounts[table["label"]] = {
            "trace": table["label"], "title": f"{target['text']} — {table['caption']}",
            "rows": [{"label": w["file"], "text": singular_ones(f"{table['file']} ({rows_n} {w['rows']} × {cols_n} "
                                                                f"{w['columns']})")},
                     {"label": w["rule"], "text": table["rule"]},
                     {"label": w["from"], "text": _sources_plain(table["sources"], w)}],
            **({"groups": [{"label": w["numbers_from"], "items": shown}]} if shown else {})}
    for ref in dict.fromkeys(q["ref"] for q in records["quotes"]):
        quoted = [q for q in records["quotes"] if q["ref"] == ref]
        first = quoted[0]
        counted = [f"{n['id']}: {n['expr']} = {n['value']}" for n in records["numbers"] if ref in n["refs"]]
        rows = [{"label": w["source"], "text": f"{first['transcript']}:{first['line']}"},
                {"label": w["quoted_in"], "text": "; ".join(dict.fromkeys(place(q["chapter"]) for q in quoted))}]
        more = [f"… (+{len(counted) - 6})"] if len(counted) > 6 else []  # naskah trace lists them all
        accounts[ref] = {"trace": ref, "title": f"{w['quote']} — {first['informant']}, {w['turn']} {first['turn']}",
                         "rows": rows, "quote": first["text"] + (f" ({w['redacted']})" if first["redacted"] else ""),
                         **({"groups": [{"label": w["counted_in"], "items": counted[:6] + more}]} if counted else {})}
    return accounts


def panel_data(records: dict, tables_meta: dict, transcripts: dict[str, str], language: str) -> dict:
    """The HTML panel's words and accounts, as plain text (written to naskah.core.layout.PANEL as JSON; the
    HTML filter inlines it, the script shows it as text)."""
    words = PANEL_WORDS.get(language, PANEL_WORDS["id"])
    return {"words": {k: words[k] for k in ("panel", "close", "trace", "appendix")},
            "accounts": panel_accounts(records, tables_meta, transcripts, language)}


def _sources_plain(sources: list[str], w: dict) -> str:
    """"3 transkrip (data/transcripts/), data/codebook.yaml dan data/informants.csv"."""
    folders: dict[str, int] = {}
    others = []
    for path in sources:
        if "/transcripts/" in f"/{path}":
            folder = path.rsplit("/", 1)[0] + "/"
            folders[folder] = folders.get(folder, 0) + 1
        else:
            others.append(path)
    parts = [f"{n} {w['transcripts']} ({folder})" for folder, n in sorted(folders.items())] + sorted(others)
    return (", ".join(parts[:-1]) + f" {w['and']} {parts[-1]}") if len(parts) > 1 else (parts[0] if parts else "—")


def _summarise_sources(sources: list[str], hashes: dict[str, str], files_word: str = "files") -> str:
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
            parts.append(f"{folder}/ ({len(paths)} {files_word}) #{digest}")
    return "; ".join(parts)


def appendix(title: str, records: dict, tables_meta: dict, texts: str, language: str) -> str:
    """The Lampiran for people: per table (in table order), number and quotation, in plain words in the
    thesis language, where it comes from. No template expressions and no hashes: those are in
    ``results/provenance.json`` for ``naskah trace``. *texts* is the numbered chapters' Markdown."""
    lab = labels(language)
    parts = [f"# {title} {{#lampiran-provenance .unnumbered .appendix}}", "", lab["lampiran_intro"], ""]
    targets = records["targets"]
    tables = [(targets[t["label"]], t) for t in tables_meta.get("tables", []) if t["label"] in targets]
    tables.sort(key=lambda item: _number_key(item[0]["number"]))
    if tables:
        parts += [f"## {lab['appendix_tables']} {{.unnumbered}}", ""]
        for target, table in tables:
            sentence = lab["table_from"].format(table=f"**{target['text']}**", caption=escape(table["caption"]),
                                                sources=_sources_in_words(table["sources"], lab),
                                                rule=table["rule"])
            parts.append(f"- {sentence}")
        parts.append("")
    chapters = {t["chapter"]: t["text"] for t in targets.values() if t["kind"] in ("chapter", "front")}
    lines, seen = [], set()
    for n in records["numbers"]:
        line = _number_in_words(n, context_of(texts, n["id"], n["value"]), chapters, lab)
        if line not in seen:  # the same number in the same sentence is listed once
            seen.add(line)
            lines.append(f"- {line}")
    if lines:
        parts += [f"## {lab['appendix_numbers']} {{.unnumbered}}", "", *lines, ""]
    quotes = sorted({(q["informant"], q["turn"]): q for q in records["quotes"]}.values(),
                    key=lambda q: (q["informant"], q["turn"]))
    if quotes:
        parts += [f"## {lab['appendix_quotes']} {{.unnumbered}}", ""]
        for q in quotes:
            redacted = f" ({lab['redacted_note']})" if q["redacted"] else ""
            text = lab["quote_line"].format(informant=escape(q["informant"]), turn=q["turn"],
                                            file=escape(q["transcript"]), line=q["line"])
            parts.append(f"- [{text}]{{#{quote_anchor(q['ref'])}}}{redacted}")
        parts.append("")
    return "\n".join(parts)


def _number_key(number: str) -> tuple:
    return tuple(int(x) if x.isdigit() else 0 for x in number.split("."))


def _sources_in_words(sources: list[str], lab: dict) -> str:
    """"14 transkrip (data/transcripts/), kolom *codes*, data/codebook.yaml dan data/informants.csv"."""
    transcripts = [p for p in sources if "/transcripts/" in f"/{p}"]
    others = [p for p in sources if p not in transcripts]
    words = []
    if transcripts:
        folder = transcripts[0].rsplit("/", 1)[0] + "/"
        coded = any(p.endswith((".yaml", ".yml")) for p in others)  # a codebook: the turns' codes were counted
        words.append(singular_ones(lab["transcripts_n"].format(n=len(transcripts))) + f" ({escape(folder)})"
                     + (f", {lab['column_codes']}" if coded else ""))
    words += [escape(p) for p in sorted(others)]
    if len(words) > 1:
        return ", ".join(words[:-1]) + f" {lab['and']} {words[-1]}"
    return words[0] if words else "—"


def _number_in_words(number: dict, context: str, chapters: dict[str, str], lab: dict) -> str:
    """"angka 14 pada Bab IV, “… muncul pada 14 informan …”: sama dengan Tabel 4.1 (…); dihitung dari …"."""
    chapter = chapters.get(number["chapter"], number["chapter"])
    text = lab["number_line"].format(value=escape(number["value"]), chapter=escape(chapter),
                                     sentence=escape(context))
    details = []
    cell = number["cell"]
    if cell and number["table"]:
        where = " / ".join(x for x in (cell["row"], cell["column"]) if x)
        details.append(lab["number_from_table"].format(table=number["table"]) + f" ({escape(where)})")
    turns = [r for r in number["refs"] if "/" not in r]  # transcript turns, I03:12
    rows = [r for r in number["refs"] if "/" in r]  # rows of a file, data/informants.csv:4
    counted = []
    if turns:
        informants = len({r.split(":")[0] for r in turns})
        counted.append(singular_ones(lab["number_counts"].format(n=len(turns), m=informants)))
    if rows:
        files_ = sorted({r.rsplit(":", 1)[0] for r in rows})
        counted.append(singular_ones(lab["number_counts_rows"].format(n=len(rows), file=escape(", ".join(files_)))))
    if counted:
        details.append(f" {lab['and']} ".join(counted).replace(f" {lab['and']} dihitung dari", f" {lab['and']}")
                       .replace(f" {lab['and']} counted from", f" {lab['and']}"))
    return text + (": " + "; ".join(details) + "." if details else "")


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
