"""The helper filters say ordinary sentences in the thesis language, their numbers still bound and traced;
template mistakes are reported in the names the chapter wrote, with the nearest valid one.

The mini project: 3 informants (A01, A02 in Kelompok A; B01 in Kelompok B); stage awal in A01 and A02
(3 coded turns), akhir in A01 and B01 (2); sub-codes awal_sapa "Sapaan" (2 turns), akhir_pisah "Berpisah" (1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import as_read, read, write

from naskah.analysis.tables import result_tables
from naskah.core.errors import InputError, ValidationError
from naskah.data.config import load_config
from naskah.writing.assemble import build_markdown, load_inputs
from naskah.writing.chapters import ChapterContext, environment
from naskah.writing.helpers import Helpers

HASIL = "chapters/02-hasil.md"


class Renderer:
    """Render template strings against a project's facts, as a chapter would."""

    def __init__(self, project: Path, monkeypatch):
        monkeypatch.chdir(project)
        config = load_config("config/config.yaml")
        codebook, corpus = load_inputs(config)
        tables, facts = result_tables(config, corpus, codebook)
        self.context = ChapterContext(config, codebook, corpus, facts, {t.id: t for t in tables})
        self.env = environment(config, Path("chapters"))
        self.env.finalize = self.context.numbers.finalize
        self.variables = self.context.variables()
        self.env.filters.update(Helpers(config.language, self.variables["informants"],
                                        self.variables["stages"]).filters())

    def marked(self, template: str) -> str:
        return self.env.from_string(template).render(self.variables)

    def __call__(self, template: str) -> str:
        return as_read(self.marked(template))


@pytest.fixture
def say(mini, monkeypatch):
    return Renderer(mini, monkeypatch)


@pytest.fixture
def say_en(mini, monkeypatch):
    write(mini, "config/config.yaml", read(mini, "config/config.yaml").replace("language: id", "language: en"))
    return Renderer(mini, monkeypatch)


def test_sebaran_says_all_or_how_many_of_how_many(say):
    assert say("{{ stage.awal | sebaran }}") == "2 dari 3 informan (66,7%)"
    assert say('{{ stage.awal.groups["Kelompok A"] | sebaran }}') == "kedua informan"
    assert say('{{ stage.akhir.groups["Kelompok B"] | sebaran("anggota") }}') == "satu-satunya anggota"
    assert say('{{ stage.awal.groups["Kelompok B"] | sebaran }}') == "0 dari 1 informan (0,0%)"
    assert say("{{ stage.awal.subcodes[0] | sebaran }}") == "2 dari 3 informan (66,7%)"


def test_spread_says_it_in_english(say_en):
    assert say_en("{{ stage.awal | spread }}") == "2 of 3 informants (66.7%)"
    assert say_en('{{ stage.awal.groups["Kelompok A"] | spread }}') == "both informants"
    assert say_en('{{ stage.akhir.groups["Kelompok B"] | spread }}') == "the only informant"
    assert say_en('{{ stage.awal.groups["Kelompok B"] | spread("members") }}') == "0 of 1 member (0.0%)"
    assert say_en("{{ stage.awal | sebaran }}") == "2 of 3 informants (66.7%)"  # either name, the thesis's words


def test_every_number_a_helper_prints_is_recorded_with_its_expression(say):
    marked = say.marked("{{ stage.awal | sebaran }}")
    assert re.fullmatch(r"\[2\]\{#n1 \.naskah-num\} dari \[3\]\{#n2 \.naskah-num\} informan "
                        r"\(\[66,7%\]\{#n3 \.naskah-num\}\)", marked)
    records = say.context.numbers.records
    assert [r["expr"] for r in records] == ["stage.awal.informants", "informants.total",
                                            "(stage.awal.informants / informants.total) | pct"]
    assert records[0]["refs"] == ["A01:2", "A01:4", "A02:2"]


def test_a_claim_without_a_number_is_recorded_with_the_numbers_it_rests_on(say):
    say.marked('{{ stage.awal.groups["Kelompok A"] | sebaran }}')
    (record,) = say.context.numbers.records
    assert record["value"] == "kedua informan"
    assert record["expr"] == 'stage.awal.groups["Kelompok A"] | sebaran'
    assert record["refs"] == ["A01:2", "A01:4", "A02:2"]


def test_per_kelompok_says_each_group_in_table_order(say):
    # a group name as the noun: lower case mid-sentence unless it holds a capital inside ("Kelompok A")
    assert say("{{ stage.akhir | per_kelompok }}") == "1 dari 2 Kelompok A (50,0%) dan satu-satunya Kelompok B"


def test_daftar_joins_as_a_list_is_written(say, say_en):
    assert say("{{ stages | daftar }}") == "Awal dan Akhir"
    assert say('{{ ["a", "b", "c"] | daftar }}') == "a, b, dan c"
    assert say('{{ ["a"] | daftar }}') == "a"
    assert say('{{ informants.groups | daftar("atau") }}') == "Kelompok A atau Kelompok B"
    assert say_en('{{ ["a", "b", "c"] | listed }}') == "a, b, and c"


def test_daftar_words_each_item_by_a_pattern_with_bound_numbers(say, say_en):
    assert say('{{ stages | daftar(pola="*{label}* ({turns} tuturan, {informants} informan)") }}') == \
        "*Awal* (3 tuturan, 2 informan) dan *Akhir* (2 tuturan, 2 informan)"
    assert say('{{ ["a (1, 2)", "b", "c"] | daftar }}') == "a (1, 2); b; dan c"  # ", " inside: "; " between
    assert [r["expr"] for r in say.context.numbers.records] == ["stage.awal.turns", "stage.awal.informants",
                                                                "stage.akhir.turns", "stage.akhir.informants"]
    assert say_en('{{ stage.awal.subcodes | listed(pattern="{label} ({turns:turn})") }}') == "Sapaan (2 turns)"
    assert say_en('{{ stage.akhir.subcodes | listed(pattern="{label} ({turns:turn})") }}') == "Berpisah (1 turn)"


def test_terbanyak_names_the_top_stage_and_reads_its_numbers(say):
    assert say("{{ stages | terbanyak }}") == "Awal"
    assert say("tahap {{ stages | terbanyak | lower }}, {{ (stages | terbanyak).turns }} tuturan") == \
        "tahap awal, 3 tuturan"
    assert say("{{ stages | tersedikit }}") == "Akhir"
    assert say('{{ stages | terbanyak("informants") }} ({{ (stages | terbanyak("informants")).tie }})') == \
        "Awal dan Akhir (True)"


def test_kata_puts_the_noun_after_the_number(say, say_en):
    assert say('{{ corpus.coded_turns | kata("tuturan") }}') == "5 tuturan"
    assert say_en('{{ corpus.transcripts | noun("transcript") }}') == "3 transcripts"
    assert say_en('{{ stage.akhir.subcodes[0].turns | noun("turn") }}') == "1 turn"


def test_a_helper_given_the_wrong_thing_says_what_it_needs(say):
    with pytest.raises(InputError) as info:
        say('{{ "awal" | sebaran }}')
    assert str(info.value) == ("| sebaran needs a stage, a sub-code, a stage's group or a number of informants, not "
                               "str 'awal' — write e.g. {{ stage.<id> | sebaran }} or "
                               '{{ stage.<id>.groups["…"] | sebaran }}')


# -- messages: what a chapter wrote, at its line, with the nearest valid name --------------------------------

def problem_of(project, line: str) -> str:
    write(project, HASIL, "# Hasil {#sec:hasil}\n\n" + line + "\n\n@walther1996\n")
    config = load_config(project / "config/config.yaml")
    codebook, corpus = load_inputs(config)
    tables, facts = result_tables(config, corpus, codebook)
    with pytest.raises(ValidationError) as info:
        build_markdown(config, codebook, corpus, facts, {t.id: t for t in tables})
    (only,) = info.value.diagnostics
    return str(only)


@pytest.mark.parametrize(("line", "message"), [
    ("{{ corpus.transcript }}", "undefined template variable: corpus has no 'transcript' — did you mean "
     "'transcripts'? it has: coded_turns, transcripts, turns"),
    ('{{ informants.by_group["kelompok a"] }}', "undefined template variable: informants.by_group has no "
     "'kelompok a' — did you mean 'Kelompok A'? it has: Kelompok A, Kelompok B"),
    ('{{ informants.by_group["junior"] }}', "undefined template variable: informants.by_group has no 'junior' — "
     "it has: Kelompok A, Kelompok B"),
    ("{{ stag.awal.turns }}", "undefined template variable: there is no name 'stag' — did you mean 'stage'? the "
     "names are: agreement, corpus, exemplar_quotes, figure, informants, per_stage, quote, stage, stages, table, "
     "thesis"),
    ("{{ stage.awl.turns }}", "undefined template variable: stage has no 'awl' — did you mean 'awal'? it has: akhir, "
     "awal"),
    ("{{ stage.awal.informants.total }}", "undefined template variable: stage.awal.informants is a number (2), it "
     "has no 'total' — write stage.awal.informants alone, or name the value you want (see the README's table of "
     "names)"),
    ('{{ exemplar_quotes("awl") }}', "unknown stage 'awl' — did you mean 'awal'? use a stage id from the codebook: "
     "awal, akhir"),
    ('{{ table("stage-coverag") }}', "unknown table 'stage-coverag' — did you mean 'stage-coverage'? use one of: "
     "exemplar-quotes, informants, stage-by-group, stage-coverage, subcode-frequencies"),
    ('{{ quote("A0l", 2) }}', "quote of unknown informant 'A0l' — did you mean 'A01'? use an informant id from "
     "data/informants.csv"),
    ("{{ stage.awal | sebarn }}", "unknown filter '| sebarn' — did you mean 'sebaran'? naskah's filters are pct, "
     "dec, sebaran/spread, daftar/listed, terbanyak/most, tersedikit/fewest, per_kelompok/per_group (and Jinja's "
     "own)"),
])
def test_template_mistakes_name_what_the_chapter_wrote(mini, line, message):
    assert problem_of(mini, line) == f"{HASIL}:3: {message}"


def test_the_readme_examples_say_what_the_readme_says(tmp_path, monkeypatch):
    """Every row of the README's "Writing chapters" example tables, rendered in the project it names."""
    from conftest import REPO

    from naskah.project import new_project

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Writing chapters"):text.index("### Captions and level names")]
    blocks = section.split("In the project `naskah new ")[1:]
    assert len(blocks) == 2
    for block in blocks:
        arguments = block.split("`", 1)[0].split()
        name, options = arguments[0], dict(zip(arguments[1::2], arguments[2::2], strict=True))
        project = tmp_path / name
        new_project(project, options.get("--lang", "id"), options.get("--model", "devito"), git=False)
        render = Renderer(project, monkeypatch)
        rows = re.findall(r"^\| `(.+?)` \| (.+?) \|$", block, re.M)
        assert len(rows) >= 8
        for template, expected in rows:
            assert render(template.replace("\\|", "|")) == expected, template
