"""assemble from analyse's snapshot of the corpus (``analyse --corpus``, ``assemble --corpus``): the same draft
and records as from every transcript, the transcripts opened only for the turns the draft shows, and a
transcript edited after the analysis named rather than quoted from."""

from __future__ import annotations

import json

from conftest import read, write

SNAPSHOT = "results/analysis/corpus.json"
OUTPUTS = ("thesis.md", "crossref.json", "core.json", "panel.json", "records.json")


def assemble(run_cli, project, folder: str, *extra: str) -> int:
    code, err = run_cli(project, "assemble", "--out", f"{folder}/thesis.md", "--crossref", f"{folder}/crossref.json",
                        "--core", f"{folder}/core.json", "--panel", f"{folder}/panel.json",
                        "--records", f"{folder}/records.json", *extra)
    return code, err


def test_the_snapshot_gives_the_draft_every_transcript_gives_and_opens_only_the_shown(mini, run_cli, monkeypatch):
    # an informant nobody quotes and no exemplar can pick (no coded turn): the snapshot path never opens it
    write(mini, "data/informants.csv", read(mini, "data/informants.csv") + "C01,Kelompok B,kunci,20–25\n")
    write(mini, "data/transcripts/C01.csv", "turn,speaker,text,codes\n1,P,Ada lagi?,\n2,C01,Sudah cukup itu saja.,\n")
    for step in (["analyse", "--corpus", SNAPSHOT], ["literature"]):
        code, err = run_cli(mini, *step)
        assert code == 0, (step, err)
    snapshot = json.loads(read(mini, SNAPSHOT))
    assert snapshot["corpus"]["texts"] == {} and "Sudah cukup itu saja" not in read(mini, SNAPSHOT)
    assert [t["informant"] for t in snapshot["corpus"]["transcripts"]] == ["A01", "A02", "B01", "C01"]

    code, err = assemble(run_cli, mini, "results/all")
    assert code == 0, err
    import naskah.data.transcripts as transcripts

    opened = []
    reading = transcripts.read_transcript

    def read_transcript(path, informant, *args, **kwargs):
        opened.append(informant)
        return reading(path, informant, *args, **kwargs)

    monkeypatch.setattr(transcripts, "read_transcript", read_transcript)
    code, err = assemble(run_cli, mini, "results/snap", "--corpus", SNAPSHOT)
    assert code == 0, err
    for name in OUTPUTS:
        assert read(mini, f"results/snap/{name}") == read(mini, f"results/all/{name}"), name
    shown = json.loads(read(mini, "results/snap/core.json"))["corpus"]["texts"]
    assert "A01:4" in shown  # the chapter's quote, its text from the transcript
    assert sorted(set(opened)) == sorted({ref.split(":")[0] for ref in shown}) and "C01" not in opened
    assert len(opened) == len(set(opened))  # each at most once


def test_a_transcript_edited_after_the_analysis_is_named(mini, run_cli):
    for step in (["analyse", "--corpus", SNAPSHOT], ["literature"]):
        code, err = run_cli(mini, *step)
        assert code == 0, (step, err)
    transcript = read(mini, "data/transcripts/A01.csv")
    write(mini, "data/transcripts/A01.csv", transcript.replace("Pilihannya cuma dua", "Pilihannya hanya dua"))
    code, err = assemble(run_cli, mini, "results/snap", "--corpus", SNAPSHOT)
    assert code == 1
    assert f"{SNAPSHOT}: " in err and "data/transcripts/A01.csv" in err and "naskah analyse" in err, err
    assert "Traceback" not in err and not (mini / "results/snap/thesis.md").exists()


def test_a_missing_snapshot_is_a_message_not_a_traceback(mini, run_cli):
    for step in (["analyse"], ["literature"]):
        assert run_cli(mini, *step)[0] == 0
    code, err = assemble(run_cli, mini, "results/snap", "--corpus", SNAPSHOT)
    assert code == 1 and f"{SNAPSHOT}: " in err and f"naskah analyse --corpus {SNAPSHOT}" in err, err
    assert "Traceback" not in err


def test_a_typed_quotation_that_matches_no_turn_gets_the_same_message_as_from_every_transcript(mini, run_cli):
    # B01's words attributed to A01: the closest turn is looked for in every transcript, which the snapshot
    # then reads after all (naskah.data.transcripts.TurnsOnDemand)
    chapter = read(mini, "chapters/02-hasil.md")
    write(mini, "chapters/02-hasil.md", chapter + '\n"Banyak yang berhenti setelah ada masalah." [A01:4]\n')
    for step in (["analyse", "--corpus", SNAPSHOT], ["literature"]):
        assert run_cli(mini, *step)[0] == 0
    code_all, err_all = assemble(run_cli, mini, "results/all")
    code_snap, err_snap = assemble(run_cli, mini, "results/snap", "--corpus", SNAPSHOT)
    assert code_all == code_snap == 1
    assert "B01" in err_all and "Traceback" not in err_all
    assert err_snap == err_all
