"""A manifest is input from outside: damaged, old, crafted or carried inside a draft. No build here."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pypdf
import pytest

from naskah.provenance import rebuild
from naskah.provenance.embedded import docx_part, html_script, read_embedded
from naskah.provenance.load import load_manifest, unsafe

SHA = "0" * 64


def tiny_manifest() -> dict:
    """The smallest manifest of the current format: one input, one artefact, one number, one quote."""
    return {
        "schema": 2, "epoch": 1764633600, "language": "id", "settings": {},
        "inputs": [{"path": "data/transcripts/A01.csv", "kind": "transcript", "sha256": SHA, "size": 10}],
        "environment": {"versions": {"naskah": "0.1.0"}, "git": {"commit": None, "dirty": None}},
        "sources_sha256": SHA,
        "artefacts": [{"path": "results/thesis.md", "sha256": SHA, "size": 1, "rule": "assemble",
                       "inputs": [{"path": "data/transcripts/A01.csv", "sha256": SHA}]}],
        "tables": [], "figures": [], "chapters": {"chapters/02-hasil.md": "Bab II"},
        "numbers": [{"id": "n1", "expr": "stage.awal.informants", "value": "2", "chapter": "chapters/02-hasil.md",
                     "line": 3, "cell": None, "table": None, "refs": ["A01:2"], "sentence": "Ada 2 informan."}],
        "quotes": [{"ref": "A01:2", "informant": "A01", "turn": 2, "transcript": "data/transcripts/A01.csv",
                    "line": 3, "chapter": "chapters/02-hasil.md", "redacted": False, "text": "Halo.",
                    "transcript_sha256": SHA}],
        "redactions": [],
        "corpus": {"fields": "turn line speaker words sha256 codes coders...", "texts": {"A01:2": "Halo."},
                   "transcripts": [{"path": "data/transcripts/A01.csv", "informant": "A01", "coders": [],
                                    "turns": ["1 2 P 3 0123456789abcdef -", "2 3 A01 1 0123456789abcdef awal"]}]},
        "library": {"path": "references/library.bib", "entries": {}},
    }


def save(tmp_path: Path, data, name: str = "provenance.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_well_formed_manifest_loads(tmp_path):
    assert load_manifest(save(tmp_path, tiny_manifest()))["numbers"][0]["value"] == "2"


@pytest.mark.parametrize("bad", ["../../x", "/etc/passwd", "C:/Users/x.csv", "data/../../x", "~/x", "a\\b", ""])
def test_a_crafted_input_path_is_refused_with_its_line(tmp_path, run_cli, bad):
    data = tiny_manifest()
    data["inputs"][0]["path"] = bad
    path = save(tmp_path, data)
    code, err = run_cli(tmp_path, "verify", str(path))
    assert code == 1 and "Traceback" not in err
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if json.dumps(bad) in text)
    assert f"provenance.json:{line}: inputs[0].path: {json.dumps(bad)}" in err


def test_unsafe_paths():
    assert unsafe("data/transcripts/I03.csv") is None
    assert unsafe("naskah:workflow/Snakefile", package_ok=True) is None
    assert unsafe("naskah:../../etc/passwd", package_ok=True)


def test_an_artefact_outside_results_is_refused(tmp_path, run_cli):
    data = tiny_manifest()
    data["artefacts"][0]["path"] = "Snakefile"
    code, err = run_cli(tmp_path, "verify", str(save(tmp_path, data)))
    assert code == 1 and "artefacts[0].path: 'Snakefile' is not an output under results/" in err


def test_damaged_manifests_are_messages_not_tracebacks(tmp_path, run_cli):
    truncated = save(tmp_path, json.dumps(tiny_manifest(), indent=2)[:200], "truncated.json")
    code, err = run_cli(tmp_path, "trace", "n1", "--manifest", str(truncated))
    assert code == 1 and "truncated.json:" in err and "not a valid manifest" in err and "Traceback" not in err
    wrong = tiny_manifest()
    wrong["numbers"][0]["value"] = 999
    code, err = run_cli(tmp_path, "trace", "n1", "--manifest", str(save(tmp_path, wrong, "wrong.json")))
    assert code == 1 and "numbers[0].value: 999 is not of type 'string'" in err
    code, err = run_cli(tmp_path, "diff", str(save(tmp_path, [1, 2], "list.json")), str(truncated))
    assert code == 1 and "not a naskah provenance manifest" in err
    future = tiny_manifest() | {"schema": 9}
    code, err = run_cli(tmp_path, "trace", "n1", "--manifest", str(save(tmp_path, future, "future.json")))
    assert code == 1 and "unknown manifest format 9" in err


def test_verify_in_a_folder_without_results_asks_for_the_received_manifest(tmp_path, run_cli):
    code, err = run_cli(tmp_path, "verify")
    assert code == 1 and "no manifest to verify" in err and "naskah verify provenance.json" in err


def test_a_format_1_manifest_is_read_by_trace_and_diff_but_not_verify(tmp_path, run_cli, capsys):
    old = tiny_manifest()
    for field in ("language", "settings", "figures", "chapters", "corpus", "library"):
        del old[field]
    old["schema"] = 1
    path = save(tmp_path, old, "old.json")
    code, _ = run_cli(tmp_path, "trace", "stage.awal.informants", "--manifest", str(path))
    assert code == 0
    code, _ = run_cli(tmp_path, "diff", str(path), str(save(tmp_path, tiny_manifest())))
    assert code == 0
    code, err = run_cli(tmp_path, "verify", str(path))
    assert code == 1 and "format 1" in err and "rebuild with this naskah" in err


def test_the_embedded_manifest_is_read_from_each_draft_format(tmp_path):
    data = tiny_manifest()
    data["quotes"][0]["text"] = "</script> inside"  # a quotation may hold anything
    text = json.dumps(data)
    html = tmp_path / "thesis.html"
    html.write_text(f"<html><body><p>Bab I</p>{html_script(text)}</body></html>", encoding="utf-8")
    carried = html.read_text(encoding="utf-8").split("naskah-provenance")[1]
    assert "</script> inside" not in carried.split("</script>")[0]
    assert json.loads(read_embedded(html))["quotes"][0]["text"] == "</script> inside"

    docx = tmp_path / "thesis.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("customXml/item1.xml", "<other xmlns='urn:x'/>")  # someone else's part is skipped
        archive.writestr("customXml/item2.xml", docx_part(text))
    assert json.loads(read_embedded(docx))["schema"] == 2

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("provenance.json", text.encode("utf-8"))
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = tmp_path / "thesis.pdf"
    pdf.write_bytes(buffer.getvalue())
    assert json.loads(read_embedded(pdf))["epoch"] == 1764633600
    assert load_manifest(pdf)["numbers"][0]["expr"] == "stage.awal.informants"


def test_a_draft_without_a_manifest_says_what_to_give_instead(tmp_path, run_cli):
    html = tmp_path / "thesis.html"
    html.write_text("<html><body>no manifest</body></html>", encoding="utf-8")
    assert read_embedded(html) is None
    code, err = run_cli(tmp_path, "verify", str(html))
    assert code == 1 and "carries no provenance manifest" in err and "naskah verify provenance.json thesis.html" in err
    broken = tmp_path / "thesis.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    code, err = run_cli(tmp_path, "verify", str(broken))
    assert code == 1 and "cannot read this PDF file" in err and "Traceback" not in err


def test_a_failed_rebuild_is_explained_by_the_failing_rules_log(tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "assemble.log").write_text(
        "chapters/04-hasil.md:12: undefined template variable: stage has no 'nope' — use a stage id\n"
        "naskah assemble: 1 problem(s); nothing was written\n", encoding="utf-8")
    output = ["Building DAG of jobs...", "[Wed Dec  2 10:00:00 2026]", "Error in rule assemble:", "    jobid: 3",
              "    log: logs/assemble.log (check log file(s) for error details)",
              "Shutting down, this might take some time.", "WorkflowError:",
              "At least one job did not complete successfully."]
    messages = rebuild.failure_messages(output, tmp_path)
    assert messages[0] == "rule assemble failed (logs/assemble.log):"
    assert "  chapters/04-hasil.md:12: undefined template variable: stage has no 'nope' — use a stage id" in messages
    assert not any("At least one job" in m for m in messages)
    # a mistake found before planning (the config) has no rule and no log: Snakemake's own lines, minus its chatter
    early = ["Using workflow specific profile profiles/default for setting default command line arguments.",
             "config/config.yaml:3: thesis.year: 'x' is not of type 'integer' — see the README"]
    assert rebuild.failure_messages(early, tmp_path) == ["  " + early[1]]


def test_tool_drift_is_reported_before_anything_is_compared():
    from naskah.provenance.verify import DRIFT, Report, _drift

    manifest = tiny_manifest()
    manifest["environment"]["versions"] = {"naskah": "0.0.1", "pandoc": "2.0", "python": "3.11.7"}
    report, said = Report("provenance.json"), []
    _drift(manifest, report, said.append)
    names = [r.name for r in report.rows if r.status == DRIFT]
    assert names[0] == "naskah" and "pandoc" in names and "python" not in names  # the same python: no drift
    assert said[0].startswith("tool drift: naskah 0.0.1 (manifest) → ")


def test_settings_given_on_the_command_line_are_recorded_for_the_rebuild(mini):
    from naskah.data.config import load_config
    from naskah.provenance.manifest import settings_overlay

    plain = load_config(mini / "config" / "config.yaml", root=mini)
    assert settings_overlay(plain) == {}
    final = load_config(mini / "config" / "config.yaml", root=mini,
                        overlays=[({"render": {"mode": "final"}}, "--config", {})])
    assert settings_overlay(final) == {"render": {"mode": "final"}}


def test_a_job_reads_the_command_lines_settings_from_its_stage_file_without_the_config_file(mini):
    """The workflow writes each stage's settings with what an overlay changed among them, so a job records
    them without reading and validating config/config.yaml again."""
    from naskah.data.config import load_config, write_resolved
    from naskah.provenance.manifest import settings_overlay
    from naskah.workflow.plan import STAGE_SETTINGS

    final = load_config(mini / "config" / "config.yaml", root=mini,
                        overlays=[({"render": {"mode": "final"}, "thesis": {"title": "Judul Lain"}}, "--config", {})])
    for stage in ("analyse", "manifest"):
        write_resolved(final, mini / "results" / "config" / f"{stage}.json", STAGE_SETTINGS[stage])
    (mini / "config" / "config.yaml").unlink()  # a job reads its stage file only
    found = {stage: settings_overlay(load_config(mini / "results" / "config" / f"{stage}.json"))
             for stage in ("analyse", "manifest")}
    assert found == {"analyse": {}, "manifest": {"render": {"mode": "final"}, "thesis": {"title": "Judul Lain"}}}
