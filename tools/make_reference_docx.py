"""Make src/naskah/resources/reference.docx: pandoc's default reference document with the styles a
thesis needs (run once when pandoc's default changes; the output is committed).

    python tools/make_reference_docx.py

Changes to pandoc's default: the Bibliography style gets a 1.27 cm hanging indent (APA 7) and a
"Title Page" paragraph style is centred. Every ZIP entry is
written with a fixed timestamp so the file is the same on every run.
"""

from __future__ import annotations

import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pypandoc

TARGET = Path(__file__).resolve().parent.parent / "src" / "naskah" / "resources" / "reference.docx"
HANGING = '<w:pPr><w:ind w:left="720" w:hanging="720" /></w:pPr>'
EXTRA_STYLES = """
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="TitlePage">
    <w:name w:val="Title Page" />
    <w:basedOn w:val="BodyText" />
    <w:qFormat />
    <w:pPr><w:jc w:val="center" /></w:pPr>
  </w:style>
"""


def main() -> None:
    default = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    source = zipfile.ZipFile(BytesIO(default))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            data = source.read(info.filename)
            if info.filename == "word/styles.xml":
                text = data.decode("utf-8")
                start = text.index('w:styleId="Bibliography"')
                empty = text.index("<w:pPr />", start)
                text = text[:empty] + HANGING + text[empty + len("<w:pPr />"):]
                text = text.replace("</w:styles>", EXTRA_STYLES + "</w:styles>")
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    TARGET.write_bytes(out.getvalue())
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
