"""End to end: the demo thesis built by `snakemake -c2`, checked the way a reader would check it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
import yaml
from conftest import REPO, snakemake

PROJECT_PARTS = ["Snakefile", "profiles", "config", "data", "references", "chapters"]
DRAFTS = ["thesis.md", "thesis.html", "thesis.docx", "thesis.pdf"]


def copy_project(target: Path) -> Path:
    """The demo project as a fresh git checkout with one commit (the same commit wherever it is made)."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    (target / ".gitignore").write_text("results/\nlogs/\n.snakemake/\nprivate/\n", encoding="utf-8")
    stamp = {"GIT_AUTHOR_NAME": "Mahasiswa", "GIT_AUTHOR_EMAIL": "mahasiswa@example.org",
             "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_NAME": "Mahasiswa",
             "GIT_COMMITTER_EMAIL": "mahasiswa@example.org", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z"}
    env = {**os.environ, **stamp}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "draft"]):
        subprocess.run(command, cwd=target, env=env, check=True, capture_output=True)
    return target


def build_checkout(tmp_path_factory, name: str) -> Path:
    project = copy_project(tmp_path_factory.mktemp("demo") / name)
    result = snakemake(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_checkout(tmp_path_factory, "a")


@pytest.fixture(scope="module")
def built_again(tmp_path_factory) -> Path:
    return build_checkout(tmp_path_factory, "b")


def stage_labels() -> list[str]:
    codebook = yaml.safe_load((REPO / "data" / "codebook.yaml").read_text(encoding="utf-8"))
    return [c["label"] for c in codebook["codes"] if "parent" not in c]


def test_docx_has_numbered_table_captions_above_tables(built):
    document = docx.Document(str(built / "results" / "thesis.docx"))
    captions_before_tables = []
    previous_text = None
    in_chapters = False
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            # as read: "BAB I" and its title on two lines, a contents entry ending in a tab
            previous_text = " ".join(docx.text.paragraph.Paragraph(child, None).text.split())
            # the chapters run from BAB I (after the lists) to the Daftar Pustaka
            in_chapters = (in_chapters or previous_text == "BAB I PENDAHULUAN") and previous_text != "DAFTAR PUSTAKA"
        elif tag == "tbl" and in_chapters:
            captions_before_tables.append(previous_text)
    assert any(c and c.startswith("Tabel 4.1 ") for c in captions_before_tables)
    assert all(c and re.match(r"Tabel \d+\.\d+ ", c) for c in captions_before_tables), captions_before_tables


def test_docx_lists_stage_conclusions_in_codebook_order(built):
    document = docx.Document(str(built / "results" / "thesis.docx"))
    texts = [" ".join(p.text.split()) for p in document.paragraphs]  # "BAB V" and its title on two lines
    bab5 = texts.index("BAB V PENUTUP", texts.index("BAB V PENUTUP") + 1)  # the first one is the TOC entry
    headings = [re.sub(r"^\d+(\.\d+)+ ", "", t) for t in texts[bab5:] if re.match(r"^5\.1\.\d+ ", t)]
    assert headings == stage_labels()


def test_figures_have_their_caption_below_in_every_format(built):
    html = (built / "results" / "thesis.html").read_text(encoding="utf-8")
    figure = html[html.index('<figure id="fig:stage-informants"'):]
    figure = figure[:figure.index("</figure>")]
    assert figure.index("<img") < figure.index("<figcaption") and "Gambar 4.1 Jumlah informan" in figure
    document = docx.Document(str(built / "results" / "thesis.docx"))
    texts = [" ".join(p.text.split()) for p in document.paragraphs]  # "BAB IV" and its title on two lines
    chapter = max(i for i, text in enumerate(texts) if text == "BAB IV HASIL DAN PEMBAHASAN")  # not the TOC entry
    caption = texts.index("Gambar 4.1 Jumlah informan yang mengalami setiap tahap", chapter)
    image_paragraph = document.paragraphs[caption - 1]
    assert image_paragraph._p.xpath(".//*[local-name()='blip']"), "the image comes right before its caption"
    pdf = "\n".join(page.extract_text() for page in pypdf.PdfReader(str(built / "results" / "thesis.pdf")).pages)
    assert "DAFTAR GAMBAR" in pdf and "Gambar 4.1 Jumlah informan yang mengalami setiap tahap" in pdf


def test_html_bibliography_lists_every_cited_work(built):
    html = (built / "results" / "thesis.html").read_text(encoding="utf-8")
    cited = re.findall(r"^@\w+\{([^,]+),", (built / "results" / "references.bib").read_text(encoding="utf-8"),
                       flags=re.M)
    assert len(cited) >= 20
    for key in cited:
        assert f'id="ref-{key}"' in html, key
    assert "dkk." in html  # APA with the Indonesian locale: three or more authors


def test_pdf_has_pages_and_numbered_tables(built):
    reader = pypdf.PdfReader(str(built / "results" / "thesis.pdf"))
    assert len(reader.pages) > 10
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Tabel 4.1" in text
    assert "DAFTAR PUSTAKA" in text


def test_result_tables_match_the_transcripts(built):
    """The coverage matrix counts exactly the coded informant turns of each transcript."""
    import csv

    codebook = yaml.safe_load((REPO / "data" / "codebook.yaml").read_text(encoding="utf-8"))
    stage_of = {c["id"]: c.get("parent", c["id"]) for c in codebook["codes"]}
    labels = {c["id"]: c["label"] for c in codebook["codes"]}
    with open(built / "results" / "tables" / "stage-coverage.csv", encoding="utf-8") as handle:
        table = {row["Informan"]: row for row in csv.DictReader(handle)}
    for path in sorted((REPO / "data" / "transcripts").glob("*.csv")):
        counts: dict[str, int] = {}
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                stages = {stage_of[c] for c in row["codes"].split(";") if c}
                for stage in stages:
                    counts[stage] = counts.get(stage, 0) + 1
        for stage_id, label in ((s, labels[s]) for s in stage_of if stage_of[s] == s):
            expected = str(counts[stage_id]) if counts.get(stage_id) else ""
            assert table[path.stem][label] == expected, (path.stem, label)


def test_two_clean_checkouts_build_byte_identical_drafts(built, built_again):
    outputs = ["thesis.html", "thesis.docx", "thesis.pdf", "thesis.md", "references.bib",
               "analysis/facts.json", "tables/tables.json", "provenance.json", "crossref.json",
               "privacy/guard.json", "render/thesis.typ", "figures/stage-informants.svg",
               "figures/stage-informants.png"]
    outputs += [f"tables/{p.name}" for p in (built / "results" / "tables").glob("*.csv")]
    for name in outputs:
        first = (built / "results" / name).read_bytes()
        second = (built_again / "results" / name).read_bytes()
        assert first == second, name
    html = (built / "results" / "thesis.html").read_text(encoding="utf-8")
    assert str(built) not in html and "/tmp" not in html
    # the timestamp is the commit's, and the build stamp names the commit as clean
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=built, capture_output=True, text=True).stdout[:12]
    assert f"commit {commit} (bersih) · 2026-11-01" in (built / "results" / "thesis.md").read_text(encoding="utf-8")


def test_noop_rebuild_does_nothing(built):
    result = snakemake(built)
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr


def _edit_rows(project: Path, relative: str, edit) -> int:
    """Rewrite a CSV through the csv module; *edit(rows)* changes the rows and returns the row index it broke."""
    import csv

    path = project / relative
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return index + 1  # rows are written one per line here (no multi-line cells in the demo data)


def _replace(project: Path, relative: str, old: str, new: str) -> int:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1


def _first_coded(rows, code_prefix=""):
    return next(i for i, r in enumerate(rows) if i and r[3].startswith(code_prefix) and r[3])


def unknown_code(p):
    def edit(rows):
        i = _first_coded(rows)
        rows[i][3] = rows[i][3].split(";")[0] + "x"
        return i
    line = _edit_rows(p, "data/transcripts/I01.csv", edit)
    return "data/transcripts/I01.csv", line, "tidak dikenal di giliran"  # the demo thesis is Indonesian


def duplicate_turn(p):
    def edit(rows):
        rows[4][0] = rows[3][0]
        return 4
    return "data/transcripts/I02.csv", _edit_rows(p, "data/transcripts/I02.csv", edit), "muncul dua kali"


def non_increasing_turn(p):
    def edit(rows):
        rows[5], rows[6] = rows[6], rows[5]  # turn 6 now comes before turn 5
        return 6
    line = _edit_rows(p, "data/transcripts/I03.csv", edit)
    return "data/transcripts/I03.csv", line, "nomor giliran harus naik"


def missing_column(p):
    _replace(p, "data/transcripts/I04.csv", "turn,speaker,text,codes", "turn,speaker,text,kode")
    return "data/transcripts/I04.csv", 1, "kolom codes tidak ada"


def empty_text(p):
    def edit(rows):
        rows[5][2] = ""
        return 5
    return "data/transcripts/I05.csv", _edit_rows(p, "data/transcripts/I05.csv", edit), "tidak memiliki teks"


def transcript_without_informant(p):
    _replace(p, "data/informants.csv", "\nI14,", "\nX14,")
    (p / "data/transcripts/I14.csv").rename(p / "data/transcripts/I15.csv")
    return "data/transcripts/I15.csv", 1, "transkrip milik 'I15', yang tidak ada di data/informants.csv"


def informant_without_transcript(p):
    (p / "data/transcripts/I14.csv").unlink()
    line = _line_of(p, "data/informants.csv", "I14,")
    return "data/informants.csv", line, "informan I14 tidak memiliki transkrip"


def missing_citation(p):
    relative = "chapters/01-pendahuluan.md"
    line = _replace(p, relative, "[@", "[@tidakada2099; @")
    return relative, line, "sitasi @tidakada2099 tidak ada di references/library.bib"


def unresolved_label(p):
    relative = "chapters/04-hasil-dan-pembahasan.md"
    line = _replace(p, relative, "@tbl:stage-coverage", "@tbl:tidak-ada")
    return relative, line, "rujukan @tbl:tidak-ada tidak ditemukan"


def undefined_variable(p):
    relative = "chapters/04-hasil-dan-pembahasan.md"
    _replace(p, relative, "\n\n", "\n\nSebanyak {{ informants.totl }} informan.\n\n")
    return relative, _line_of(p, relative, "Sebanyak {{ informants.totl"), "variabel templat tidak terdefinisi"


def _line_of(project: Path, relative: str, needle: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(needle))


def planted_identity(p):
    (p / "private").mkdir()
    (p / "private" / "identities.csv").write_text("informant,kind,value\nI03,name,Dewi Lestari\n", encoding="utf-8")
    relative = "chapters/01-pendahuluan.md"
    _replace(p, relative, "\n\n", "\n\nWawancara dengan Dewi Lestari berlangsung lama.\n\n")
    return "results/thesis.md", None, "identity:name terdeteksi (De••••••••ri)"


BAD_INPUTS = [unknown_code, duplicate_turn, non_increasing_turn, missing_column, empty_text,
              transcript_without_informant, informant_without_transcript, missing_citation, unresolved_label,
              undefined_variable, planted_identity]


@pytest.mark.parametrize("plant", BAD_INPUTS, ids=lambda f: f.__name__)
def test_bad_input_stops_the_build_with_file_and_line(built, tmp_path, plant):
    project = tmp_path / "p"
    shutil.copytree(built, project, symlinks=True)
    relative, line, words = plant(project)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "results" not in p.parts
              and ".snakemake" not in p.parts}
    published = {d: (project / "results" / d).read_bytes() for d in DRAFTS if d != "thesis.md"}
    result = snakemake(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    expected = f"{relative}:{line}" if line else f"{relative}:"
    assert expected in output, output[-3000:]
    assert words in output, output[-3000:]
    for draft, content in published.items():  # the last good draft stays, and is said to be the last good one
        assert (project / "results" / draft).read_bytes() == content, f"{draft} changed by a failed build"
        assert f"naskah: results/{draft} berasal dari pembangunan terakhir yang berhasil (" in output  # id demo
    assert not list((project / "results").rglob("*.part"))
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "results" not in p.parts
             and ".snakemake" not in p.parts and "logs" not in p.parts}
    before = {k: v for k, v in before.items() if "logs" not in k.parts}
    assert before == after  # sources are never modified
    if plant is planted_identity:  # the name is nowhere in what the build left behind
        for path in list((project / "results").rglob("*")) + list((project / "logs").rglob("*")) + list(
                (project / ".snakemake" / "log").rglob("*")):
            if path.is_file():
                assert b"Dewi Lestari" not in path.read_bytes(), path
        assert "Dewi Lestari" not in output
