"""``naskah trace``: where something in the draft comes from, asked the way a reader sees it.

An advisor reads "Tabel 4.2", a number in a sentence, or "(I03, giliran 12)"; they should not need
naskah's internal ids to ask about it. :func:`resolve` accepts what the draft shows ("Tabel 4.2",
"Table 4.2", "Gambar 4.1", "4.2", ``I03:12``), the ids the HTML shows (``tbl:stage-coverage``, ``n12``)
and template expressions (``stage.kontak.informants``). :func:`account` builds a short record of it —
what it is, the sentence and its chapter ``file:line``, the rule, the transcripts and turns counted
(grouped by informant), the quoted text — which :func:`render` words in the thesis language and
``--json`` prints as it is. Hashes stay in the JSON: people get file names and lines.
"""

from __future__ import annotations

import difflib
import re

from naskah.core.errors import InputError
from naskah.provenance.corpus import turns_of

WORDS = {
    "id": {"table": "Tabel", "figure": "Gambar", "number": "Angka", "turn": "giliran", "line": "baris",
           "file": "Berkas", "rule": "Aturan", "from": "Dihitung dari", "rows": "baris", "columns": "kolom",
           "transcripts": "transkrip", "sentence": "Kalimat", "same_as": "Sama dengan", "row": "baris",
           "column": "kolom", "counts": "Dihitung dari {n} giliran dalam {m} transkrip:",
           "counts_rows": "Dihitung dari {n} baris {file}", "printed": "Dicetak di {n} tempat:",
           "numbers_from": "Angka di teks dari tabel ini", "source": "Sumber", "codes": "Kode",
           "quoted_in": "Dikutip di", "not_quoted": "Tidak dikutip dalam naskah.", "counted_in": "Dihitung dalam",
           "redacted": "disamarkan sebelum ditampilkan", "quote": "Kutipan", "interviewer": "pewawancara",
           "no_codes": "tanpa kode", "in_figure": "Ditampilkan sebagai", "none": "—", "and": "dan",
           "shown_in": "ditampilkan di"},
    "en": {"table": "Table", "figure": "Figure", "number": "Number", "turn": "turn", "line": "line",
           "file": "File", "rule": "Rule", "from": "Computed from", "rows": "rows", "columns": "columns",
           "transcripts": "transcripts", "sentence": "Sentence", "same_as": "Same as", "row": "row",
           "column": "column", "counts": "Counts {n} turns in {m} transcripts:",
           "counts_rows": "Counts {n} rows of {file}", "printed": "Printed in {n} places:",
           "numbers_from": "Numbers in the text from this table", "source": "Source", "codes": "Codes",
           "quoted_in": "Quoted in", "not_quoted": "Not quoted in the draft.", "counted_in": "Counted in",
           "redacted": "redacted before display", "quote": "Quotation", "interviewer": "interviewer",
           "no_codes": "no codes", "in_figure": "Shown as", "none": "—", "and": "and", "shown_in": "shown in"},
}
TABLE_WORDS = ("tabel", "table", "tab", "tbl")
FIGURE_WORDS = ("gambar", "figure", "fig", "gbr")
TURN = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(\d+)$")
NUMBERED = re.compile(r"^(?:([A-Za-z]+)\.?\s*)?(\d+(?:\.\d+)*)$")


def resolve(manifest: dict, ident: str) -> list[tuple[str, object]]:
    """What *ident* names: [(kind, key)] with kind table, figure, number (a list of records) or turn."""
    text = " ".join(ident.split())
    tables, figures = manifest["tables"], manifest.get("figures", [])
    turn = TURN.match(text)
    if turn and turn.group(1).lower() not in ("tbl", "fig"):
        return [("turn", f"{turn.group(1)}:{int(turn.group(2))}")]
    if re.fullmatch(r"n\d+", text):
        found = [n for n in manifest["numbers"] if n["id"] == text]
        if found:
            return [("number", found)]
    numbered = NUMBERED.match(text)
    if numbered:
        word, number = (numbered.group(1) or "").lower(), numbered.group(2)
        hits = []
        if word in ("",) + TABLE_WORDS:
            hits += [("table", t) for t in tables if _number_of(t.get("number")) == number]
        if word in ("",) + FIGURE_WORDS:
            hits += [("figure", f) for f in figures if _number_of(f.get("number")) == number]
        if hits:
            return hits
    for table in tables:
        if text in (table["id"], table["id"].removeprefix("tbl:")):
            return [("table", table)]
    for figure in figures:
        if text in (figure["id"], figure["id"].removeprefix("fig:")):
            return [("figure", figure)]
    numbers = [n for n in manifest["numbers"] if n["expr"] == text]
    if numbers:
        return [("number", numbers)]
    known = ([t.get("number") or t["id"] for t in tables] + [f.get("number") or f["id"] for f in figures]
             + sorted({n["expr"] for n in manifest["numbers"]}))
    close = difflib.get_close_matches(text, [k for k in known if k], n=3)
    hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
    raise InputError(f"'{ident}' is not a table, figure, number or transcript turn of this draft",
                     hint=hint + "ask as the draft shows it: 'Tabel 4.2', 'Gambar 4.1', a number's id from the HTML "
                          "(n12) or its expression (stage.kontak.informants), or a turn I03:12")


def _number_of(shown: str | None) -> str | None:
    """"4.2" of "Tabel 4.2"."""
    found = re.search(r"(\d+(?:\.\d+)*)\s*$", shown or "")
    return found.group(1) if found else None


def account(manifest: dict, ident: str) -> list[dict]:
    """Records describing *ident* (one per thing it names), for people (:func:`render`) and ``--json``."""
    return [_ACCOUNTS[kind](manifest, key) for kind, key in resolve(manifest, ident)]


def _table(manifest: dict, table: dict) -> dict:
    artefact = next((a for a in manifest["artefacts"] if a["path"] == table["file"]), {})
    numbers = [n for n in manifest["numbers"] if n.get("cell") and f"tbl:{n['cell']['table']}" == table["id"]]
    return {"kind": "table", "id": table["id"], "number": table.get("number"), "caption": table["caption"],
            "file": table["file"], "sha256": artefact.get("sha256"), "rule": table["rule"],
            "shape": table["shape"], "sources": table["sources"],
            "numbers": [{"id": n["id"], "value": n["value"], "expr": n["expr"]} for n in numbers]}


def _figure(manifest: dict, figure: dict) -> dict:
    artefact = next((a for a in manifest["artefacts"] if a["path"] == figure["file"]), {})
    return {"kind": "figure", **figure, "sha256": artefact.get("sha256"), "sources": artefact.get("inputs", [])}


def _number(manifest: dict, numbers: list[dict]) -> dict:
    first = numbers[0]
    chapters = manifest.get("chapters", {})
    turns = turns_of(manifest.get("corpus", {}))
    by_informant: dict[str, dict] = {}
    rows: dict[str, list[int]] = {}
    for ref in first["refs"]:
        informant, _, where = ref.rpartition(":")
        if "/" in informant:  # a row of a file: data/informants.csv:4
            rows.setdefault(informant, []).append(int(where))
            continue
        path = turns.get(ref, {}).get("path") or next(
            (q["transcript"] for q in manifest["quotes"] if q["informant"] == informant), None)
        entry = by_informant.setdefault(informant, {"informant": informant, "transcript": path, "turns": []})
        entry["turns"].append(int(where))
    return {"kind": "number", "expr": first["expr"], "value": first["value"], "cell": first.get("cell"),
            "table": first.get("table"), "rule": "analyse", "facts": "results/analysis/facts.json",
            "places": [{"id": n["id"], "value": n["value"], "chapter": n["chapter"], "line": n.get("line"),
                        "chapter_name": chapters.get(n["chapter"]), "sentence": n.get("sentence", "")}
                       for n in numbers],
            "turns": list(by_informant.values()), "rows": [{"file": f, "lines": lines} for f, lines in rows.items()]}


def _turn(manifest: dict, ref: str) -> dict:
    informant, number = ref.split(":")
    quotes = [q for q in manifest["quotes"] if q["ref"] == ref]
    recorded = turns_of(manifest.get("corpus", {})).get(ref)
    if not quotes and recorded is None:
        informants = sorted({t["informant"] for t in manifest.get("corpus", {}).get("transcripts", [])}
                            | {q["informant"] for q in manifest["quotes"]})
        hint = (f"check the turn number in {informant}'s transcript" if informant in informants
                else f"{informant} is not an informant of this draft ({', '.join(informants)})")
        raise InputError(f"'{ref}' is not a turn of this draft's transcripts", hint=hint)
    text = (quotes[0].get("text") if quotes else None) or manifest.get("corpus", {}).get("texts", {}).get(ref)
    transcript = recorded["path"] if recorded else quotes[0]["transcript"]
    source = next((i for i in manifest["inputs"] if i["path"] == transcript), {})
    counted = [{"id": n["id"], "expr": n["expr"], "value": n["value"]} for n in manifest["numbers"]
               if ref in n["refs"]]
    return {"kind": "turn", "ref": ref, "informant": informant, "turn": int(number), "transcript": transcript,
            "transcript_sha256": source.get("sha256"), "line": recorded["line"] if recorded else quotes[0]["line"],
            "speaker": recorded["speaker"] if recorded else informant,
            "codes": list(recorded["codes"] or ()) if recorded else None, "text": text,
            "redacted": any(r["ref"] == ref for r in manifest.get("redactions", [])),
            "quoted_in": sorted({q["chapter"] for q in quotes}), "counted_in": counted}


_ACCOUNTS = {"table": _table, "figure": _figure, "number": _number, "turn": _turn}


def render(accounts: list[dict], manifest: dict) -> list[str]:
    """The accounts as a few lines for people, in the thesis language."""
    w = WORDS.get(manifest.get("language", "id"), WORDS["id"])
    lines: list[str] = []
    for item in accounts:
        if lines:
            lines.append("")
        lines += _RENDER[item["kind"]](item, manifest, w)
    return lines


def _render_table(item: dict, manifest: dict, w: dict) -> list[str]:
    rows, cols = item["shape"]
    out = [f"{item['number'] or item['id']} — {item['caption']} ({item['id']})",
           f"  {w['file']}: {item['file']} ({rows} {w['rows']} × {cols} {w['columns']})",
           f"  {w['rule']}: {item['rule']}",
           f"  {w['from']}: {sources_in_words([s['path'] for s in item['sources']], w)}"]
    if item["numbers"]:
        shown = ", ".join(f"{n['value']} ({n['id']})" for n in item["numbers"][:12])
        more = " …" if len(item["numbers"]) > 12 else ""
        out.append(f"  {w['numbers_from']}: {shown}{more}")
    return out


def _render_figure(item: dict, manifest: dict, w: dict) -> list[str]:
    chapter = manifest.get("chapters", {}).get(item.get("chapter") or "", item.get("chapter"))
    sources = [s["path"] for s in item["sources"] if not s["path"].startswith("results/")]  # data, not settings
    return [f"{item['number'] or item['id']} — {item['caption']} ({item['id']}, {chapter})",
            f"  {w['file']}: {item['file']}",
            f"  {w['rule']}: {item['rule']} ← results/analysis/facts.json",
            f"  {w['from']}: {sources_in_words(sources, w)}"]


def _render_number(item: dict, manifest: dict, w: dict) -> list[str]:
    out = [f"{w['number']} {item['value']} — {item['expr']}"]
    places = item["places"]
    if len(places) > 1:
        out.append(f"  {w['printed'].format(n=len(places))}")
    for place in places:
        where = place["chapter"] + (f":{place['line']}" if place.get("line") else "")
        name = f" ({place['chapter_name']})" if place.get("chapter_name") else ""
        lead = "    " if len(places) > 1 else f"  {w['sentence']}: "
        out.append(f"{lead}{where}{name} [{place['id']}]: “{place['sentence']}”")
    if item["cell"]:
        cell = item["cell"]
        parts = [x for x in ((f"{w['row']} {cell['row']}" if cell.get("row") else None),
                             f"{w['column']} {cell['column']}") if x]
        table = item["table"] or f"results/tables/{cell['table']}.csv"
        out.append(f"  {w['same_as']}: {table}, {', '.join(parts)}")
    out.append(f"  {w['rule']}: {item['rule']} → {item['facts']}")
    turns = item["turns"]
    if turns:
        out.append("  " + w["counts"].format(n=sum(len(t["turns"]) for t in turns), m=len(turns)))
        for entry in turns:
            numbers = ", ".join(str(n) for n in entry["turns"])
            out.append(f"    {entry['informant']} ({entry['transcript'] or '?'}): {w['turn']} {numbers}")
    for rows in item["rows"]:
        lines = ", ".join(str(n) for n in rows["lines"])
        out.append("  " + w["counts_rows"].format(n=len(rows["lines"]), file=rows["file"]) + f": {lines}")
    return out


def _render_turn(item: dict, manifest: dict, w: dict) -> list[str]:
    speaker = f" ({w['interviewer']})" if item["speaker"] == "P" else ""
    out = [f"{item['ref']} — {item['informant']}, {w['turn']} {item['turn']}{speaker}"]
    if item["text"]:
        out.append(f"  “{item['text']}”" + (f" ({w['redacted']})" if item["redacted"] else ""))
    out.append(f"  {w['source']}: {item['transcript']}, {w['line']} {item['line']}")
    if item["codes"] is not None:
        out.append(f"  {w['codes']}: {'; '.join(item['codes']) if item['codes'] else w['no_codes']}")
    chapters = manifest.get("chapters", {})
    if item["quoted_in"]:
        places = ", ".join(f"{c} ({chapters[c]})" if c in chapters else c for c in item["quoted_in"])
        out.append(f"  {w['quoted_in']}: {places}")
    else:
        out.append(f"  {w['not_quoted']}")
    if item["counted_in"]:
        shown = ", ".join(f"{n['id']} {n['expr']} = {n['value']}" for n in item["counted_in"][:6])
        more = f" … (+{len(item['counted_in']) - 6})" if len(item["counted_in"]) > 6 else ""
        out.append(f"  {w['counted_in']}: {shown}{more}")
    return out


_RENDER = {"table": _render_table, "figure": _render_figure, "number": _render_number, "turn": _render_turn}


def sources_in_words(paths: list[str], w: dict) -> str:
    """"14 transkrip (data/transcripts/), data/codebook.yaml dan data/informants.csv"."""
    folders: dict[str, list[str]] = {}
    others = []
    for path in paths:
        if "/transcripts/" in f"/{path}":
            folders.setdefault(path.rsplit("/", 1)[0] + "/", []).append(path)
        else:
            others.append(path)
    words = [f"{len(files)} {w['transcripts']} ({folder})" for folder, files in sorted(folders.items())]
    words += sorted(others)
    if len(words) > 1:
        return ", ".join(words[:-1]) + f" {w['and']} {words[-1]}"
    return words[0] if words else w["none"]
