"""The renders start from assemble's citeproc pass (``assemble --cited``): the drafts must be the very bytes
that pandoc gives when it reads the Markdown and runs citeproc itself, in every format."""

from __future__ import annotations

import json

from conftest import read, write

# a row longer than pandoc's default 72 columns: the Markdown reader would give it relative widths
WIDE_TABLE = """

| Aspek | Uraian |
|---|---|
| Kontak | Informan mengenal calon pelanggan lewat pesan pertama yang panjang dan penuh basa-basi di aplikasi |
"""
FORMATS = {"html": [], "docx": [], "pdf": ["--typst", "results/render/{name}.typ"]}


def test_drafts_from_the_cited_ast_are_the_drafts_from_the_markdown(mini, run_cli):
    # a narrative citation, a parenthetical one and a reference list, and wide pipe tables (Bab IV and
    # Penelitian Terdahulu), whose column widths the Markdown reader sets
    chapter = read(mini, "chapters/01-pendahuluan.md").replace("[@devito2016]", "@devito2016 [lihat juga @devito2016]")
    write(mini, "chapters/01-pendahuluan.md", chapter + WIDE_TABLE)
    for step in (["analyse"], ["literature"], ["assemble", "--cited", "results/render/thesis.json"]):
        code, err = run_cli(mini, *step)
        assert code == 0, (step, err)
    ast = json.loads(read(mini, "results/render/thesis.json"))
    assert "pandoc-api-version" in ast and ast["blocks"]
    for fmt, extra in FORMATS.items():
        drafts = {}
        for name, cited in (("direct", []), ("cited", ["--cited", "results/render/thesis.json"])):
            out = f"results/{name}.{fmt}"
            code, err = run_cli(mini, "render", fmt, "--out", out, *[a.format(name=name) for a in extra], *cited)
            assert code == 0, (fmt, name, err)
            drafts[name] = (mini / out).read_bytes()
        assert drafts["cited"] == drafts["direct"], fmt
    assert read(mini, "results/render/cited.typ") == read(mini, "results/render/direct.typ")
    assert "#cite(" not in read(mini, "results/render/cited.typ")  # citeproc's text, not typst's own citations
