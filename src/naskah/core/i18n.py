"""Labels that follow the thesis language (Indonesian conventions by default)."""

from __future__ import annotations

LABELS = {
    "id": {
        "chapter": "BAB",
        "table": "Tabel",
        "figure": "Gambar",
        "section": "Subbab",
        "toc": "DAFTAR ISI",
        "list_of_tables": "DAFTAR TABEL",
        "list_of_figures": "DAFTAR GAMBAR",
        "references": "DAFTAR PUSTAKA",
        "document_type": "SKRIPSI",
        "degree_statement": "Diajukan untuk memenuhi salah satu syarat memperoleh gelar Sarjana",
        "student_id": "NIM",
        "turn": "giliran",
        "stage": "Tahap",
        "group": "Kelompok",
        "category": "Kategori",
        "informant": "Informan",
        "quote": "Kutipan",
        "source": "Sumber",
        "turns": "Tuturan",
        "informants": "Informan",
        "total": "Total",
        "subcode": "Subkode",
        "share_of_stage": "% tuturan tahap",
        "no": "No",
        "rows_counted": "baris dihitung",
        "turns_counted": "giliran dihitung",
        "files": "berkas",
        "made_by": "dibuat oleh aturan",
        "appendix": "LAMPIRAN",
        "provenance_title": "ASAL-USUL DATA",
        "list_of_appendices": "DAFTAR LAMPIRAN",
        "approval": "LEMBAR PENGESAHAN",
        "originality": "PERNYATAAN KEASLIAN",
        "preface": "KATA PENGANTAR",
        "abstract": "ABSTRAK",
        "abstract_en": "ABSTRACT",
        "by": "Oleh:",
        "supervisor_n": "Pembimbing {n}",
        "examiner_n": "Penguji {n}",
        "approved": "Skripsi ini telah dipertahankan di depan Dewan Penguji pada tanggal {date} dan dinyatakan "
                    "memenuhi syarat.",
        "approved_pending": "Skripsi ini telah diperiksa dan disetujui untuk dipertahankan di depan Dewan Penguji.",
        "date_line": "tanggal ....................",
        "originality_text": "Saya yang bertanda tangan di bawah ini menyatakan bahwa {document} berjudul “{title}” "
                            "adalah karya saya sendiri, dan semua sumber, baik yang dikutip maupun yang dirujuk, "
                            "telah saya nyatakan dengan benar. Apabila di kemudian hari terbukti terdapat plagiat "
                            "dalam {document} ini, saya bersedia menerima sanksi sesuai ketentuan yang berlaku.",
        "declarant": "Yang menyatakan,",
        "place_date": "{city}, {date}",
        "continued": "(lanjutan)",
        "source_primary": "Data primer, diolah ({year})",
        "source_library": "Diolah dari pustaka penelitian ({library})",
        "lampiran_intro": "Lampiran ini mencatat asal setiap tabel, angka dan kutipan dalam naskah ini: dari berkas "
                          "mana dihitung dan oleh aturan mana. Semuanya dihitung ulang setiap kali naskah dibangun.",
        "table_from": "{table} ({caption}) dihitung dari {sources}; aturan *{rule}*.",
        "transcripts_n": "{n} transkrip",
        "column_codes": "kolom *codes*",
        "and": "dan",
        "number_line": "angka {value} pada {chapter}, “{sentence}”",
        "number_from_table": "sama dengan {table}",
        "number_counts": "dihitung dari {n} giliran dalam {m} transkrip",
        "number_counts_rows": "dihitung dari {n} baris {file}",
        "quote_line": "{informant}, giliran {turn}: {file}, baris {line}",
        "appendix_tables": "Tabel yang dihasilkan",
        "appendix_numbers": "Angka dalam teks",
        "appendix_quotes": "Kutipan",
        "redacted_note": "disamarkan",
        "stamp": "Dibangun oleh",
        "stamp_clean": "bersih",
        "stamp_dirty": "ada perubahan belum di-commit",
        "stamp_no_git": "di luar git",
        "stamp_sources": "sidik sumber",
        "csl_lang": "id-ID",
        "decimal": ",",
        # {level}/{sublevel}: the codebook's names of its levels (`levels:`), see caption(); {Level} as written
        "captions": {
            "informants": "Karakteristik informan",
            "stage-by-group": "{Level} per kelompok informan: jumlah informan (jumlah tuturan berkode)",
            "stage-coverage": "Matriks cakupan {level} per informan (jumlah tuturan berkode)",
            "exemplar-quotes": "Kutipan contoh per {level}",
            "subcode-frequencies": "Frekuensi {sublevel} dalam setiap {level}",
            "figure:stage-informants": "Jumlah informan yang menuturkan setiap {level}",
            "reliabilitas": "Reliabilitas antarkoder per {level}",
        },
        "levels": ("Tahap", "Subkode"),
        "pending": "belum diwawancarai",
        "agreement": {
            "units": "Unit",
            "percent": "Kesepakatan",
            "kappa": "κ Cohen",
            "alpha": "α Krippendorff",
            "ac1": "AC1 Gwet",
            "overall": "Keseluruhan (tuturan × tahap)",
            "bands": {"reliable": "andal", "tentative": "cukup untuk simpulan tentatif",
                      "unreliable": "belum andal", "undefined": "tidak dapat ditentukan"},
        },
    },
    "en": {
        "chapter": "CHAPTER",
        "table": "Table",
        "figure": "Figure",
        "section": "Section",
        "toc": "CONTENTS",
        "list_of_tables": "LIST OF TABLES",
        "list_of_figures": "LIST OF FIGURES",
        "references": "REFERENCES",
        "document_type": "THESIS",
        "degree_statement": "Submitted in partial fulfilment of the requirements for the degree of Bachelor",
        "student_id": "Student number",
        "turn": "turn",
        "stage": "Stage",
        "group": "Group",
        "category": "Category",
        "informant": "Informant",
        "quote": "Quotation",
        "source": "Source",
        "turns": "Turns",
        "informants": "Informants",
        "total": "Total",
        "subcode": "Sub-code",
        "share_of_stage": "% of stage turns",
        "no": "No",
        "rows_counted": "rows counted",
        "turns_counted": "turns counted",
        "files": "files",
        "made_by": "made by rule",
        "appendix": "APPENDIX",
        "provenance_title": "DATA PROVENANCE",
        "list_of_appendices": "LIST OF APPENDICES",
        "approval": "APPROVAL PAGE",
        "originality": "STATEMENT OF ORIGINALITY",
        "preface": "PREFACE",
        "abstract": "ABSTRAK",
        "abstract_en": "ABSTRACT",
        "by": "By:",
        "supervisor_n": "Supervisor {n}",
        "examiner_n": "Examiner {n}",
        "approved": "This thesis was defended before the Board of Examiners on {date} and accepted.",
        "approved_pending": "This thesis has been examined and approved for defence before the Board of Examiners.",
        "date_line": "date ....................",
        "originality_text": "I, the undersigned, declare that the {document} entitled “{title}” is my own work, and "
                            "that every source I quoted or referred to has been properly acknowledged. Should "
                            "plagiarism be found in this {document}, I accept the sanctions of the applicable "
                            "regulations.",
        "declarant": "Declared by,",
        "place_date": "{city}, {date}",
        "continued": "(continued)",
        "source_primary": "Primary data, processed ({year})",
        "source_library": "Compiled from the research literature ({library})",
        "lampiran_intro": "This appendix records where every table, number and quotation of this thesis comes "
                          "from: the files it was computed from and the rule that computed it. All of them are "
                          "recomputed at every build.",
        "table_from": "{table} ({caption}) was computed from {sources}; rule *{rule}*.",
        "transcripts_n": "{n} transcripts",
        "column_codes": "column *codes*",
        "and": "and",
        "number_line": "the number {value} in {chapter}, “{sentence}”",
        "number_from_table": "as in {table}",
        "number_counts": "counted from {n} turns in {m} transcripts",
        "number_counts_rows": "counted from {n} rows of {file}",
        "quote_line": "{informant}, turn {turn}: {file}, line {line}",
        "appendix_tables": "Generated tables",
        "appendix_numbers": "Numbers in the text",
        "appendix_quotes": "Quotations",
        "redacted_note": "redacted",
        "stamp": "Built by",
        "stamp_clean": "clean",
        "stamp_dirty": "uncommitted changes",
        "stamp_no_git": "outside git",
        "stamp_sources": "sources fingerprint",
        "csl_lang": "en-US",
        "decimal": ".",
        "captions": {
            "informants": "Characteristics of the informants",
            "stage-by-group": "{Levels} by informant group: number of informants (coded turns)",
            "stage-coverage": "{Level} coverage per informant (number of coded turns)",
            "exemplar-quotes": "Exemplar quotations per {level}",
            "subcode-frequencies": "{Sublevel} frequencies within each {level}",
            "figure:stage-informants": "Number of informants in whom each {level} occurs",
            "reliabilitas": "Inter-coder reliability per {level}",
        },
        "levels": ("Stage", "Sub-code"),
        "pending": "not yet interviewed",
        "agreement": {
            "units": "Units",
            "percent": "Agreement",
            "kappa": "Cohen's κ",
            "alpha": "Krippendorff's α",
            "ac1": "Gwet's AC1",
            "overall": "Overall (turns × stages)",
            "bands": {"reliable": "reliable", "tentative": "adequate for tentative conclusions only",
                      "unreliable": "not reliable", "undefined": "undefined"},
        },
    },
}


def labels(language: str) -> dict:
    return LABELS[language]


def level_names(levels: tuple[str, ...] | list[str], language: str) -> tuple[str, str]:
    """The model's two level names: the codebook's ``levels:`` (a missing second one is the language's
    word for a sub-code), else the language's ("Tahap", "Subkode" / "Stage", "Sub-code")."""
    default = LABELS[language]["levels"]
    levels = tuple(levels or ())
    return (levels[0] if levels else default[0]), (levels[1] if len(levels) > 1 else default[1])


def caption(key: str, language: str, levels=(), overrides: dict | None = None) -> str:
    """A table's or figure's caption (keys: table ids, ``figure:<id>``): the config's ``tables.captions``
    override, else the language's default, with ``{level}``, ``{Level}``, ``{levels}``, ``{Levels}``,
    ``{sublevel}``, ``{Sublevel}`` replaced by the codebook's level names (lower-case mid-sentence)."""
    from naskah.core.suggest import noun_for

    template = (overrides or {}).get(key) or LABELS[language]["captions"].get(key, key)
    level, sublevel = level_names(levels, language)
    words = {"level": level, "sublevel": sublevel, "levels": noun_for(2, level, language),
             "sublevels": noun_for(2, sublevel, language)}
    for name, word in words.items():
        template = template.replace("{" + name.capitalize() + "}", word).replace("{" + name + "}", mid_sentence(word))
    return template


def mid_sentence(word: str) -> str:
    """A level name inside a sentence: "Tema" → "tema", but "ICT" and "DeVito" stay as written."""
    return word[0].lower() + word[1:] if word[:1].isupper() and word[1:] == word[1:].lower() else word


def roman(number: int) -> str:
    """Roman numeral for chapter numbers (BAB IV)."""
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, numeral in values:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def percent(fraction: float, language: str, digits: int = 1) -> str:
    """Format 0..1 as a percentage with the language's decimal mark ("66,7%")."""
    text = f"{fraction * 100:.{digits}f}"
    if language == "id":
        text = text.replace(".", ",")
    return text + "%"
