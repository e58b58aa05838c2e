"""Make the QDA fixtures of tests/fixtures/qda/ from synthetic interviews (run by hand, outputs committed).

    python3 -m venv /tmp/tg && /tmp/tg/bin/pip install taguette==1.5.2 python-docx
    /tmp/tg/bin/python tools/make_qda_fixtures.py --taguette /tmp/tg/bin/taguette

Taguette's exports are real: the script starts Taguette 1.5.2 locally (127.0.0.1 only, a fresh
database in a temporary folder), drives it over HTTP as its web page does (the session cookie from
``/?token=…``, the ``_xsrf`` header), uploads the interviews, makes tags and highlights, and saves
Taguette's own highlight and codebook exports. Taguette converts .txt/.docx uploads with Calibre,
which is not installed here, so each interview is uploaded as HTML, one paragraph per line of the
transcript that is saved beside it (I01.txt, I02.txt, I03.docx): the same text.

The other fixtures are written in each tool's documented format, because the tools themselves cannot
run here: an NVivo-style REFI project (project.qde + Sources/, UTF-8 with BOM, CRLF, positions in
UTF-16 code units, an emoji), a QualCoder "Report codings" CSV, a MAXQDA "Coded Segments" sheet and
transcripts as .xlsx and .docx. All text is synthetic, written for naskah's tests, about no real person.
"""

from __future__ import annotations

import argparse
import csv
import html
import http.cookiejar
import json
import re
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "qda"

INTERVIEWS = {
    "I01": [
        ("P", "Bagaimana awalnya Anda berkenalan dengan teman daring itu?"),
        ("I01", "Awalnya dia menyapa duluan di grup hobi fotografi, pelan-pelan saja."),
        ("P", "Apa yang membuat Anda membalas sapaannya?"),
        ("I01", "Fotonya bagus dan bahasanya sopan. Saya jadi penasaran 🙂 lalu kami saling mengikuti."),
        ("I01", "Setelah sebulan kami mulai bercerita soal keluarga, soal kerjaan juga."),
        ("P", "Apakah hubungan itu masih berlanjut?"),
        ("I01", "Masih, walau sekarang jarang. Kadang dia lupa membalas berhari-hari."),
    ],
    "I02": [
        ("P", "Ceritakan bagaimana kalian mulai dekat."),
        ("I02", "Kami satu tim di gim daring, tiap malam main bareng dan ngobrol lewat suara."),
        ("P", "Kapan mulai terasa akrab?"),
        ("I02", "Waktu saya sakit dia yang paling sering menanyakan kabar. Di situ saya merasa dekat sekali."),
        ("P", "Pernah ada masalah?"),
        ("I02", "Pernah, soal janji ketemu yang dibatalkan mendadak. Saya kecewa, lalu kami berhenti main bareng."),
    ],
    "I03": [
        ("P", "Bagaimana pertemanan daring Anda berakhir?"),
        ("I03", "Pelan-pelan saja. Pesan saya tidak dibalas, lalu akunnya hilang dari daftar teman."),
        ("P", "Apa yang Anda rasakan?"),
        ("I03", "Sedih, tapi saya mengerti. Kami memang hanya dekat di dunia maya, café tempat kami janjian pun "
                "tidak pernah kami datangi."),
    ],
}
TAGS = {  # Taguette writes a hierarchy with dots
    "kontak": "Tahap kontak: perkenalan pertama.",
    "kontak.sapaan": "Sapaan pertama di ruang daring.",
    "keterlibatan": "Saling mengenal lebih jauh.",
    "keakraban": "Kedekatan dan keterbukaan.",
    "perusakan": "Hubungan mulai renggang.",
    "pemutusan": "Hubungan berakhir.",
}
# (interview, first line, last line, words to highlight or None for the whole lines, tags)
HIGHLIGHTS = [
    ("I01", 1, 1, "Awalnya dia menyapa duluan di grup hobi fotografi", ["kontak.sapaan"]),
    ("I01", 3, 4, None, ["keterlibatan", "keakraban"]),  # two turns, two tags
    ("I01", 6, 6, "Kadang dia lupa membalas berhari-hari.", ["perusakan"]),
    ("I01", 2, 2, None, ["kontak"]),  # the interviewer's question: reported, not imported
    ("I02", 1, 1, None, ["kontak"]),
    ("I02", 3, 3, "Di situ saya merasa dekat sekali.", ["keakraban"]),
    ("I02", 5, 5, "Saya kecewa, lalu kami berhenti main bareng.", ["perusakan", "pemutusan"]),
    ("I03", 1, 1, "Pesan saya tidak dibalas, lalu akunnya hilang dari daftar teman.", ["pemutusan"]),
    ("I03", 3, 3, "café tempat kami janjian", []),  # without a tag: Taguette leaves it out of the export
]


def lines_of(informant: str) -> list[str]:
    return [f"{speaker}: {text}" for speaker, text in INTERVIEWS[informant]]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


class Taguette:
    """Taguette 1.5.2 on 127.0.0.1, driven over HTTP like its own page."""

    def __init__(self, exe: str, workdir: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.proc = subprocess.Popen([exe, "--no-browser", "-p", str(self.port), "-b", "127.0.0.1",
                                      "--database", str(workdir / "taguette.sqlite3")],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=workdir)
        token = None
        deadline = time.time() + 60
        while token is None and time.time() < deadline:
            line = self.proc.stdout.readline()
            found = re.search(r"token=([0-9a-f]+)", line)
            token = found.group(1) if found else None
        if token is None:
            raise SystemExit("Taguette did not start")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.base = f"http://127.0.0.1:{self.port}"
        self.get(f"/?token={token}")

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)

    def xsrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "_xsrf")

    def get(self, path: str) -> bytes:
        return self.opener.open(self.base + path, timeout=30).read()

    def post(self, path: str, data: bytes, content_type: str) -> bytes:
        request = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": content_type, "X-XSRFToken": self.xsrf()})
        return self.opener.open(request, timeout=60).read()

    def post_json(self, path: str, obj) -> dict:
        return json.loads(self.post(path, json.dumps(obj).encode(), "application/json") or b"{}")

    def new_project(self, name: str) -> int:
        self.get("/project/new")
        form = urllib.parse.urlencode({"name": name, "description": "", "_xsrf": self.xsrf()}).encode()
        request = urllib.request.Request(self.base + "/project/new", data=form, method="POST")
        response = self.opener.open(request, timeout=30)
        return int(re.search(r"/project/(\d+)", response.geturl()).group(1))

    def add_document(self, project: int, name: str, html_text: str) -> int:
        boundary = uuid.uuid4().hex
        parts = []
        for field, value in (("name", name), ("description", "")):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n')
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}.html"\r\n'
                     f"Content-Type: text/html\r\n\r\n{html_text}\r\n--{boundary}--\r\n")
        body = "".join(parts).encode("utf-8")
        return json.loads(self.post(f"/api/project/{project}/document/new", body,
                                    f"multipart/form-data; boundary={boundary}"))["created"]


def taguette_exports(exe: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = Taguette(exe, Path(tmp))
        try:
            project = app.new_project("Pertemanan daring (fixture naskah)")
            tag_ids = {path: app.post_json(f"/api/project/{project}/tag/new",
                                           {"path": path, "description": text})["id"] for path, text in TAGS.items()}
            documents = {}
            for informant in INTERVIEWS:
                body = "".join(f"<p>{html.escape(line)}</p>" for line in lines_of(informant))
                page = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
                documents[informant] = app.add_document(project, informant, page)
            for informant, first, last, words, tags in HIGHLIGHTS:
                start, end = _offsets(app, project, documents[informant], informant, first, last, words)
                app.post_json(f"/api/project/{project}/document/{documents[informant]}/highlight/new",
                              {"start_offset": start, "end_offset": end, "tags": [tag_ids[t] for t in tags]})
            for name, url in (("highlights.csv", "export/highlights/.csv"),
                              ("highlights.xlsx", "export/highlights/.xlsx"), ("codebook.csv", "export/codebook.csv"),
                              ("codebook.xlsx", "export/codebook.xlsx"), ("codebook.qdc", "export/codebook.qdc")):
                (out / name).write_bytes(app.get(f"/project/{project}/{url}"))
        finally:
            app.close()


def _offsets(app: Taguette, project: int, document: int, informant: str, first: int, last: int,
             words: str | None) -> tuple[int, int]:
    """UTF-8 byte offsets over the concatenated text nodes of the stored document (Taguette's positions)."""
    contents = json.loads(app.get(f"/api/project/{project}/document/{document}/contents"))["contents"]
    parser = _Text()
    parser.feed("".join(chunk["contents"] for chunk in contents))
    nodes = parser.parts
    lines = lines_of(informant)
    text = "".join(nodes)
    assert text == "".join(lines), ("Taguette changed the text", contents)
    start_char = sum(len(line) for line in lines[:first])
    end_char = sum(len(line) for line in lines[:last + 1])
    if words:
        start_char = text.index(words, start_char)
        end_char = start_char + len(words)
    return len(text[:start_char].encode()), len(text[:end_char].encode())


def transcripts(out: Path) -> None:
    import docx

    for informant in ("I01", "I02"):
        (out / f"{informant}.txt").write_text("\n".join(lines_of(informant)) + "\n", encoding="utf-8")
    document = docx.Document()
    for line in lines_of("I03"):
        document.add_paragraph(line)
    document.save(out / "I03.docx")


def nvivo_style(out: Path) -> None:
    """project.qde + Sources/ as NVivo 12 for Windows writes them (see the module docstring)."""
    ns = "urn:QDA-XML:project:1.0"
    users = {"ani": "29518289-D0E3-447B-B7DD-AE1D8CD880A0", "budi": "EAAC2CD0-F7F0-415A-ABDD-AE1D8F6762DE"}
    codes = {("kontak",): "5067D381-1DC9-4816-81DD-AE1DBFEA2AD7",
             ("kontak", "sapaan"): "7142C1BF-1BBE-4073-88DD-AE1DBFEC9F8F",
             ("keakraban",): "9DFE9815-44E3-4922-BEDD-AE1DBFED8B5C"}
    text = "\r\n".join(["Transkrip wawancara (sintetis)"] + lines_of("I01")) + "\r\n"
    units = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731 - NVivo counts UTF-16 code units, CR included
    selections = []
    for i, (line_no, code, user) in enumerate([(2, ("kontak", "sapaan"), "ani"), (2, ("kontak", "sapaan"), "budi"),
                                               (4, ("keakraban",), "ani"), (5, ("keakraban",), "budi"),
                                               (5, ("kontak",), "ani")]):
        lines = text.split("\r\n")
        start = units("\r\n".join(lines[:line_no]) + "\r\n")
        end = start + units(lines[line_no])
        selections.append(
            f'      <PlainTextSelection guid="{uuid.UUID(int=i + 1)}" name="" startPosition="{start}" '
            f'endPosition="{end}" creatingUser="{users[user]}">\n'
            f'        <Coding guid="{uuid.UUID(int=100 + i)}" creatingUser="{users[user]}">\n'
            f'          <CodeRef targetGUID="{codes[code]}" />\n        </Coding>\n      </PlainTextSelection>')
    source = "68BBDC14-C361-4432-B4DD-AE1DBFC12890"
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" name="Pertemanan" origin="NVivo for Windows 12.6" xmlns="{ns}">
  <Users>
    <User guid="{users['ani']}" name="Ani" />
    <User guid="{users['budi']}" name="Budi" />
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="{codes[('kontak',)]}" name="kontak" isCodable="true">
        <Description>Perkenalan pertama</Description>
        <Code guid="{codes[('kontak', 'sapaan')]}" name="sapaan" isCodable="true" />
      </Code>
      <Code guid="{codes[('keakraban',)]}" name="keakraban" isCodable="true" />
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="{source}" name="I01" plainTextPath="internal://{source}.txt" creatingUser="{users['ani']}">
      <Description />
{chr(10).join(selections)}
    </TextSource>
  </Sources>
</Project>
"""
    folder = out / "nvivo_style"
    (folder / "Sources").mkdir(parents=True, exist_ok=True)
    (folder / "project.qde").write_bytes(qde.encode("utf-8").replace(b"\n", b"\r\n"))
    (folder / "Sources" / f"{source}.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with zipfile.ZipFile(out / "nvivo_style.qdpx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "project.qde", "project.qde")
        archive.write(folder / "Sources" / f"{source}.txt", f"Sources/{source}.txt")


def qualcoder_report(out: Path) -> None:
    """'Report codings' → CSV as QualCoder writes it: UTF-8 with BOM, every cell quoted."""
    rows = [["File", "Coder", "Coded", "Id", "Codename", "Coded_Memo", "Category"],
            ["I01.txt", "ani", "Awalnya dia menyapa duluan di grup hobi fotografi", "ctid:1", "sapaan", "", "kontak"],
            ["I01.txt", "ani", "Setelah sebulan kami mulai bercerita soal keluarga, soal kerjaan juga.", "ctid:2",
             "keterlibatan", "", ""],
            ["I02.txt", "budi", "Di situ saya merasa dekat sekali.", "ctid:3", "keakraban", "", ""],
            ["I02.txt", "budi", "image", "imid:4", "keakraban", "", ""],
            ["I02.txt", "budi", "kalimat yang tidak ada di transkrip", "ctid:5", "perusakan", "", ""]]
    with open(out / "report_codings.csv", "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)


def sheets(out: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(out / "maxqda_coded_segments.xlsx")
    sheet = book.add_worksheet("Coded Segments")
    header = ["Color", "Document group", "Document name", "Code", "Begin", "End", "Weight score", "Segment",
              "Modified by", "Created by"]
    rows = [["#ff0000", "", "I01", "kontak > sapaan", 2, 2, 0, "Awalnya dia menyapa duluan", "ani", "ani"],
            ["#00ff00", "", "I02", "keakraban", 4, 4, 0, "", "ani", "ani"],
            ["#0000ff", "", "I02", "perusakan", 6, 6, 0, "Saya kecewa", "ani", "ani"],
            ["#0000ff", "", "I02", "perusakan", 40, 41, 0, "", "ani", "ani"]]
    for r, row in enumerate([header] + rows, start=1):  # a title row and an empty row first, as students do
        sheet.write_row(r + 1, 0, row)
    sheet.write(0, 0, "Kode tersegmentasi (ekspor MAXQDA)")
    book.close()
    book = xlsxwriter.Workbook(out / "transcripts.xlsx")
    for informant in ("I04", "I05"):
        sheet = book.add_worksheet(informant)
        sheet.write_row(0, 0, ["Giliran", "Pembicara", "Teks", "Kode"])
        source = INTERVIEWS["I01" if informant == "I04" else "I02"]
        for n, (speaker, said) in enumerate(source, start=1):
            who = "P" if speaker == "P" else informant
            sheet.write_row(n, 0, [n, who, said, "kontak" if n == 2 else ""])
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taguette", help="the taguette executable (its exports are skipped without it)")
    args = parser.parse_args()
    (OUT / "taguette").mkdir(parents=True, exist_ok=True)
    transcripts(OUT / "taguette")
    if args.taguette:
        taguette_exports(args.taguette, OUT / "taguette")
    nvivo_style(OUT)
    (OUT / "qualcoder").mkdir(exist_ok=True)
    qualcoder_report(OUT / "qualcoder")
    (OUT / "sheets").mkdir(exist_ok=True)
    sheets(OUT / "sheets")


if __name__ == "__main__":
    main()
