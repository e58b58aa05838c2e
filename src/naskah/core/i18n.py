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
        "supervisors": "Dosen Pembimbing",
        "turn": "baris",
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
        "made_by": "dibuat oleh aturan",
        "appendix": "LAMPIRAN: ASAL-USUL DATA",
        "appendix_tables": "Tabel yang dihasilkan",
        "appendix_numbers": "Angka dalam teks",
        "appendix_quotes": "Kutipan",
        "caption": "Judul",
        "sources": "Sumber (sha256)",
        "expression": "Ekspresi",
        "value": "Nilai",
        "cell": "Sel tabel",
        "redacted_note": "disamarkan",
        "stamp": "Dibangun oleh",
        "stamp_clean": "bersih",
        "stamp_dirty": "ada perubahan belum di-commit",
        "stamp_no_git": "di luar git",
        "stamp_sources": "sidik sumber",
        "csl_lang": "id-ID",
        "decimal": ",",
        "captions": {
            "informants": "Karakteristik informan",
            "stage-by-group": (
                "Tahap hubungan interpersonal per kelompok informan: jumlah informan (jumlah tuturan berkode)"
            ),
            "stage-coverage": "Matriks cakupan tahap per informan (jumlah tuturan berkode)",
            "exemplar-quotes": "Kutipan contoh per tahap",
            "subcode-frequencies": "Frekuensi subkode dalam setiap tahap",
            "figure:stage-informants": "Jumlah informan yang mengalami setiap tahap",
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
        "supervisors": "Supervisors",
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
        "made_by": "made by rule",
        "appendix": "APPENDIX: DATA PROVENANCE",
        "appendix_tables": "Generated tables",
        "appendix_numbers": "Numbers in the text",
        "appendix_quotes": "Quotations",
        "caption": "Caption",
        "sources": "Sources (sha256)",
        "expression": "Expression",
        "value": "Value",
        "cell": "Table cell",
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
            "stage-by-group": "Relationship stages by informant group: number of informants (coded turns)",
            "stage-coverage": "Stage coverage per informant (number of coded turns)",
            "exemplar-quotes": "Exemplar quotations per stage",
            "subcode-frequencies": "Sub-code frequencies within each stage",
            "figure:stage-informants": "Number of informants in whom each stage occurs",
        },
    },
}


def labels(language: str) -> dict:
    return LABELS[language]


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
