"""`naskah export --qdpx` and back: import(export(x)) == x, for the test project and for generated ones."""

from __future__ import annotations

import shutil
import string
import tempfile
import zipfile
from pathlib import Path

import pytest
from conftest import MINI, write  # the suite's own conftest (tests/)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naskah.core.errors import ValidationError
from naskah.data.codebook import load_codebook
from naskah.data.config import load_config
from naskah.data.importers import schema
from naskah.data.importers.export import export_qdpx
from naskah.data.importers.run import Options, import_sources
from naskah.data.transcripts import load_corpus


def snapshot(project: Path):
    """Everything the analysis reads of a project: codebook, informants and turns with every coder's codes."""
    config = load_config(project / "config" / "config.yaml")
    codebook = load_codebook(config.input_path("codebook"))
    corpus = load_corpus(config, codebook)
    codes = [(c.id, c.label, c.description, c.parent) for c in codebook.codes.values()]
    informants = [(i.id, i.group, i.category, i.fields) for i in corpus.informants]
    turns = [(t.informant, t.turn, t.speaker, t.text, t.codes, t.coders) for t in corpus.turns]
    return codebook.title, codes, informants, turns, corpus.coders


def roundtrip(project: Path, work: Path) -> Path:
    """Export *project*, import the .qdpx into a copy of it without its data; the copy."""
    qdpx = work / "project.qdpx"
    export_qdpx(load_config(project / "config" / "config.yaml"), qdpx)
    back = work / "back"
    shutil.copytree(project, back)
    shutil.rmtree(back / "data")
    import_sources([str(qdpx)], Options(into=back))
    return back


def test_the_test_project_comes_back_byte_for_byte(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    back = roundtrip(mini, tmp_path)
    assert snapshot(back) == snapshot(mini)
    for name in ("codebook.yaml", "informants.csv", "transcripts/A01.csv", "transcripts/A02.csv",
                 "transcripts/B01.csv"):
        assert (back / "data" / name).read_bytes() == (mini / "data" / name).read_bytes(), name


def test_further_coders_with_missing_turns_and_ranges_come_back(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write(mini, "data/transcripts/A01.csv", "turn,speaker,text,codes,codes:ani,codes:budi\n"
          "1,P,Bagaimana awalnya?,,,\n2,A01,Awalnya saya menyapa dulu.,awal;awal_sapa,-,awal\n"
          "3,P,Lalu?,,,\n4,A01,Saya tunggu.,awal,?,\n5,P,Terus?,,,\n6,A01,Akhirnya selesai.,akhir,akhir_pisah,-\n"
          "7,P,Oke.,,,\n8,A01,Begitu.,,-,\n")
    original = snapshot(mini)
    assert original[4] == ["codes:ani", "codes:budi"]
    assert snapshot(roundtrip(mini, tmp_path)) == original


def test_the_export_is_valid_deterministic_and_opens_as_qualcoder_expects(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config = load_config(mini / "config" / "config.yaml")
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    summary = export_qdpx(config, first)
    export_qdpx(config, second)
    assert first.read_bytes() == second.read_bytes()
    assert summary == {"sources": 3, "codes": 4, "selections": 5, "users": 1, "validated": True}
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
        texts = [archive.read(name).decode("utf-8").splitlines() for name in names[1:]]
    assert names[0] == "project.qde" and all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    assert schema.problems(qde, "project") == ([], True)  # valid against the REFI-QDA 1.5 XSD
    assert ["P: Bagaimana awalnya?", "A01: Awalnya saya menyapa dulu, pelan-pelan."] in [t[:2] for t in texts]
    assert b'plainTextPath="internal://' in qde and b'creationDateTime="2023-11-14T22:13:20Z"' in qde


def test_an_invalid_project_is_not_exported(mini, tmp_path, run_cli):
    write(mini, "data/transcripts/A02.csv", "turn,speaker,text,codes\n1,P,Halo,tidak_ada\n")
    code, err = run_cli(mini, "export", "--qdpx", str(tmp_path / "x.qdpx"))
    assert code == 1 and "kode 'tidak_ada' tidak dikenal di giliran 1" in err
    assert not (tmp_path / "x.qdpx").exists()


def test_import_never_overwrites_without_force(mini, tmp_path, run_cli):
    qdpx = tmp_path / "p.qdpx"
    assert run_cli(mini, "export", "--qdpx", str(qdpx))[0] == 0
    before = (mini / "data" / "codebook.yaml").read_bytes()
    code, err = run_cli(mini, "import", str(qdpx))
    assert code == 1
    assert "data/codebook.yaml: sudah ada; naskah import tidak menimpa berkas — gunakan --force" in err  # id demo
    assert "data/transcripts/B01.csv: sudah ada" in err and "tidak ada yang ditulis" in err
    assert (mini / "data" / "codebook.yaml").read_bytes() == before
    code, err = run_cli(mini, "import", str(qdpx), "--force")
    assert code == 0, err
    with pytest.raises(ValidationError):  # the API refuses too
        import_sources([str(qdpx)], Options(into=mini))


def test_a_dry_run_writes_nothing(mini, tmp_path, run_cli):
    qdpx = tmp_path / "p.qdpx"
    run_cli(mini, "export", "--qdpx", str(qdpx))
    target = tmp_path / "new"
    code, err = run_cli(mini, "import", str(qdpx), "--into", str(target), "--dry-run")
    assert code == 0 and not target.exists()
    assert f"would write {target.as_posix()}/data/transcripts/A01.csv" in err and "dry run: nothing written" in err


ID = st.sampled_from(["I01", "I02", "A7", "ani", "wawancara-3", "B_12"])
WORDS = st.text(alphabet=string.ascii_letters + "éñ 🙂,.?!:[]#-" + "ü", min_size=1, max_size=40).map(
    lambda s: " ".join(s.split())).filter(lambda s: s and s[0] not in "#[")


@st.composite
def projects(draw):
    informants = draw(st.lists(ID, min_size=1, max_size=3, unique=True))
    transcripts = {}
    for informant in informants:
        rows = []
        for number in range(1, draw(st.integers(1, 6)) + 1):
            speaker = draw(st.sampled_from(["P", informant])) if number > 1 else "P"
            codes = draw(st.lists(st.sampled_from(["awal", "awal_sapa", "akhir", "akhir_pisah"]), unique=True,
                                  max_size=2)) if speaker != "P" else []
            rows.append((number * draw(st.integers(1, 2)), speaker, draw(WORDS), codes))
        numbers = sorted({r[0] for r in rows})
        transcripts[informant] = [(n, *r[1:]) for n, r in zip(numbers, rows, strict=False)]
    return transcripts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(projects())
def test_generated_projects_come_back(tmp_path_factory, transcripts):
    import csv
    import io

    with tempfile.TemporaryDirectory(dir=tmp_path_factory.getbasetemp()) as tmp:
        project = Path(tmp) / "p"
        shutil.copytree(MINI, project, ignore=shutil.ignore_patterns("results", "transcripts"))
        (project / "data" / "transcripts").mkdir()
        lines = ["informant,group,category,usia"]
        for informant, rows in transcripts.items():
            lines.append(f"{informant},Kelompok A,utama,20")
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(["turn", "speaker", "text", "codes"])
            writer.writerows([(n, s, t, ";".join(c)) for n, s, t, c in rows])
            write(project, f"data/transcripts/{informant}.csv", buffer.getvalue())
        write(project, "data/informants.csv", "\n".join(lines) + "\n")
        assert snapshot(roundtrip(project, Path(tmp))) == snapshot(project)
