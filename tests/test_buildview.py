"""naskah build's summary, read from Snakemake's output as Snakemake 9 prints it (no Snakemake runs here;
tests/test_daily_loop.py runs the real thing)."""

from __future__ import annotations

from conftest import write

from naskah.buildview import Run, open_draft, snakemake_command, summary

JOBS = """\
Building DAG of jobs...
Job stats:
job           count
----------  -------
analyse           1
literature        1
total             2

Select jobs to execute...
Execute 2 jobs...

[Wed Dec  2 10:03:20 2026]
localrule analyse:
    input: results/config/analyse.json, data/codebook.yaml
    output: results/tables/informants.csv
    log: logs/analyse.log
    jobid: 4
    reason: Missing output files: results/tables/informants.csv
    resources: tmpdir=/tmp
[Wed Dec  2 10:03:20 2026]
localrule render:
    log: logs/render_html.log
    jobid: 2
    wildcards: fmt=html
[Wed Dec  2 10:03:23 2026]
localrule render:
    log: logs/render_pdf.log
    jobid: 3
    wildcards: fmt=pdf
"""
DONE = """\
[Wed Dec  2 10:03:24 2026]
Finished jobid: 4 (Rule: analyse)
1 of 3 steps (33%) done
Finished jobid: 2 (Rule: render)
2 of 3 steps (67%) done
Finished jobid: 3 (Rule: render)
3 of 3 steps (100%) done
Complete log(s): /tmp/x/.snakemake/log/2026-12-02T101005.932156.snakemake.log
"""
FAILED = """\
RuleException:
CalledProcessError in file "/x/rules/analyse.smk", line 37:
[Wed Dec  2 10:10:32 2026]
Error in rule analyse:
    message: None
    jobid: 4
    log: logs/analyse.log (check log file(s) for error details)
    shell:
        naskah analyse
        (command exited with non-zero exit code)
Shutting down, this might take some time.
Exiting because a job execution failed. Look above for error messages
naskah: results/thesis.pdf is from the last good build (2026-12-02 10:10), not from this one
WorkflowError:
At least one job did not complete successfully.
"""


def run_of(text: str) -> Run:
    run = Run()
    for line in text.splitlines():
        run.feed(line)
    return run


def test_the_jobs_that_ran_their_logs_and_the_progress_are_read_from_snakemakes_output():
    run = run_of(JOBS + DONE)
    assert [(job.rule, job.log, job.done) for job in run.jobs.values()] == [
        ("analyse", "logs/analyse.log", True), ("render", "logs/render_html.log", True),
        ("render", "logs/render_pdf.log", True)]
    assert run.steps == (3, 3)
    assert not run.failed


def test_a_finished_build_lists_the_drafts_every_warning_once_and_the_next_step(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "logs/analyse.log", "data/transcripts/I02.csv: warning: not UTF-8: read as Windows-1252 — x\n"
          "analysed 2 transcripts\n")
    write(tmp_path, "logs/render_html.log", "[WARNING] Citeproc: citation x not found\nrendered\n")
    write(tmp_path, "logs/render_pdf.log", "[WARNING] Citeproc: citation x not found\n")
    write(tmp_path, "logs/guard.log", "data/x.csv: warning: from a job that did not run\n")
    write(tmp_path, "results/thesis.html", "x" * 3000)
    write(tmp_path, "results/thesis.pdf", "x" * 2_000_000)
    write(tmp_path, "results/tables/tables.json", '{"tables": [{"id": "informants"}, {"id": "stage-coverage"}]}')
    assert summary(0, run_of(JOBS + DONE), 12.34, []) == [
        "naskah build: done in 12.3 s (3 jobs: analyse, render ×2)",
        "  results/thesis.html    3 KB",
        "  results/thesis.pdf     1.9 MB",
        "  results/tables/        2 tables as CSV, as in the draft",
        "2 warnings:",
        "  data/transcripts/I02.csv: warning: not UTF-8: read as Windows-1252 — x",
        "  [WARNING] Citeproc: citation x not found",
        "next: read the draft with `naskah open` (html, pdf or docx); `naskah preview` rebuilds it whenever you save "
        "a chapter",
    ]


def test_a_failed_build_shows_the_failed_jobs_messages_and_the_last_good_drafts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "logs/analyse.log", "data/transcripts/A01.csv:5: unknown code 'bingung' in turn 4 — use …\n"
          "naskah analyse: 1 problem(s); nothing was written\n")
    assert summary(1, run_of(JOBS + FAILED), 3.0, []) == [
        "data/transcripts/A01.csv:5: unknown code 'bingung' in turn 4 — use …",
        "naskah analyse: 1 problem(s); nothing was written",
        "naskah build: failed in analyse after 3.0 s (Snakemake's full output: logs/build.log)",
        "naskah: results/thesis.pdf is from the last good build (2026-12-02 10:10), not from this one",
        "next: fix the problems above, then run `naskah build` again",
    ]


def test_a_build_stopped_before_any_job_shows_what_was_printed_without_snakemakes_chatter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ("Using workflow specific profile profiles/default for setting default command line arguments.\n"
            "config/config.yaml:10: thesis.language: 'xx' is not one of ['id', 'en'] — see the README\n")
    assert summary(1, run_of(text), 1.0, [])[:2] == [
        "config/config.yaml:10: thesis.language: 'xx' is not one of ['id', 'en'] — see the README",
        "naskah build: failed after 1.0 s (Snakemake's full output: logs/build.log)"]


def test_a_dry_run_says_what_would_run_and_an_up_to_date_one_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dry = JOBS + "This was a dry-run (flag -n). The order of jobs does not reflect the order of execution.\n"
    assert summary(0, run_of(dry), 1.0, ["-n"]) == [
        "naskah build -n: 3 jobs would run (analyse, render ×2); nothing was built"]
    noop = "Building DAG of jobs...\nNothing to be done (all requested files are present and up to date).\n"
    assert summary(0, run_of(noop), 0.5, [])[0] == "naskah build: nothing to do, the drafts are up to date (0.5 s)"


def test_snakemake_gets_the_given_arguments_and_the_cores_only_when_none_are_given():
    command = snakemake_command(["-n", "--configfile", "final.yaml", "results/thesis.md"], None)
    assert command[3:] == [command[3], "--nocolor", "-n", "--configfile", "final.yaml", "results/thesis.md"]
    assert command[3].startswith("-c")
    assert snakemake_command(["--cores", "1"], "final")[3:] == ["--nocolor", "--cores", "1", "--config",
                                                                 "render={mode: final}"]
    assert snakemake_command(["--config", "x=1"], "final")[-3:] == ["--config", "render={mode: final}", "x=1"]


def test_naskah_open_hands_the_draft_to_the_viewer_or_says_how_to_make_it(tmp_path, monkeypatch):
    import pytest

    from naskah import buildview
    from naskah.core.errors import InputError

    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr(buildview, "launch", opened.append)
    with pytest.raises(InputError) as info:
        open_draft("pdf", ["html", "pdf"], print)
    assert str(info.value) == "results/thesis.pdf does not exist yet — run `naskah build` first"
    with pytest.raises(InputError) as info:
        open_draft("docx", ["html"], print)
    assert str(info.value) == ("results/thesis.docx does not exist yet — 'docx' is not in render.formats of the "
                               "config; add it, then run `naskah build`")
    write(tmp_path, "results/thesis.pdf", "%PDF")
    said = []
    open_draft(None, ["html", "pdf"], said.append)
    assert [p.as_posix() for p in opened] == ["results/thesis.pdf"] and said == ["opened results/thesis.pdf"]


def test_on_a_terminal_one_progress_line_is_rewritten_in_place(tmp_path, monkeypatch):
    import io
    import sys

    from naskah.buildview import run_snakemake

    monkeypatch.chdir(tmp_path)
    fake = "localrule analyse:\n    jobid: 4\n1 of 2 steps (50%) done\nFinished jobid: 4 (Rule: analyse)\n"
    stream = io.StringIO()
    code, run = run_snakemake([sys.executable, "-c", f"print({fake!r}, end='')"], stream, progress=True)
    assert code == 0 and run.steps == (1, 2)
    assert "\r\033[K  building [1/2] analyse" in stream.getvalue()
    assert stream.getvalue().endswith("\r\033[K")  # the line is cleared before the summary
    assert (tmp_path / "logs/build.log").read_text(encoding="utf-8") == fake  # Snakemake's output, all of it


def test_the_summary_names_the_jobs_in_pipeline_order_whatever_order_they_started_in():
    from naskah.buildview import Job, _rules

    started = [Job(rule) for rule in ("render_pdf", "guard", "render_html", "literature", "render_docx", "analyse",
                                      "unknown", "unknown")]
    assert _rules(started) == "literature, analyse, render_html, render_docx, render_pdf, guard, unknown ×2"
