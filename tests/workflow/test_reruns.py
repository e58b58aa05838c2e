"""A change reruns only the stages that read it (each stage's settings are their own input)."""

from __future__ import annotations

import os
import re

from conftest import read, snakemake, write


def planned_jobs(project, *args) -> set[str]:
    result = snakemake(project, "-n", *args)
    assert result.returncode == 0, result.stderr[-2000:]
    table = result.stdout + result.stderr
    block = table[table.index("Job stats:"):].split("\n\n", 1)[0]
    return {m.group(1) for m in re.finditer(r"^(\w+)\s+\d+$", block, re.M)} - {"total", "all"}


def test_an_up_to_date_build_plans_nothing(built_copy):
    result = snakemake(built_copy, "-n")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_a_title_change_reruns_neither_the_analysis_nor_the_literature_checks(built_copy):
    config = read(built_copy, "config/config.yaml")
    write(built_copy, "config/config.yaml", config.replace('title: "Uji Mini"', 'title: "Uji Mini yang Baru"'))
    assert planned_jobs(built_copy) == {"assemble", "render_html", "render_docx", "render_pdf", "manifest", "guard"}


def test_a_title_given_with_config_on_the_command_line_reruns_the_same(built_copy):
    assert planned_jobs(built_copy, "--config", "thesis={title: Judul dari baris perintah}") == {
        "assemble", "render_html", "render_docx", "render_pdf", "manifest", "guard"}


def test_a_style_change_reruns_assembly_and_rendering_only(built_copy):
    config = read(built_copy, "config/config.yaml")
    write(built_copy, "config/config.yaml", config + "style:\n  body: {line_spacing: 1.5}\n")
    assert planned_jobs(built_copy) == {"assemble", "render_html", "render_docx", "render_pdf", "manifest", "guard"}


def test_a_transcript_edit_reruns_the_analysis(built_copy):
    path = "data/transcripts/A01.csv"
    write(built_copy, path, read(built_copy, path).replace("pelan-pelan", "perlahan-lahan"))
    assert {"analyse", "assemble", "manifest", "guard"} <= planned_jobs(built_copy)


def test_a_transcript_saved_again_unchanged_reruns_nothing_and_one_added_reruns_the_analysis(built_copy):
    # the rules depend on the transcripts' hashes (results/config/transcripts.json), not on their times
    path = built_copy / "data/transcripts/A01.csv"
    path.write_bytes(path.read_bytes())
    os.utime(path, (path.stat().st_atime + 3600, path.stat().st_mtime + 3600))
    test_an_up_to_date_build_plans_nothing(built_copy)
    write(built_copy, "data/informants.csv", read(built_copy, "data/informants.csv") + "C01,Kelompok B,kunci,20–25\n")
    write(built_copy, "data/transcripts/C01.csv", "turn,speaker,text,codes\n1,P,Ada lagi?,\n2,C01,Sudah.,\n")
    assert {"analyse", "assemble", "manifest", "guard"} <= planned_jobs(built_copy)


def test_after_a_failed_build_the_same_edit_fails_again_instead_of_passing_for_up_to_date(built_copy):
    # a failed assemble loses its outputs (Snakemake deletes them); Snakemake does not remake a missing
    # intermediate file while what follows it is up to date, so the guard lists the sources themselves
    path = "chapters/02-hasil.md"
    good = read(built_copy, path)
    bad = good + "\n{{ informants.totl }}\n"
    write(built_copy, path, bad)
    assert snakemake(built_copy, "-c1").returncode != 0
    write(built_copy, path, good)
    write(built_copy, path, bad)  # the edit again: the drafts are from `good`, so they are not up to date
    assert {"assemble", "guard"} <= planned_jobs(built_copy)
    assert snakemake(built_copy, "-c1").returncode != 0


def test_a_new_naskah_version_reruns_every_job(built_copy, tmp_path, monkeypatch):
    # each rule's shell command names the naskah version, and Snakemake reruns a job whose command changed
    # (no rule has params: Snakemake would hash them through pandas, imported in its own process)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import naskah\nnaskah.__version__ = '99.0.0'\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(site))
    assert planned_jobs(built_copy) == {"literature", "analyse", "assemble", "render_html", "render_docx", "render_pdf",
                                        "manifest", "guard"}
