"""Provenance: the manifest, provenance in the draft, and trace / verify / diff on the mini project."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
from conftest import REPO, read, snakemake, snakemake_project, write

from naskah.core.files import sha256_file


def naskah(project: Path, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "naskah"
    return subprocess.run([str(exe), *args], cwd=project, capture_output=True, text=True, timeout=600)


def manifest(project: Path) -> dict:
    return json.loads(read(project, "results/provenance.json"))


def test_manifest_records_inputs_artefacts_and_environment(built_once):
    data = manifest(built_once)
    inputs = {i["path"]: i for i in data["inputs"]}
    for path in ["config/config.yaml", "data/codebook.yaml", "data/informants.csv", "data/transcripts/A01.csv",
                 "references/library.bib", "chapters/02-hasil.md", "chapters/kesimpulan.yaml", "Snakefile"]:
        assert inputs[path]["sha256"] == sha256_file(built_once / path), path
        assert inputs[path]["size"] == (built_once / path).stat().st_size
    assert "naskah:resources/csl/apa.csl" in inputs
    artefacts = {a["path"]: a for a in data["artefacts"]}
    assert artefacts["results/thesis.docx"]["sha256"] == sha256_file(built_once / "results/thesis.docx")
    assert artefacts["results/tables/stage-coverage.csv"]["rule"] == "analyse"
    assert "data/transcripts/B01.csv" in [i["path"] for i in artefacts["results/tables/stage-coverage.csv"]["inputs"]]
    assert artefacts["results/thesis.pdf"]["rule"] == "render_pdf"
    versions = data["environment"]["versions"]
    assert versions["pandoc"] == "3.9" and versions["naskah"] and versions["snakemake"]
    assert not any(str(built_once) in json.dumps(x) for x in (data["inputs"], data["artefacts"]))


def test_manifest_follows_its_documented_schema(built_once):
    import jsonschema

    schema = json.loads((REPO / "src" / "naskah" / "schemas" / "provenance.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest(built_once), schema)


def test_manifest_traces_numbers_to_cells_and_turns(built_once):
    data = manifest(built_once)
    number = next(n for n in data["numbers"] if n["expr"] == "stage.awal.informants")
    assert number["value"] == "2"
    assert number["refs"] == ["A01:2", "A01:4", "A02:2"]  # the coded turns of stage "awal"
    assert "Tahap awal muncul pada 2 dari 3 informan" in number["sentence"]
    table = next(t for t in data["tables"] if t["id"] == "tbl:stage-coverage")
    assert table["number"] == "Tabel 2.1"
    assert table["rows"][1] == ["A02", "Kelompok A", "1", ""]
    quote = next(q for q in data["quotes"] if q["ref"] == "A02:2")
    assert quote["transcript"] == "data/transcripts/A02.csv" and quote["line"] == 3
    assert quote["transcript_sha256"] == sha256_file(built_once / "data/transcripts/A02.csv")


def test_html_popovers_and_docx_comments_carry_the_record(built_once):
    html = read(built_once, "results/thesis.html")
    # a number shown in a table the draft does not include points at the table's CSV
    assert 'title="stage.awal.informants = 2 · results/tables/stage-by-group.csv, Awal, Total (n = 3)' in html
    assert 'title="informants.total = 3 · Tabel 1.1' in html
    assert 'href="#quote-A02-2"' in html and 'id="quote-A02-2"' in html
    with zipfile.ZipFile(built_once / "results" / "thesis.docx") as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert 'w:author="naskah"' in comments
    assert "informants.total = 3" in comments
    assert "Tabel 2.1 · dibuat oleh aturan analyse" in comments


def test_pdf_has_the_provenance_appendix_and_the_build_stamp(built_once):
    pages = [p.extract_text() for p in pypdf.PdfReader(str(built_once / "results" / "thesis.pdf")).pages]
    assert "Dibangun oleh naskah" in pages[0]  # at the foot of the title page, as in the DOCX
    assert manifest(built_once)["sources_sha256"][:16] in "".join(pages[0].split())
    text = "\n".join(pages)
    assert "LAMPIRAN 1 ASAL-USUL DATA" in text
    assert "A02, giliran 2: data/transcripts/A02.csv, baris 3" in " ".join(text.split())


def test_comments_can_be_switched_off_for_the_submission_copy(tmp_path):
    project = snakemake_project(tmp_path / "mini")
    write(project, "config/config.yaml", read(project, "config/config.yaml") + "render:\n  docx_comments: false\n")
    result = snakemake(project, "results/staging/thesis.docx")  # the render alone: no guard, not published
    assert result.returncode == 0, result.stderr[-2000:]
    with zipfile.ZipFile(project / "results" / "staging" / "thesis.docx") as archive:
        assert "word/comments.xml" not in archive.namelist() or "naskah" not in archive.read(
            "word/comments.xml").decode("utf-8")


def test_manifest_records_the_coding_turn_by_turn_and_texts_only_of_shown_turns(built_once):
    data = manifest(built_once)
    a01 = next(t for t in data["corpus"]["transcripts"] if t["informant"] == "A01")
    assert a01["path"] == "data/transcripts/A01.csv" and a01["coders"] == []
    turn, line, speaker, words, digest, codes = a01["turns"][1].split(" ")
    assert (turn, line, speaker, words, codes) == ("2", "3", "A01", "5", "awal;awal_sapa") and len(digest) == 16
    # texts: the quoted turns and the exemplar quotes the analysis picks, nothing else
    quoted = {q["ref"] for q in data["quotes"]}
    assert quoted <= set(data["corpus"]["texts"]) and "A01:2" not in data["corpus"]["texts"]
    assert data["corpus"]["texts"]["A02:2"] == "Di profil cuma ada tanda @ tanpa nama."
    assert "Awalnya saya menyapa dulu" not in json.dumps(data)  # an unquoted turn's text never reaches it
    quote = next(q for q in data["quotes"] if q["ref"] == "A02:2")
    assert quote["text"] == "Di profil cuma ada tanda @ tanpa nama."
    n5 = next(n for n in data["numbers"] if n["id"] == "n5")
    assert (n5["chapter"], n5["line"]) == ("chapters/02-hasil.md", 17)  # printed by per_stage, called on line 17
    assert data["chapters"]["chapters/02-hasil.md"] == "Bab II" and data["language"] == "id"
    assert set(data["library"]["entries"]) >= {"walther1996"} and data["settings"] == {}


def test_trace_answers_what_the_reader_sees(built_once):
    for asked in ("Tabel 2.1", "Table 2.1", "2.1", "tbl:stage-coverage", "stage-coverage"):
        out = naskah(built_once, "trace", asked)
        assert out.returncode == 0, (asked, out.stderr)
        assert out.stdout.splitlines()[:4] == [
            "Tabel 2.1 — Matriks cakupan tahap per informan (jumlah tuturan berkode) (tbl:stage-coverage)",
            "  Berkas: results/tables/stage-coverage.csv (3 baris × 4 kolom)",
            "  Aturan: analyse",
            "  Dihitung dari: 3 transkrip (data/transcripts/), data/codebook.yaml dan data/informants.csv"], asked
    out = naskah(built_once, "trace", "stage.awal.informants").stdout
    assert "  Dicetak di 2 tempat:" in out
    assert "    chapters/02-hasil.md:5 (Bab II) [n2]: “Tahap awal muncul pada 2 dari 3 informan (66,7%)" in out
    assert "  Dihitung dari 3 giliran dalam 2 transkrip:" in out
    assert "    A01 (data/transcripts/A01.csv): giliran 2, 4" in out
    assert "    A02 (data/transcripts/A02.csv): giliran 2" in out
    out = naskah(built_once, "trace", "n5").stdout
    assert "  Kalimat: chapters/02-hasil.md:17 (Bab II) [n5]: “Tahap awal ditemukan pada 2 informan.”" in out
    out = naskah(built_once, "trace", "A02:2").stdout
    assert out.splitlines()[:4] == ["A02:2 — A02, giliran 2", "  “Di profil cuma ada tanda @ tanpa nama.”",
                                    "  Sumber: data/transcripts/A02.csv, baris 3", "  Kode: awal_sapa"]
    out = naskah(built_once, "trace", "A01:2").stdout  # a turn no chapter quotes: still traced, from the coding
    assert "Tidak dikutip dalam naskah." in out and "n2 stage.awal.informants = 2" in out
    record = json.loads(naskah(built_once, "trace", "A02:2", "--json").stdout)
    assert record["transcript_sha256"] == sha256_file(built_once / "data/transcripts/A02.csv") and record["line"] == 3
    for unknown, said in (("tbl:nope", "is not a table, figure, number or transcript turn"),
                          ("Tabel 9.9", "is not a table, figure, number"), ("Z09:1", "Z09 is not an informant"),
                          ("A01:99", "check the turn number")):
        result = naskah(built_once, "trace", unknown)
        assert result.returncode == 1 and said in result.stderr and "Traceback" not in result.stderr, unknown


def test_every_forged_claim_is_named(built_once):
    from naskah.provenance.compare import compare

    rebuilt = manifest(built_once)
    forged = json.loads(json.dumps(rebuilt))
    next(n for n in forged["numbers"] if n["id"] == "n2")["value"] = "999"
    next(q for q in forged["quotes"] if q["ref"] == "A02:2")["line"] = 7
    next(q for q in forged["quotes"] if q["ref"] == "A01:4")["text"] = "Kata yang tidak pernah diucapkan."
    next(t for t in forged["tables"] if t["id"] == "tbl:stage-coverage")["rows"][0][2] = "5"
    forged["corpus"]["transcripts"][0]["turns"][1] = forged["corpus"]["transcripts"][0]["turns"][1].replace(
        "awal;awal_sapa", "akhir")
    next(a for a in forged["artefacts"] if a["path"] == "results/thesis.pdf")["rule"] = "render"
    findings, agreed = compare(forged, rebuilt)
    shown = [f"{f.kind} {f.name}: {f.detail}" for f in findings]
    assert shown == [
        "table tbl:stage-coverage (Tabel 2.1): row 1 (A01), Awal: '5' in the manifest, '2' rebuilt",
        "number n2 (stage.awal.informants): value: '999' in the manifest, '2' rebuilt",
        "quotation A01:4 in chapters/02-hasil.md: text: 'Kata yang tidak pernah diucapkan.' in the manifest, "
        "'Pilihannya cuma dua | mau atau tidak *serius*.' rebuilt",
        "quotation A02:2 in chapters/02-hasil.md: line: 7 in the manifest, 3 rebuilt",
        "artefact record results/thesis.pdf: rule: 'render' in the manifest, 'render_pdf' rebuilt",
        "transcript record data/transcripts/A01.csv: turn 2: "
        f"{forged['corpus']['transcripts'][0]['turns'][1]!r} in the manifest, "
        f"{rebuilt['corpus']['transcripts'][0]['turns'][1]!r} rebuilt",
    ], shown
    assert agreed["number"] == len(rebuilt["numbers"]) - 1 and compare(rebuilt, rebuilt)[0] == []


def rows(output: str, status: str) -> list[str]:
    """The report's rows of one status, with the column padding collapsed."""
    return [" ".join(line.split()) for line in output.splitlines() if line.startswith(status)]


def test_verify_compares_with_the_rebuild_and_the_received_drafts_never_results(built_once, tmp_path):
    project = tmp_path / "copy"
    shutil.copytree(built_once, project)
    received = tmp_path / "received"
    received.mkdir()
    shutil.copy2(project / "results" / "provenance.json", received / "provenance.json")
    shutil.copy2(project / "results" / "thesis.pdf", received / "thesis.pdf")
    html = (project / "results" / "thesis.html").read_text(encoding="utf-8")
    (received / "thesis.html").write_text(html.replace("Tahap awal muncul pada", "Tahap awal muncul di"),
                                          encoding="utf-8")
    # what lies around in results/ is not evidence of anything: a tampered or missing local output is ignored
    path = project / "results" / "tables" / "stage-coverage.csv"
    path.write_bytes(path.read_bytes().replace(b"A01,Kelompok A,2", b"A01,Kelompok A,3"))
    (project / "results" / "thesis.docx").unlink()
    result = naskah(project, "verify", str(received / "provenance.json"), str(received / "thesis.pdf"),
                    str(received / "thesis.html"))
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert rows(result.stdout, "DIFFERENT") == [f"DIFFERENT received {received / 'thesis.html'} its bytes differ from "
                                                "the rebuilt results/thesis.html (nor the manifest's record of it)"]
    reproduced = rows(result.stdout, "REPRODUCED")
    assert f"REPRODUCED received {received / 'thesis.pdf'} byte for byte the rebuilt results/thesis.pdf" in reproduced
    assert "REPRODUCED rebuilt results/tables/stage-coverage.csv" in reproduced
    assert "REPRODUCED rebuilt results/thesis.docx" in reproduced
    assert "REPRODUCED recomputed 6 numbers equal to the manifest's" in reproduced
    assert "jobs done" in result.stderr  # progress while it rebuilds
    assert "Nothing was withheld" in result.stdout


def test_verify_shows_the_failing_rules_own_message(built_once, tmp_path):
    project = tmp_path / "copy"
    shutil.copytree(built_once, project, ignore=shutil.ignore_patterns("results", ".snakemake", "logs"))
    received = tmp_path / "provenance.json"
    shutil.copy2(built_once / "results" / "provenance.json", received)
    write(project, "chapters/02-hasil.md", read(project, "chapters/02-hasil.md") + "\n{{ stage.nope.turns }}\n")
    result = naskah(project, "verify", str(received))
    assert result.returncode == 1
    assert "DIFFERENT input chapters/02-hasil.md its sha256 differs from the manifest's" in rows(result.stdout,
                                                                                               "DIFFERENT")
    assert rows(result.stdout, "FAILED") == ["FAILED build the rebuild failed its own messages are below"]
    assert "rule assemble failed (logs/assemble.log):" in result.stderr
    assert "chapters/02-hasil.md:19: variabel templat tidak terdefinisi: stage tidak memiliki 'nope'" in result.stderr
    assert "At least one job did not complete" not in result.stderr


def test_diff_names_changed_cells_numbers_and_quotes_with_their_causes(built_once, tmp_path):
    project = tmp_path / "copy"
    shutil.copytree(built_once, project)
    old = project / "old-provenance.json"
    shutil.copy2(project / "results" / "provenance.json", old)
    assert naskah(project, "diff", "old-provenance.json", "--exit-code").returncode == 0  # nothing yet
    # re-code B01's turn from "akhir" to "awal"; reword the quoted turn A01:4 (same number of words)
    path = project / "data" / "transcripts" / "B01.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",akhir\n", ",awal\n"), encoding="utf-8")
    path = project / "data" / "transcripts" / "A01.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("*serius*", "*sungguh*"), encoding="utf-8")
    assert snakemake(project).returncode == 0
    result = naskah(project, "diff", "old-provenance.json", "--exit-code")
    out = result.stdout
    assert result.returncode == 1
    cause = "    because: B01 turn 2 (data/transcripts/B01.csv:3): code akhir → awal"
    assert ("table tbl:stage-coverage (Tabel 2.1): 2 cell(s) changed\n  row B01 / Kelompok B, Awal: ∅ → 1\n"
            f"  row B01 / Kelompok B, Akhir: 1 → ∅\n{cause}\n") in out
    # sub-code rows by their own label (stage / sub-code), not by their stage alone
    assert "  row Akhir / Berpisah, % tuturan tahap: 50,0% → 100,0%\n" in out
    assert "number stage.awal.informants (chapters/02-hasil.md:5): 2 → 3\n  “Tahap awal muncul pada 3 dari 3 " in out
    assert f"dibahas oleh @walther1996.”\n{cause}\n" in out
    assert "quote B01:2 added in chapters/02-hasil.md\n" + cause in out
    assert ("quote A01:4 in chapters/02-hasil.md: text changed\n"
            "    because: A01 turn 4 (data/transcripts/A01.csv:5): text edited") in out
    assert "A01 turn 4" not in out.split("number stage.awal.informants")[1].split("quote")[0]  # wording ≠ count


def test_bundle_is_one_deterministic_archive_for_an_examiner(built_once, tmp_path, run_cli):
    import tarfile

    first, second, with_data = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz", tmp_path / "data.tar.gz"
    assert run_cli(built_once, "bundle", "--out", str(first))[0] == 0
    assert run_cli(built_once, "bundle", "--out", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(first) as archive:
        names = archive.getnames()
        readme = archive.extractfile("naskah-verify/README.txt").read().decode("utf-8")
        sums = archive.extractfile("naskah-verify/SHA256SUMS").read().decode("utf-8")
    assert {"naskah-verify/provenance.json", "naskah-verify/project/chapters/02-hasil.md",
            "naskah-verify/received/thesis.pdf"} <= set(names)
    assert not any("transcripts" in n for n in names)  # confidential: only with --with-data
    assert "naskah verify ../provenance.json ../received/thesis.docx" in readme
    assert f"{sha256_file(built_once / 'data/transcripts/A01.csv')}  data/transcripts/A01.csv" in sums
    code, err = run_cli(built_once, "bundle", "--with-data", "--out", str(with_data))
    assert code == 0 and "3 confidential" in err
    with tarfile.open(with_data) as archive:
        assert "naskah-verify/data/data/transcripts/A01.csv" in archive.getnames()
        assert "--data ../data" in archive.extractfile("naskah-verify/README.txt").read().decode("utf-8")
