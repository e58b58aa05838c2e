"""REFI-QDA projects: the real ATLAS.ti 8.4 export, an NVivo-style project, and every kind of bad file."""

from __future__ import annotations

import zipfile

import pytest
import yaml
from qda_helpers import QDA, coded, messages, rows, run_import

from naskah.core.errors import Diagnostics, ValidationError
from naskah.data.importers import refi

ATLAS = QDA / "atlasti" / "refi_atlasti84_standard_TestProject.qdpx"
NVIVO = QDA / "nvivo_style.qdpx"
NS = "urn:QDA-XML:project:1.0"
U1, U2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
C1, C2, S1 = "33333333-3333-3333-3333-333333333333", "44444444-4444-4444-4444-444444444444", \
    "55555555-5555-5555-5555-555555555555"
TEXT = "P: Bagaimana awalnya?\nI07: Saya menyapa dulu.\nP: Lalu?\nI07: Kami berteman lama.\n"


def qdpx(tmp_path, body: str, texts: dict[str, bytes] | None = None, name: str = "Project.qde",
         folder: str = "Sources", users: str | None = None) -> str:
    """A .qdpx with one project file and its texts."""
    if users is None:
        users = f'<Users><User guid="{U1}" name="Ani"/><User guid="{U2}" name="Budi"/></Users>'
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="t">{users}'
           f'<CodeBook><Codes><Code guid="{C1}" name="kontak" isCodable="true"><Description>Awal</Description>'
           f'<Code guid="{C2}" name="sapaan" isCodable="true"/></Code></Codes></CodeBook>\n{body}\n</Project>\n')
    path = tmp_path / "t.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, qde.encode("utf-8"))
        for member, data in (texts or {S1 + ".txt": TEXT.encode()}).items():
            archive.writestr(f"{folder}/{member}", data)
    return str(path)


def source(selections: str, attrs: str = "") -> str:
    return (f'<Sources><TextSource guid="{S1}" name="I07" plainTextPath="internal://{S1}.txt" {attrs}>'
            f"{selections}</TextSource></Sources>")


def selection(start: int, end: int, code: str = C2, user: str = U1, coding_user: str | None = None,
              name: str = "") -> str:
    by = f' creatingUser="{coding_user}"' if coding_user else ""
    return (f'<PlainTextSelection guid="66666666-6666-6666-6666-{start:012d}" name="{name}" '
            f'startPosition="{start}" endPosition="{end}" creatingUser="{user}">'
            f'<Coding guid="77777777-7777-7777-7777-{start:012d}"{by}><CodeRef targetGUID="{code}"/></Coding>'
            f"</PlainTextSelection>")


def test_atlasti_export_without_texts_imports_the_codebook_and_reports_the_rest(tmp_path):
    outcome, project = run_import(tmp_path, ATLAS)
    assert outcome.files == ["data/codebook.yaml", "private/import-report.md"]  # no text: no transcripts
    book = yaml.safe_load((project / "data/codebook.yaml").read_text(encoding="utf-8"))
    codes = {c["id"]: c for c in book["codes"]}
    assert len(codes) == 14
    assert codes["diet_coke"] == {"id": "diet_coke", "parent": "coke", "label": "diet Coke",
                                  "description": "non sucré"}  # ATLAS.ti's Coke::diet Coke
    assert "parent" not in codes["coke"] and codes["rushed"]["label"] == '"rushed"'
    said = "\n".join(messages(outcome))
    assert "Project.qde:56: warning: source 'Mabel.txt': the export carries no text, so its 3 codings" in said
    assert "2 VideoSource elements not imported" in said and "1 PictureSource element not imported" in said
    assert "1 selection without a code (a comment or memo) not imported" in said
    report = (project / "private/import-report.md").read_text(encoding="utf-8")
    assert "document group 'Text files' not imported" in report


def test_atlasti_document_groups_named_variable_value_become_variables(tmp_path):
    fragment = refi.read_refi(ATLAS, "x.qdpx", Diagnostics())
    variables = {s.name: s.variables for s in fragment.sources}
    assert variables["Simon.docx"] == {"gender": "male", "age": "67"}
    assert variables["Mabel.txt"] == {"gender": "female", "age": "25"}


@pytest.mark.parametrize("fixture", [NVIVO, QDA / "nvivo_style" / "project.qde"])
def test_nvivo_positions_in_utf16_units_over_crlf_text_are_detected(tmp_path, fixture):
    outcome, project = run_import(tmp_path, fixture)
    report = (project / "private/import-report.md").read_text(encoding="utf-8")
    assert "I01: positions counted as UTF-16 code units (NVivo's way)" in report
    turns = rows(project / "data/transcripts/I01.csv")
    assert [t["speaker"] for t in turns][:3] == ["P", "I01", "P"]
    assert turns[3]["text"].endswith("🙂 lalu kami saling mengikuti.")
    # two coders: a column each, and `codes` is their union; the turn after the emoji is placed exactly
    assert coded(project / "data/transcripts/I01.csv", "codes:Ani") == {2: "sapaan", 4: "keakraban", 5: "kontak",
                                                                        7: "-"}
    assert coded(project / "data/transcripts/I01.csv", "codes:Budi") == {2: "sapaan", 5: "keakraban", 7: "-"}
    assert coded(project / "data/transcripts/I01.csv") == {2: "sapaan", 4: "keakraban", 5: "kontak;keakraban"}
    assert "line 1 comes before the first speaker" in "\n".join(messages(outcome))


def test_code_point_positions_and_the_coder_of_each_coding(tmp_path):
    start = TEXT.index("Saya")
    body = source(selection(start, start + 19, user=U1, coding_user=U2, name="Saya menyapa dulu.")
                  + selection(TEXT.index("Kami"), TEXT.index("Kami") + 5, code=C1, user=U1)
                  + f'<PlainTextSelection guid="{U1[:-1]}9" startPosition="0" endPosition="3"/>'
                  + f'<Coding guid="88888888-8888-8888-8888-888888888888" creatingUser="{U1}">'
                  + f'<CodeRef targetGUID="{C1}"/></Coding>')
    outcome, project = run_import(tmp_path, qdpx(tmp_path, body))
    # Coding@creatingUser (Budi) wins over the selection's (Ani); a Coding under the source codes every turn
    assert coded(project / "data/transcripts/I07.csv", "codes:Budi") == {2: "sapaan", 4: "-"}
    assert coded(project / "data/transcripts/I07.csv", "codes:Ani") == {2: "kontak", 4: "kontak"}
    assert coded(project / "data/transcripts/I07.csv") == {2: "kontak;sapaan", 4: "kontak"}  # coders in name order
    assert "1 selection without a code" in "\n".join(messages(outcome))


def test_users_are_matched_by_name_and_a_coder_can_be_given(tmp_path):
    other = "99999999-9999-9999-9999-999999999999"  # the same person under a new GUID in another export
    users = f'<Users><User guid="{other}" name="Ani"/></Users>'
    start = TEXT.index("Saya")
    path = qdpx(tmp_path, source(selection(start, start + 5, user=other)), users=users)
    _outcome, project = run_import(tmp_path, path)
    assert coded(project / "data/transcripts/I07.csv") == {2: "sapaan"}
    report = (project / "private/import-report.md").read_text(encoding="utf-8")
    assert "- coder: Ani (the `codes` column)" in report
    _outcome, project = run_import(tmp_path, path, into=tmp_path / "again", coders={path: "Citra"})
    assert "- coder: Citra" in (project / "private/import-report.md").read_text(encoding="utf-8")


def test_lowercase_sources_folder_a_named_qde_a_bom_and_crlf(tmp_path):
    text = TEXT.replace("\n", "\r\n")
    start = text.index("Kami")  # the standard: code points over the raw text, CR included
    path = qdpx(tmp_path, source(selection(start, start + 4, name="Kami")), {S1 + ".txt": b"\xef\xbb\xbf" +
                text.encode()}, name="Studi Saya.qde", folder="sources")
    _outcome, project = run_import(tmp_path, path)
    assert coded(project / "data/transcripts/I07.csv") == {4: "sapaan"}


def test_cases_and_variables_become_informant_columns(tmp_path):
    var1, var2, case = ("aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002",
                        "aaaaaaaa-0000-0000-0000-000000000003")
    body = (f'<Variables><Variable guid="{var1}" name="Cases:Kelompok" typeOfVariable="Text"/>'
            f'<Variable guid="{var2}" name="usia" typeOfVariable="Integer"/></Variables>'
            f'<Cases><Case guid="{case}" name="I09"><VariableValue><VariableRef targetGUID="{var1}"/>'
            f'<TextValue>Mahasiswa</TextValue></VariableValue><VariableValue><VariableRef targetGUID="{var2}"/>'
            f'<IntegerValue>23</IntegerValue></VariableValue><SourceRef targetGUID="{S1}"/></Case></Cases>'
            + source("").replace('name="I07"', 'name="Wawancara Ani"'))
    _outcome, project = run_import(tmp_path, qdpx(tmp_path, body))
    assert rows(project / "data/informants.csv") == [{"informant": "I09", "group": "Mahasiswa", "category": "utama",
                                                      "usia": "23"}]
    assert (project / "data/transcripts/I09.csv").is_file()


def test_a_real_name_becomes_a_pseudonym_recorded_only_in_the_private_report(tmp_path):
    _outcome, project = run_import(tmp_path, qdpx(tmp_path, source("").replace('name="I07"', 'name="Wawancara Ani"')))
    assert [r["informant"] for r in rows(project / "data/informants.csv")] == ["I01"]
    assert "Ani" not in (project / "data/informants.csv").read_text(encoding="utf-8")
    assert "informant I01 is the document 'Wawancara Ani'" in (project / "private/import-report.md").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("bad, expected", [
    ("truncated", "t.qdpx: not a complete zip archive"),
    ("xml", "t.qdpx/Project.qde:4:3: malformed XML: mismatched tag"),
    ("encoding", "Sources/55555555-5555-5555-5555-555555555555.txt:2: unknown encoding: not UTF-8 (byte 0xe9)"),
    ("past end", "t.qdpx/Project.qde:3: selection [70, 90) lies past the end of the text of 'I07' (80 characters)"),
    ("doctype", "t.qdpx/project.qde:2: the XML contains a document type declaration"),
    ("unknown code", "t.qdpx/Project.qde:3: a coding refers to a code that is not in the codebook"),
])
def test_each_bad_file_is_a_clear_error_at_its_place(tmp_path, bad, expected):
    body = source(selection(70, 90) if bad == "past end" else selection(0, 3, code=U2 if bad == "unknown code"
                                                                          else C2))
    texts = {S1 + ".txt": "P: Apa kabar?\nI07: Baik, caf\xe9.\n".encode("latin-1")} if bad == "encoding" else None
    path = qdpx(tmp_path, body + ("<Broken>" if bad == "xml" else ""), texts)
    if bad == "truncated":
        data = (tmp_path / "t.qdpx").read_bytes()
        (tmp_path / "t.qdpx").write_bytes(data[: len(data) // 2])
    if bad == "doctype":
        data = (tmp_path / "t.qdpx").read_bytes()
        with zipfile.ZipFile(tmp_path / "t.qdpx", "w") as archive:
            archive.writestr("project.qde", b'<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaa">]>\n<Project/>')
    with pytest.raises(ValidationError) as caught:
        run_import(tmp_path, path)
    assert expected in str(caught.value), str(caught.value)
    assert not (tmp_path / "project").exists()  # nothing written


def test_billion_laughs_is_refused(tmp_path):
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)) \
        + ']>\n<Project name="&lol9;"/>'
    path = tmp_path / "bomb.qdc"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(ValidationError, match="document type declaration"):
        run_import(tmp_path, path)


def test_the_archive_size_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(refi, "MAX_ARCHIVE_BYTES", 1000)
    path = qdpx(tmp_path, source(""), {S1 + ".txt": b"x" * 5000})
    with pytest.raises(ValidationError, match="the archive unpacks to .* MB, more than the limit"):
        run_import(tmp_path, path)


def test_a_project_folder_reads_only_inside_its_sources(tmp_path):
    folder = tmp_path / "export"
    (folder / "Sources").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("P: rahasia\nI07: rahasia\n", encoding="utf-8")
    body = source("").replace(f"internal://{S1}.txt", "internal://../../secret.txt")
    with zipfile.ZipFile(qdpx(tmp_path, body)) as archive:
        (folder / "project.qde").write_bytes(archive.read("Project.qde"))
    outcome, project = run_import(tmp_path, folder / "project.qde")
    assert not (project / "data/transcripts").exists()
    assert "no text for 'I07'" in "\n".join(messages(outcome))


def test_schema_deviations_are_warnings(tmp_path):
    outcome, _project = run_import(tmp_path, QDA / "taguette" / "codebook.qdc")
    said = "\n".join(messages(outcome))
    assert "codebook.qdc:2: warning: does not follow the REFI-QDA XSD" in said and "Sets" in said
    atlas9 = tmp_path / "atlas9.qdc"
    atlas9.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:0:4">'
                      f'<Codes><Code guid="{C1}" name="Awal::Sapaan" isCodable="true"/></Codes></CodeBook>',
                      encoding="utf-8")
    outcome, project = run_import(tmp_path, atlas9, into=tmp_path / "p9")
    assert "namespace 'urn:QDA-XML:codebook:0:4' is not the standard's" in "\n".join(messages(outcome))
    book = yaml.safe_load((project / "data/codebook.yaml").read_text(encoding="utf-8"))
    assert book["codes"] == [{"id": "awal", "label": "Awal", "description": ""},
                             {"id": "sapaan", "parent": "awal", "label": "Sapaan", "description": ""}]


def test_the_structural_check_stands_in_without_lxml(tmp_path, monkeypatch):
    from naskah.data.importers import schema
    from naskah.data.importers.xmltree import parse

    monkeypatch.setattr(schema, "problems", lambda data, kind: ([], False))
    diags = Diagnostics()
    data = (QDA / "taguette" / "codebook.qdc").read_bytes()
    schema.check(data, parse(data, "c.qdc"), "codebook", "c.qdc", diags)
    assert "lxml is not installed, so no XSD validation): <Sets> is empty" in str(diags.items[0])


def test_positions_counting_a_crlf_once_are_recognised_by_the_selection_names():
    from naskah.data.importers.positions import STANDARD, Selection, SourceText, detect

    text = SourceText("P: Halo?\r\nI07: Saya menyapa dulu.\r\nP: Lalu?\r\nI07: Kami berteman lama.\r\n")
    lf = text.text
    names = [Selection(lf.index(w), lf.index(w) + len(w), w) for w in ("Saya menyapa", "Kami berteman lama.")]
    found = detect(text, names)
    assert found.label == "code points, a CRLF line end counted once"
    assert [lf[a:b] for a, b in found.spans] == ["Saya menyapa", "Kami berteman lama."]
    raw = text.raw
    standard = [Selection(raw.index(w), raw.index(w) + len(w), w) for w in ("Saya menyapa", "Kami berteman")]
    found = detect(text, standard)
    assert found.label == STANDARD and [lf[a:b] for a, b in found.spans] == ["Saya menyapa", "Kami berteman"]
