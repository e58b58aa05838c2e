"""End to end, as an examiner: the student builds in their repository (transcripts kept out of git); the
examiner clones it, receives the manifest and the PDF, and verifies — first without the transcripts, then
with them handed over (`--data`) and a manifest value forged. One build and two verifications."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, snakemake

PARTS = ["Snakefile", "profiles", "config", "data", "references", "chapters"]
STAMP = {"GIT_AUTHOR_NAME": "Mahasiswa", "GIT_AUTHOR_EMAIL": "mahasiswa@example.org",
         "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_NAME": "Mahasiswa",
         "GIT_COMMITTER_EMAIL": "mahasiswa@example.org", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z"}

pytestmark = pytest.mark.slow


def naskah(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`naskah` as an examiner runs it: the venv's script, the venv not on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "VIRTUAL_ENV")}
    return subprocess.run([str(Path(sys.executable).parent / "naskah"), *args], cwd=project, capture_output=True,
                          text=True, timeout=900, env=env)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **STAMP}, check=True, capture_output=True)


@pytest.fixture(scope="module")
def student(tmp_path_factory) -> Path:
    """The demo as a student's repository that keeps data/transcripts/ out of git, built once."""
    project = tmp_path_factory.mktemp("student") / "skripsi"
    project.mkdir()
    for part in PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    (project / ".gitignore").write_text("results/\nlogs/\n.snakemake/\nprivate/\ndata/transcripts/\n",
                                        encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "draft")
    result = snakemake(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project


@pytest.fixture(scope="module")
def examiner(student, tmp_path_factory) -> tuple[Path, Path]:
    """A fresh clone (no results/, no transcripts) and the folder of what the examiner received."""
    root = tmp_path_factory.mktemp("examiner")
    subprocess.run(["git", "clone", "-q", str(student), str(root / "clone")], check=True, capture_output=True)
    received = root / "received"
    received.mkdir()
    for name in ("provenance.json", "thesis.pdf", "thesis.docx"):
        shutil.copy2(student / "results" / name, received / name)
    return root / "clone", received


def rows(output: str, status: str) -> list[str]:
    return [" ".join(line.split()) for line in output.splitlines() if line.startswith(status)]


def test_without_the_transcripts_everything_downstream_of_the_coding_is_verified(examiner):
    clone, received = examiner
    assert not (clone / "results").exists() and not (clone / "data" / "transcripts").exists()
    result = naskah(clone, "verify", str(received / "provenance.json"), str(received / "thesis.pdf"))
    report = result.stdout
    assert result.returncode == 3, report[-4000:] + result.stderr[-3000:]
    assert rows(report, "DIFFERENT") == [] and rows(report, "MISSING") == [] and rows(report, "FAILED") == []
    withheld = rows(report, "WITHHELD")
    assert len(withheld) == 14 and withheld[0].startswith("WITHHELD transcript data/transcripts/I01.csv")
    reproduced = rows(report, "REPRODUCED")
    for artefact in ("results/thesis.pdf", "results/thesis.docx", "results/thesis.html", "results/thesis.md",
                     "results/tables/stage-coverage.csv", "results/analysis/facts.json", "results/crossref.json"):
        assert f"REPRODUCED rebuilt {artefact}" in reproduced, artefact
    assert f"REPRODUCED received {received / 'thesis.pdf'} byte for byte the rebuilt results/thesis.pdf" in reproduced
    assert "Not given (confidential): 14 transcript(s) (data/transcripts/)." in report
    assert "Not verified: that the recorded coding and quoted texts are those of the transcripts" in report
    assert "partly verified" in result.stderr and "jobs done" in result.stderr


def test_with_the_transcripts_a_forged_manifest_value_fails_by_name(student, examiner, tmp_path):
    clone, received = examiner
    manifest = json.loads((received / "provenance.json").read_text(encoding="utf-8"))
    number = next(n for n in manifest["numbers"] if n["expr"] == "stage.kontak.informants")
    number["value"] = "999"
    quote = manifest["quotes"][0]
    quote["line"] += 1
    forged = tmp_path / "provenance.json"
    forged.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    handed = tmp_path / "handed-over"  # the transcripts, handed over apart from the repository
    shutil.copytree(student / "data" / "transcripts", handed)
    result = naskah(clone, "verify", str(forged), "--data", str(handed))
    report = result.stdout
    assert result.returncode == 1, report[-4000:] + result.stderr[-3000:]
    assert rows(report, "DIFFERENT") == [
        f"DIFFERENT number {number['id']} (stage.kontak.informants) value: '999' in the manifest, '14' rebuilt",
        f"DIFFERENT quotation {quote['ref']} in {quote['chapter']} line: {quote['line']} in the manifest, "
        f"{quote['line'] - 1} rebuilt"], report
    assert len([r for r in rows(report, "REPRODUCED") if r.startswith("REPRODUCED transcript")]) == 14
    assert "REPRODUCED rebuilt results/agreement/disagreements.csv" in rows(report, "REPRODUCED")
    assert rows(report, "WITHHELD") == [] and "Nothing was withheld" in report


def test_the_readme_trace_examples_run_on_the_demo(student):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Tracing, verifying, comparing", 1)[1].split("```", 2)[1]
    examples = [re.match(r"naskah trace (\"[^\"]+\"|\S+)", line).group(1).strip('"')
                for line in block.splitlines() if line.startswith("naskah trace")]
    assert len(examples) >= 5
    for example in examples:
        result = naskah(student, "trace", example)
        assert result.returncode == 0 and result.stdout.strip(), (example, result.stderr)
    assert "Tabel 4.2 — " in naskah(student, "trace", "Tabel 4.2").stdout
    assert "Kode: kontak" in naskah(student, "trace", "I03:12").stdout


def test_the_received_drafts_alone_carry_what_verify_needs(student, examiner, tmp_path):
    """No provenance.json: the PDF carries the build's manifest (an attachment), so does the DOCX (a custom
    XML part); with the transcripts handed over, both are reproduced byte for byte."""
    clone, received = examiner
    handed = tmp_path / "handed-over"
    shutil.copytree(student / "data" / "transcripts", handed)
    result = naskah(clone, "verify", str(received / "thesis.pdf"), str(received / "thesis.docx"), "--data",
                    str(handed))
    report = result.stdout
    assert result.returncode == 0, report[-4000:] + result.stderr[-3000:]
    reproduced = rows(report, "REPRODUCED")
    for name in ("thesis.pdf", "thesis.docx"):
        assert f"REPRODUCED received {received / name} byte for byte the rebuilt results/{name}" in reproduced
    assert rows(report, "DIFFERENT") == []


def test_a_forged_embedded_manifest_and_a_changed_byte_fail_by_name(student, examiner, tmp_path):
    import zipfile

    clone, received = examiner
    forged = tmp_path / "thesis.docx"  # the DOCX's embedded manifest with one number changed
    with zipfile.ZipFile(received / "thesis.docx") as source, zipfile.ZipFile(forged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("customXml/item"):
                text = data.decode("utf-8")
                at = text.index('"expr":"stage.kontak.informants"')
                start = text.rindex("{", 0, at)
                end = text.index("}", at)
                record = text[start:end]
                data = (text[:start] + record.replace('"value":"14"', '"value":"999"') + text[end:]).encode()
            target.writestr(item, data)
    changed = tmp_path / "thesis.pdf"  # the received PDF with one byte changed (its creation date)
    pdf = (received / "thesis.pdf").read_bytes()
    at = pdf.index(b"/CreationDate(D:") + len(b"/CreationDate(D:")
    changed.write_bytes(pdf[:at] + (b"1" if pdf[at:at + 1] != b"1" else b"2") + pdf[at + 1:])
    handed = tmp_path / "handed-over"
    shutil.copytree(student / "data" / "transcripts", handed)
    result = naskah(clone, "verify", str(forged), str(changed), "--data", str(handed))
    report = result.stdout
    assert result.returncode == 1, report[-4000:] + result.stderr[-3000:]
    different = rows(report, "DIFFERENT")
    assert any("(stage.kontak.informants) value: '999' in the manifest, '14' rebuilt" in r for r in different), report
    assert any(r.startswith(f"DIFFERENT received {changed}") for r in different), report
