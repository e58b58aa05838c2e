"""The privacy guard: planted identifiers fail the build, masked, and leave no output behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest
from conftest import insert_line, read, write


def build(run_cli, project: Path) -> tuple[int, str]:
    """The workflow's steps in order, as the Snakemake rules run them; stops at the first failure."""
    steps = [["analyse"], ["literature"], ["assemble"], ["render", "html", "--out", "results/thesis.html"],
             ["render", "docx", "--out", "results/thesis.docx"], ["render", "pdf", "--out", "results/thesis.pdf"],
             ["guard", "results"]]
    err_all = ""
    for step in steps:
        code, err = run_cli(project, *step)
        err_all += err
        if code:
            return code, err_all
    return 0, err_all


def everything_written(project: Path) -> str:
    """All text naskah left in results/ and logs/, DOCX XML and PDF text included."""
    chunks = []
    for path in sorted(project.glob("results/**/*")) + sorted(project.glob("logs/**/*")):
        if not path.is_file():
            continue
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                chunks += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        elif path.suffix == ".pdf":
            chunks += [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]
        else:
            chunks.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(chunks)


def test_a_clean_project_passes_the_guard(mini, run_cli):
    code, err = build(run_cli, mini)
    assert code == 0, err
    assert '"hits": 0' in read(mini, "results/privacy/guard.json")


def plant_name_in_map_and_chapter(project):
    write(project, "private/identities.csv", "informant,kind,value\nA01,name,Rina Kartika\n")
    insert_line(project, "chapters/01-pendahuluan.md", 4, "Terima kasih kepada Rina Kartika.\n")
    return "Rina Kartika", "identity:name", "Ri••••••••ka"


def plant_phone_in_typed_quote(project):
    write(project, "data/transcripts/A02.csv",
          "turn,speaker,text,codes\n1,P,Ceritakan awalnya.,\n2,A02,Hubungi saya di 0813 2222 4444 saja.,awal_sapa\n")
    insert_line(project, "chapters/02-hasil.md", 4, '"Hubungi saya di 0813 2222 4444 saja." [A02:2]\n')
    return "0813 2222 4444", "phone", "08••••••••••44"


def plant_handle_in_informant_column(project):
    text = read(project, "data/informants.csv").replace("A02,Kelompok A,utama,26–30", "A02,Kelompok A,utama,@mawar_26")
    write(project, "data/informants.csv", text)
    return "@mawar_26", "handle", "@m•••••26"


def plant_email_in_table_cell(project):
    text = read(project, "data/informants.csv").replace("utama,26–30", "utama,rina@contoh.id")
    write(project, "data/informants.csv", text)
    return "rina@contoh.id", "email", "ri••••••••••id"


def test_a_code_label_is_checked_before_a_figure_draws_it(mini, run_cli):
    """The guard can read the SVG but not the PNG's pixels: labels pass the detectors before drawing."""
    text = read(mini, "data/codebook.yaml").replace("label: Berpisah", "label: Berpisah (rina@contoh.id)")
    write(mini, "data/codebook.yaml", text)
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "id: akhir_pisah" in row)  # the code's entry
    code, err = run_cli(mini, "analyse")
    assert code == 1
    assert f"data/codebook.yaml:{line}: label kode 'akhir_pisah'" in err
    assert ("memuat informasi yang mengidentifikasi (email: ri••••••••••id); label itu akan tergambar dalam "
            "gambar") in err
    assert "rina@contoh.id" not in err
    assert not (mini / "results" / "figures").exists()


@pytest.mark.parametrize("plant", [plant_name_in_map_and_chapter, plant_phone_in_typed_quote,
                                   plant_handle_in_informant_column, plant_email_in_table_cell],
                         ids=lambda f: f.__name__)
def test_planted_identifier_fails_the_build_masked_and_leaves_nothing(mini, run_cli, plant):
    value, detector, masked = plant(mini)
    code, err = build(run_cli, mini)
    assert code == 1
    assert f"{detector} terdeteksi ({masked})" in err
    assert value not in err
    # the files that leaked are gone, and nothing naskah left behind holds the value
    assert "keluaran ini dihapus karena memuat informasi yang mengidentifikasi" in err
    assert value not in everything_written(mini)


def test_identity_values_are_masked_in_every_message(mini, run_cli):
    write(mini, "private/identities.csv", "informant,kind,value\nA01,name,Rina Kartika\n")
    text = read(mini, "data/transcripts/A01.csv").replace("\n2,A01,", "\n2,Rina Kartika,")
    write(mini, "data/transcripts/A01.csv", text)
    code, err = run_cli(mini, "--log", "logs/check.log", "check")
    assert code == 1
    assert "penutur 'Ri••••••••ka' bukan pewawancara" in err
    assert "Rina" not in err and "Rina" not in read(mini, "logs/check.log")


def test_quoted_turns_are_redacted_in_every_format(mini, run_cli):
    write(mini, "private/identities.csv", "informant,kind,value\nA01,alias,Mawar\n")
    write(mini, "data/transcripts/A02.csv",
          "turn,speaker,text,codes\n1,P,Ceritakan awalnya.,\n"
          "2,A02,Saya dipanggil Mawar dan nomor saya 081377778888.,awal_sapa\n")
    insert_line(mini, "chapters/02-hasil.md", 4, '{{ quote("A02", 2) }}\n')
    code, err = build(run_cli, mini)
    assert code == 0, err
    expected = "Saya dipanggil [disamarkan] dan nomor saya [disamarkan]."
    html = read(mini, "results/thesis.html")
    assert expected in html
    with zipfile.ZipFile(mini / "results" / "thesis.docx") as archive:
        assert "[disamarkan] dan nomor saya [disamarkan]" in archive.read("word/document.xml").decode("utf-8")
    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(
        str(mini / "results" / "thesis.pdf")).pages)
    assert expected in pdf_text
    assert "Mawar" not in everything_written(mini)
    # the redaction is recorded (which turn, which detector), never the value
    crossref = read(mini, "results/crossref.json")
    assert '"ref": "A02:2"' in crossref and '"detector": "phone"' in crossref
    assert read(mini, "data/transcripts/A02.csv").count("081377778888") == 1  # the transcript is untouched


def test_a_cited_web_source_from_a_mendeley_export_is_not_a_leak(mini, run_cli):
    entry = (Path(__file__).parents[1] / "fixtures" / "bib" / "mendeley-czapla-excerpt.bib").read_text("utf-8")
    write(mini, "references/library.bib", read(mini, "references/library.bib") + "\n" + entry)
    chapter = read(mini, "chapters/01-pendahuluan.md").replace("[@devito2016]", "[@devito2016; @Mittal2007]")
    write(mini, "chapters/01-pendahuluan.md", chapter)
    code, err = build(run_cli, mini)
    assert code == 0, err  # the URL (written with TeX escapes in the .bib) is the library's, not a person's
    assert "books.google.com/books?id=4TBsVxw0pbkC&amp;dq=polyimide" in read(mini, "results/thesis.html")


def test_the_library_urls_come_from_the_literature_report_unless_the_library_is_newer(mini, run_cli):
    import json
    import os

    from naskah.data.config import load_config
    from naskah.stages.guard import _library_urls

    entry = (Path(__file__).parents[1] / "fixtures" / "bib" / "mendeley-czapla-excerpt.bib").read_text("utf-8")
    write(mini, "references/library.bib", read(mini, "references/library.bib") + "\n" + entry)
    assert run_cli(mini, "literature")[0] == 0
    config = load_config(mini / "config" / "config.yaml", root=mini)
    report = json.loads(read(mini, "results/literature/report.json"))
    url = "https://books.google.com/books?id=4TBsVxw0pbkC&dq=polyimide"
    assert any(u.startswith(url) for u in report["urls"]) and _library_urls(config) == report["urls"]
    # a library edited after the report: its own URLs, the report's being stale
    write(mini, "references/library.bib", read(mini, "references/library.bib").replace("4TBsVxw0pbkC", "XYZ"))
    later = (mini / "results/literature/report.json").stat().st_mtime_ns + 10**9
    os.utime(mini / "references/library.bib", ns=(later, later))
    assert not any(u.startswith(url) for u in _library_urls(config))
    assert any("XYZ" in u for u in _library_urls(config))


def _png(*chunks: tuple[bytes, bytes]) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(chunk(k, b) for k, b in chunks) + chunk(b"IEND", b"")


def test_a_png_is_scanned_for_its_text_chunks_not_its_pixels(mini, run_cli):
    # compressed pixel data may spell "@OFOx" by chance (it did, for a 10-informant figure); text chunks are text
    folder = mini / "figures"
    write(mini, "figures/noise.png", "")
    (folder / "noise.png").write_bytes(_png((b"IDAT", b"\x9c@OFOxq\x00"), (b"tEXt", b"Software\0typst")))
    code, err = run_cli(mini, "guard", "--out", "guard.json", "figures")
    assert code == 0, err
    (folder / "leak.png").write_bytes(_png((b"tEXt", b"Comment\0ditulis oleh @rahasia_kita")))
    code, err = run_cli(mini, "guard", "--out", "guard.json", "figures")
    assert code != 0 and "leak.png" in err and "handle" in err and "rahasia_kita" not in err
    assert (folder / "noise.png").exists() and not (folder / "leak.png").exists()


def test_a_name_hyphenated_inside_a_pdf_table_cell_is_still_found(tmp_path):
    """typst hyphenates long words in narrow table columns with soft hyphens, and PDFium marks a hyphen
    at a line's end; the guard reads the word whole."""
    import typst

    from naskah.privacy import guard
    from naskah.privacy.detectors import Detector, Identity

    source = tmp_path / "t.typ"
    source.write_text('#set page(width: 6cm, height: auto)\n#set text(lang: "id")\n'
                      "#table(columns: (1.6cm,), [Ka\u00adrin\u00adda\u00adwa\u00adti])\n", encoding="utf-8")
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    detector = Detector(identities=[Identity("A01", "name", "Karindawati")])
    found = guard.scan_paths([pdf], detector, lambda p: p.name, set())
    assert [d.message.split(" (")[0] for d in found.errors] == ["identity:name detected"]


def test_a_name_in_a_large_json_output_is_found_on_its_own_line(tmp_path):
    """The facts and provenance files repeat the same turn references thousands of times; the guard reads
    each distinct line once, and still names the line where the leak is, whatever block it falls in."""
    import json

    from naskah.core.files import write_json
    from naskah.privacy import guard
    from naskah.privacy.detectors import Detector, Identity

    refs = [f"I{n:04d}:{t}" for n in range(1, 40) for t in range(2, 200, 2)]
    facts = {"sources": {f"n{k:03d}": {"refs": refs} for k in range(30)},
             "texts": {"q1": "kata Bu Karindawati waktu itu", "q2": "tidak ada nama di sini"}}
    path = tmp_path / "facts.json"
    write_json(path, facts)
    detector = Detector(identities=[Identity("A01", "name", "Karindawati")])
    found = guard.scan_paths([path], detector, lambda p: p.name, set())
    lines = path.read_text(encoding="utf-8").split("\n")
    leak = next(n for n, line in enumerate(lines, start=1) if "Karindawati" in line)
    assert leak > 100_000 and json.loads(path.read_text(encoding="utf-8")) == facts
    [message] = [d.message for d in found.errors]
    assert message.startswith("identity:name detected (") and message.endswith(f") in line {leak}"), message
    assert "Karindawati" not in message

    write_json(path, {**facts, "texts": {"q2": "tidak ada nama di sini"}})
    assert not guard.scan_paths([path], detector, lambda p: p.name, set()).errors


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked, on Linux only")
def test_a_scan_shared_with_worker_processes_finds_the_same_as_one_alone(tmp_path, monkeypatch):
    """Above a few megabytes the guard scans with two worker processes; the hits and their order must not change."""
    from naskah.core.files import write_json
    from naskah.privacy import guard
    from naskah.privacy.detectors import Detector, Identity

    inputs = tmp_path / "out"
    inputs.mkdir()
    write_json(inputs / "facts.json", {"refs": [f"I{n:05d}:{t}" for n in range(8000) for t in range(20)],
                                       "texts": ["kata Karindawati", "hubungi 0812-3456-7890"]})
    (inputs / "informants.csv").write_text("informant,note\nI01,Karindawati dari Bogor\n", encoding="utf-8")
    (inputs / "notes.md").write_text("Catatan: surel karin@example.org\n", encoding="utf-8")
    paths = sorted(inputs.iterdir())
    assert sum(p.stat().st_size for p in paths) > guard._PARALLEL_FROM_BYTES
    detector = Detector(identities=[Identity("A01", "name", "Karindawati")])

    def messages():
        return [str(d) for d in guard.scan_paths(paths, detector, lambda p: p.name, set()).errors]

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # two cores, as the CI may not
    scanned_by = tmp_path / "scanned-by"  # a file per (process, scanned file): forked workers share no memory
    scanned_by.mkdir()
    scan_files = guard._scan_files

    def recording(files, *args):
        for path in files:
            (scanned_by / f"{os.getpid()}-{path.name}").touch()
        return scan_files(files, *args)

    monkeypatch.setattr(guard, "_scan_files", recording)
    shared = messages()
    seen = [name.rsplit("-", 1) for name in os.listdir(scanned_by)]
    assert sorted(name for _pid, name in seen) == ["facts.json", "informants.csv", "notes.md"]
    assert str(os.getpid()) not in {pid for pid, _name in seen}  # every file read by a worker
    monkeypatch.setattr(guard, "_PARALLEL_FROM_BYTES", 10**12)
    alone = messages()
    assert shared == alone
    assert [m.split(":")[0] for m in shared] == ["facts.json", "facts.json", "informants.csv", "notes.md"], shared


def test_pieces_read_together_keep_their_own_hits_and_places(tmp_path):
    """The guard reads a file's pieces (cells, paragraphs, pages) in batches: a number or a name split over
    two cells is still no hit, and a hit names its own cell."""
    from naskah.privacy import guard
    from naskah.privacy.detectors import Detector, Identity

    table = tmp_path / "t.csv"
    table.write_text("a,b,c\n0812,3456 7890,Siti\nAminah,x,Rina Wulandari\n", encoding="utf-8")
    detector = Detector(identities=[Identity("A01", "name", "Siti Aminah"), Identity("A02", "name", "Rina Wulandari")])
    found = [str(d) for d in guard.scan_paths([table], detector, lambda p: p.name, set()).errors]
    assert len(found) == 1 and "row 3, column 'c'" in found[0] and "identity:name" in found[0], found


def test_the_manifest_a_docx_carries_is_read_value_by_value(tmp_path):
    """A DOCX draft carries the build's manifest as one line of JSON (megabytes at 1,000 transcripts): the guard
    reads its distinct keys and values, escapes undone, and still finds a name or a number hidden in it."""
    from naskah.privacy import guard
    from naskah.privacy.detectors import Detector, Identity

    manifest = {"texts": {"I01:3": 'dia bilang "Karindawati" tadi', "I01:4": "tanpa nama"},
                "refs": ["I01:3", "I01:4"] * 500, "phone": 6281234567890, "done": True}
    path = tmp_path / "thesis.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("customXml/item1.xml", '<?xml version="1.0"?><provenance xmlns="urn:naskah:provenance">'
                         + json.dumps(manifest, separators=(",", ":")).replace("&", "&amp;").replace("<", "&lt;")
                         + "</provenance>")
        archive.writestr("customXml/item2.xml", "<note>not JSON: { Karindawati</note>")
    detector = Detector(identities=[Identity("A01", "name", "Karindawati")])
    found = [str(d) for d in guard.scan_paths([path], detector, lambda p: p.name, set()).errors]
    assert len(found) == 3 and all("Karindawati" not in m for m in found), found
    assert found[0].startswith("thesis.docx: identity:name detected (") and "item1.xml, <provenance>" in found[0]
    assert "item1.xml, <provenance>" in found[1] and "phone" in found[1]
    assert "item2.xml, <note>" in found[2]
    pieces = [text for _place, text in guard._docx(path)]
    assert pieces.count("I01") == 1 and "I01:3" not in pieces  # a reference repeated 1,000 times: its word, once


def test_a_name_split_into_words_by_pandocs_ast_is_read_whole(tmp_path):
    """results/render/thesis.json is the thesis as pandoc's AST, a JSON string per word: the guard reads each
    block's text, so a name of two words is found, in the block that holds it."""
    from naskah.core.tools import pandoc_path
    from naskah.privacy import guard
    from naskah.privacy.detectors import Detector, Identity

    source = tmp_path / "thesis.md"
    source.write_text("---\ntitle: Skripsi\nheader-includes: |\n  ```{=html}\n  <style>@page { size: A4 }</style>\n"
                      "  ```\n---\n\nParagraf pertama.\n\nTerima kasih kepada Rina\nKartika.\n", encoding="utf-8")
    ast = tmp_path / "thesis.json"
    subprocess.run([pandoc_path(), str(source), "--to=json", "-o", str(ast)], check=True)
    assert "Rina Kartika" not in ast.read_text(encoding="utf-8")  # "Rina", a space, "Kartika"
    detector = Detector(identities=[Identity("A01", "name", "Rina Kartika")])
    [found] = [str(d) for d in guard.scan_paths([ast], detector, lambda p: p.name, set()).errors]
    assert found.startswith("thesis.json: identity:name detected (") and " in block 2 — " in found, found
    assert "Rina Kartika" not in found

    source.write_text("---\ntitle: Rina Kartika\n---\n\nParagraf pertama.\n", encoding="utf-8")
    subprocess.run([pandoc_path(), str(source), "--to=json", "-o", str(ast)], check=True)
    [found] = [str(d) for d in guard.scan_paths([ast], detector, lambda p: p.name, set()).errors]
    assert " in metadata — " in found, found


def test_recorded_turns_and_references_are_read_by_their_words(tmp_path):
    """The manifest and analyse's snapshot record 200,000 turns as "TURN LINE SPEAKER WORDS SHA CODES" and the
    numbers' rows as "I03:12": only the speaker, the codes and the informant are words someone typed. Each is
    read once; a field out of bounds (a phone number typed as a turn number) leaves the row read whole."""
    from naskah.core.files import write_json
    from naskah.privacy import guard
    from naskah.privacy.detectors import Detector, Identity

    rows = [f"{n} {n + 1} I01 12 {n:016x} kontak;sapa" for n in range(1, 2000)]
    record = {"corpus": {"transcripts": [{"turns": [*rows, "2000 2001 Karindawati 9 00000000000007d0 -",
                                                    "081234567890 2002 I01 3 00000000000007d1 -"]}]},
              "refs": [f"I01:{n}" for n in range(1, 2000)] + ["Karindawati:7"]}
    path = tmp_path / "core.json"
    write_json(path, record)
    pieces = [text for _where, text in guard._json(path, set())]
    assert pieces.count("I01") == 1 and pieces.count("kontak;sapa") == 1 and pieces.count("Karindawati") == 1
    assert not any("0000000000000" in text for text in pieces if "081234567890" not in text)  # hashes unread
    detector = Detector(identities=[Identity("A01", "name", "Karindawati")])
    found = [str(d) for d in guard.scan_paths([path], detector, lambda p: p.name, set()).errors]
    assert len(found) == 2 and any("identity:name" in m for m in found) and any("phone" in m for m in found), found
    lines = path.read_text(encoding="utf-8").split("\n")
    speaker = next(n for n, line in enumerate(lines, start=1) if "Karindawati 9" in line)
    assert any(m.endswith(f"line {speaker}") or f"line {speaker} " in m for m in found), found

    docx = tmp_path / "thesis.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("customXml/item1.xml", "<provenance>" + json.dumps(record) + "</provenance>")
    words = list(guard._json_strings(json.dumps(record)))
    assert words.count("I01") == 1 and "Karindawati" in words
    assert len([str(d) for d in guard.scan_paths([docx], detector, lambda p: p.name, set()).errors]) == 2
