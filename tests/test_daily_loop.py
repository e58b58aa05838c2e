"""The student's first hour, end to end: start a thesis, write, build, read, edit, rebuild, preview, break it.

One project made by `naskah new --lang en --model thematic` in a temporary folder, built once for real by
Snakemake (as the student runs it: `python -m naskah`, the venv not on PATH); every later step reruns
only what its change reaches.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import as_read, read, write

VENV_BIN = Path(sys.executable).parent
TRANSCRIPT = """turn,speaker,text,codes
1,P,How did the first online weeks go?,
2,I03,“I set my own timetable” — every Sunday evening; otherwise I would drift.,independence_schedule
3,P,And when you were stuck?,
4,I03,"My cousin studies the same subject, so I ask her.",support
"""
CHAPTER = """# Discussion {#sec:discussion}

Independent learning was found in {{ stage.independence | spread }}, social support in
{{ stage.support | spread }}; by group, social support occurs in {{ stage.support | per_group }}.
The themes, {{ stages | listed }}, cover {{ corpus.coded_turns | noun("coded turn") }}.

{{ quote("I03", 2) }}
"""


def naskah(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m naskah ARGS` in *project*, the venv's bin/ off PATH and no SOURCE_DATE_EPOCH."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "VIRTUAL_ENV")}
    clean["PATH"] = os.pathsep.join(p for p in clean.get("PATH", "").split(os.pathsep)
                                    if p and Path(p).resolve() != VENV_BIN.resolve())
    clean.update(env or {})
    return subprocess.run([sys.executable, "-m", "naskah", *args], cwd=project, capture_output=True, text=True,
                          env=clean, timeout=600)


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """`naskah new`, a transcript and a chapter of the student's own, and the first `naskah build`."""
    home = tmp_path_factory.mktemp("loop")
    made = naskah(home, "new", "thesis", "--lang", "en", "--model", "thematic")
    assert made.returncode == 0, made.stderr
    project = home / "thesis"
    write(project, "data/transcripts/I03.csv", TRANSCRIPT, encoding="cp1252")  # as Excel saves it on Windows
    write(project, "data/informants.csv", read(project, "data/informants.csv") + "I03,Students,main\n")
    write(project, "chapters/03-discussion.md", CHAPTER)
    built = naskah(project, "build")
    assert built.returncode == 0, built.stderr
    return project, made, built


def test_naskah_new_says_what_it_made_and_commits_it(loop):
    project, made, _ = loop
    assert made.stderr.splitlines() == [
        "naskah new: created thesis (English, model 'thematic', house style 'default')",
        "naskah new: git repository with a first commit (private/ and results/ are ignored)",
        "next: cd thesis && naskah build — then fill in config/config.yaml and write in chapters/ (README.md says "
        "where everything goes)"]
    log = subprocess.run(["git", "log", "--format=%s"], cwd=project, capture_output=True, text=True).stdout
    assert log.splitlines() == ["New thesis project (naskah 0.1.0)"]


def test_the_first_build_ends_with_the_drafts_the_warnings_and_the_next_step(loop):
    _, _, built = loop
    lines = built.stderr.splitlines()
    assert re.fullmatch(r"naskah build: done in \d+\.\d s \(8 jobs: literature, analyse, "
                        r"assemble, render_html, render_docx, render_pdf, manifest, guard\)",
                        lines[0]), lines[0]
    assert [line.split()[0] for line in lines[1:5]] == ["results/thesis.html", "results/thesis.docx",
                                                        "results/thesis.pdf", "results/tables/"]
    assert lines[4].endswith("5 tables as CSV, as in the draft")
    assert lines[5:] == [
        "1 warning:",
        "  data/transcripts/I03.csv: warning: not UTF-8: read as Windows-1252 (what Excel saves as plain 'CSV' on "
        "Windows) — check its accented letters and quote marks, then save it as 'CSV UTF-8' to silence this warning",
        "next: read the draft with `naskah open` (html, pdf or docx); `naskah preview` rebuilds it whenever you save "
        "a chapter"]
    assert len(built.stderr) < 2000  # not Snakemake's 270 lines


def test_the_draft_speaks_english_of_themes(loop):
    project = loop[0]
    markdown = as_read(read(project, "results/thesis.md"))
    assert "[Table 2.1]{.caption-label} Themes by informant group: number of informants (coded turns)" in markdown
    assert "[Figure 2.1]{.caption-label} Number of informants in whom each theme occurs" in markdown
    assert read(project, "results/tables/stage-by-group.csv").startswith("Theme,Students (n = 2),Employees (n = 1)")
    assert ("Independent learning was found in all informants, social support in\n2 of 3 informants (66.7%); by "
            "group, social support occurs in both students and 0 of 1 employee (0.0%).\nThe themes, Independent "
            "learning and Social support, cover 6 coded turns.") in markdown
    assert "“I set my own timetable”" in markdown  # the Windows-1252 quotation marks, read as such


def test_edit_rebuild_open_preview_and_a_mistake(loop, tmp_path):
    project = loop[0]
    # nothing changed: a dry run says so
    dry = naskah(project, "build", "-n")
    assert dry.returncode == 0 and dry.stderr.splitlines() == [
        "naskah build -n: nothing would run: everything is up to date"], dry.stderr

    # open: handed to the viewer NASKAH_OPENER names
    seen = tmp_path / "opened.txt"
    opener = tmp_path / "opener.py"
    opener.write_text(f"import sys; open({str(seen)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8")
    opened = naskah(project, "open", "pdf", env={"NASKAH_OPENER": f"{sys.executable} {opener}"})
    assert opened.returncode == 0 and opened.stderr == "opened results/thesis.pdf\n"
    for _ in range(50):
        if seen.is_file():
            break
        time.sleep(0.1)
    assert seen.read_text(encoding="utf-8") == "results/thesis.pdf"

    # an edit reruns what it reaches, never the analysis
    write(project, "chapters/03-discussion.md", CHAPTER + "\nA sentence written today.\n")
    rebuilt = naskah(project, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    first = rebuilt.stderr.splitlines()[0]
    assert re.fullmatch(r"naskah build: done in \d+\.\d s \(7 jobs: literature, assemble, render_html, "
                        r"render_docx, render_pdf, manifest, guard\)", first), first
    assert "A sentence written today." in read(project, "results/thesis.md")

    # preview: serves the draft, rebuilds on save, and the page changes
    preview = subprocess.Popen([sys.executable, "-m", "naskah", "preview", "--port", "0", "--no-open"], cwd=project,
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        announced = preview.stderr.readline()
        url = re.search(r"serving (http://127\.0\.0\.1:\d+/)", announced).group(1)
        page = wait_for(url, "A sentence written today.")
        assert "/__naskah/state" in page  # the live-reload script
        write(project, "chapters/03-discussion.md", CHAPTER + "\nA sentence written in the preview.\n")
        wait_for(url, "A sentence written in the preview.")
        with urllib.request.urlopen(url + "__naskah/state", timeout=10) as response:
            state = json.loads(response.read())
        assert state["ok"] is True and state["version"] >= 2
    finally:
        preview.terminate()
        preview.wait(timeout=30)

    # a mistake: the build stops with the student's file:line and says which drafts are older
    write(project, "data/transcripts/I01.csv", read(project, "data/transcripts/I01.csv").replace(
        "independence_schedule", "independence_shedule"))
    failed = naskah(project, "build")
    assert failed.returncode == 1
    lines = failed.stderr.splitlines()
    assert lines[0] == ("data/transcripts/I01.csv:3: unknown code 'independence_shedule' in turn 2 — did you mean "
                        "'independence_schedule'? use a code id from data/codebook.yaml")
    assert re.fullmatch(r"naskah build: failed in analyse after \d+\.\d s \(Snakemake's full output: "
                        r"logs/build.log\)", lines[2]), lines
    assert re.fullmatch(r"naskah: results/thesis\.html is from the last good build \(.*\), not from this one",
                        lines[3]), lines
    assert lines[-1] == "next: fix the problems above, then run `naskah build` again"


def wait_for(url: str, text: str, timeout: float = 240) -> str:
    """The served page once it holds *text* (the rebuild runs in the preview's own process)."""
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                page = response.read().decode("utf-8")
        except OSError:
            page = ""
        if text in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared in the preview; last page:\n{page[-2000:]}")
