"""Provenance: the manifest, provenance in the draft, and trace / verify / diff on the mini project."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest
from conftest import MINI, REPO, read, snakemake, write

from naskah.core.files import sha256_file


def naskah(project: Path, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "naskah"
    return subprocess.run([str(exe), *args], cwd=project, capture_output=True, text=True, timeout=600)


def new_project(target: Path) -> Path:
    shutil.copytree(MINI, target, ignore=shutil.ignore_patterns("results"))
    shutil.copy2(REPO / "Snakefile", target / "Snakefile")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = new_project(tmp_path_factory.mktemp("prov") / "mini")
    result = snakemake(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def manifest(project: Path) -> dict:
    return json.loads(read(project, "results/provenance.json"))


def test_manifest_records_inputs_artefacts_and_environment(built):
    data = manifest(built)
    inputs = {i["path"]: i for i in data["inputs"]}
    for path in ["config/config.yaml", "data/codebook.yaml", "data/informants.csv", "data/transcripts/A01.csv",
                 "references/library.bib", "chapters/02-hasil.md", "chapters/kesimpulan.yaml", "Snakefile"]:
        assert inputs[path]["sha256"] == sha256_file(built / path), path
        assert inputs[path]["size"] == (built / path).stat().st_size
    assert "naskah:resources/csl/apa.csl" in inputs
    artefacts = {a["path"]: a for a in data["artefacts"]}
    assert artefacts["results/thesis.docx"]["sha256"] == sha256_file(built / "results/thesis.docx")
    assert artefacts["results/tables/stage-coverage.csv"]["rule"] == "analyse"
    assert "data/transcripts/B01.csv" in [i["path"] for i in artefacts["results/tables/stage-coverage.csv"]["inputs"]]
    assert artefacts["results/thesis.pdf"]["rule"] == "render_pdf"
    versions = data["environment"]["versions"]
    assert versions["pandoc"] == "3.9" and versions["naskah"] and versions["snakemake"]
    assert not any(str(built) in json.dumps(x) for x in (data["inputs"], data["artefacts"]))


def test_manifest_follows_its_documented_schema(built):
    import jsonschema

    schema = json.loads((REPO / "src" / "naskah" / "schemas" / "provenance.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest(built), schema)


def test_manifest_traces_numbers_to_cells_and_turns(built):
    data = manifest(built)
    number = next(n for n in data["numbers"] if n["expr"] == "stage.awal.informants")
    assert number["value"] == "2"
    assert number["refs"] == ["A01:2", "A01:4", "A02:2"]  # the coded turns of stage "awal"
    assert "Tahap awal muncul pada 2 dari 3 informan" in number["sentence"]
    table = next(t for t in data["tables"] if t["id"] == "tbl:stage-coverage")
    assert table["number"] == "Tabel 2.1"
    assert table["rows"][1] == ["A02", "Kelompok A", "1", ""]
    quote = next(q for q in data["quotes"] if q["ref"] == "A02:2")
    assert quote["transcript"] == "data/transcripts/A02.csv" and quote["line"] == 3
    assert quote["transcript_sha256"] == sha256_file(built / "data/transcripts/A02.csv")


def test_html_popovers_and_docx_comments_carry_the_record(built):
    html = read(built, "results/thesis.html")
    # a number shown in a table the draft does not include points at the table's CSV
    assert 'title="stage.awal.informants = 2 · results/tables/stage-by-group.csv, Awal, Total (n = 3)' in html
    assert 'title="informants.total = 3 · Tabel 1.1' in html
    assert 'href="#quote-A02-2"' in html and 'id="quote-A02-2"' in html
    with zipfile.ZipFile(built / "results" / "thesis.docx") as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert 'w:author="naskah"' in comments
    assert "informants.total = 3" in comments
    assert "Tabel 2.1 · dibuat oleh aturan analyse" in comments


def test_pdf_has_the_provenance_appendix_and_the_build_stamp(built):
    pages = [p.extract_text() for p in pypdf.PdfReader(str(built / "results" / "thesis.pdf")).pages]
    assert "Dibangun oleh naskah" in pages[1]  # the back of the title page
    assert manifest(built)["sources_sha256"][:16] in "".join(pages[1].split())
    text = "\n".join(pages)
    assert "LAMPIRAN: ASAL-USUL DATA" in text
    assert "data/transcripts/A02.csv:3" in text


def test_comments_can_be_switched_off_for_the_submission_copy(tmp_path):
    project = new_project(tmp_path / "mini")
    write(project, "config/config.yaml", read(project, "config/config.yaml") + "render:\n  docx_comments: false\n")
    result = snakemake(project, "results/thesis.docx")
    assert result.returncode == 0, result.stderr[-2000:]
    with zipfile.ZipFile(project / "results" / "thesis.docx") as archive:
        assert "word/comments.xml" not in archive.namelist() or "naskah" not in archive.read(
            "word/comments.xml").decode("utf-8")


def test_trace_a_table_a_number_and_a_quote(built):
    out = naskah(built, "trace", "tbl:stage-coverage").stdout
    assert "Tabel 2.1" in out and "← rule analyse" in out and "data/transcripts/A01.csv  sha256" in out
    out = naskah(built, "trace", "stage.awal.informants").stdout
    assert "counts 3 rows: A01:2, A01:4, A02:2" in out
    out = naskah(built, "trace", "A02:2").stdout
    assert "data/transcripts/A02.csv line 3" in out
    unknown = naskah(built, "trace", "tbl:nope")
    assert unknown.returncode == 1 and "is not a table, number or quotation" in unknown.stderr


def test_verify_reproduces_a_clean_build(built):
    result = naskah(built, "verify")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "DIFFERENT" not in result.stdout and "verified:" in result.stderr


def test_verify_names_a_tampered_input(built, tmp_path):
    project = tmp_path / "copy"
    shutil.copytree(built, project)
    path = project / "data" / "transcripts" / "B01.csv"
    path.write_bytes(path.read_bytes().replace(b"masalah", b"masalaH"))  # one byte
    result = naskah(project, "verify")
    assert result.returncode == 1
    assert "DIFFERENT   input" in result.stdout and "data/transcripts/B01.csv" in result.stdout


def test_verify_names_a_tampered_output(built, tmp_path):
    project = tmp_path / "copy"
    shutil.copytree(built, project)
    path = project / "results" / "tables" / "stage-coverage.csv"
    path.write_bytes(path.read_bytes().replace(b"A01,Kelompok A,2", b"A01,Kelompok A,3"))
    result = naskah(project, "verify")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "DIFFERENT" in line]
    assert lines == ["DIFFERENT   in results/  results/tables/stage-coverage.csv"], result.stdout


def test_diff_names_changed_cells_numbers_and_quotes(built, tmp_path):
    project = tmp_path / "copy"
    shutil.copytree(built, project)
    old = project / "old-provenance.json"
    shutil.copy2(project / "results" / "provenance.json", old)
    # re-code B01's turn from "akhir" to "awal"
    path = project / "data" / "transcripts" / "B01.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",akhir\n", ",awal\n"), encoding="utf-8")
    assert snakemake(project).returncode == 0
    out = naskah(project, "diff", "old-provenance.json").stdout
    assert "table tbl:stage-coverage (Tabel 2.1): 2 cell(s) changed" in out
    assert "row 3 (B01), Awal: ∅ → 1" in out
    assert "row 3 (B01), Akhir: 1 → ∅" in out
    assert "number stage.awal.informants (chapters/02-hasil.md): 2 → 3" in out
    assert "quote B01:2 added in chapters/02-hasil.md" in out
