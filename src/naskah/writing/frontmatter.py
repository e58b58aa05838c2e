"""The front matter of a thesis, from the config and the ``00-*.md`` texts, in the style's order.

Faculties check the front matter first: a title page spread over the page (logo, "Oleh:", the
institution), the halaman pengesahan with a signature line for every supervisor and examiner, the
pernyataan keaslian, the kata pengantar and both abstracts, then the Daftar Isi/Tabel/Gambar/Lampiran.
Which parts appear, and in which order, is the house style's ``front_matter`` list; the texts a
student writes (abstrak, abstract, kata pengantar) are chapter files named ``00-…`` whose own
heading becomes the part's title, and a part whose file is missing is simply left out.

Each part is a fenced div the format filters recognise (see the README's Markdown contract):
``::: {.title-page}``, ``::: {.front-part part="approval"}``, ``::: {.naskah-list kind="toc"}``.
"""

from __future__ import annotations

from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.i18n import labels, roman
from naskah.core.markdown import escape
from naskah.core.messages import _

# the texts a student writes, by file name (any other 00-*.md is a part of its own, named after the file)
FRONT_FILES = {
    "00-kata-pengantar.md": "preface",
    "00-preface.md": "preface",
    "00-abstrak.md": "abstract",
    "00-abstract.md": "abstract_en",
}
# the anchor of each part's heading (links from the Daftar Isi)
FRONT_IDS = {"approval": "pengesahan", "originality": "pernyataan-keaslian", "preface": "kata-pengantar",
             "abstract": "abstrak", "abstract_en": "abstract"}
TEXT_PARTS = ("preface", "abstract", "abstract_en")
LISTS = {"toc": "toc", "list_of_tables": "tables", "list_of_figures": "figures", "list_of_appendices": "appendices"}
LIST_TITLES = {"toc": "toc", "tables": "list_of_tables", "figures": "list_of_figures",
               "appendices": "list_of_appendices"}


def front_part_of(path: Path) -> str | None:
    """The front-matter part a chapter file holds (``00-abstrak.md`` → abstract), None for a chapter."""
    if not path.name.startswith("00-"):
        return None
    return FRONT_FILES.get(path.name, path.stem[3:] or "front")


def front_ident(part: str) -> str:
    return FRONT_IDS.get(part, part)


def title_page(config) -> str:
    """The halaman judul: document type, title, degree statement, logo, "Oleh:" and author, institution."""
    lab = labels(config.language)
    t = config.thesis
    blocks = [f"**{escape((t.get('document_type') or lab['document_type']).upper())}**",
              f"**{escape(t['title'].upper())}**"]
    if t.get("subtitle"):
        blocks.append(escape(t["subtitle"]))
    blocks.append(escape(t.get("degree_statement") or lab["degree_statement"]))
    logo = logo_path(config)
    if logo:
        blocks.append(f"![]({logo}){{.logo width=3cm}}")  # Word and typst would draw it at its pixel size
    blocks.append(f"{lab['by']}\\\n**{escape(t['author'])}**\\\n{lab['student_id']} {escape(t['student_id'])}")
    blocks.append("\\\n".join(escape(x).upper() for x in (t["programme"], t["faculty"], t["university"],
                                                           t["city"])) + f"\\\n{t['year']}")
    return "::: {.title-page}\n" + "\n\n".join(blocks) + "\n:::\n"


def logo_path(config) -> str | None:
    """``thesis.logo`` as the Markdown links it (relative to the project root); an error when missing."""
    logo = config.thesis.get("logo")
    if not logo:
        return None
    if not (config.root / logo).is_file():
        raise InputError(_("thesis.logo: no file named '{logo}'", logo=logo), config.path,
                         config.line("thesis", "logo"),
                         hint=_("give the path of a PNG, JPG or SVG image relative to the project root, "
                                "or leave thesis.logo out"))
    return Path(logo).as_posix()


def _signature(role: str, name: str, student_id: str | None = None) -> str:
    """A signature block: the role (Markdown), room to sign, the name (and the NIM)."""
    lines = [role, "", "", f"**{escape(name)}**"]  # empty lines: room to sign
    if student_id:
        lines.append(student_id)
    return "::: {.signature}\n" + "\\\n".join(lines) + "\n:::\n"


def approval(config) -> str:
    """The halaman pengesahan: title, author, the examination date and a signature line for each person."""
    lab = labels(config.language)
    t = config.thesis
    date = t.get("approval_date")
    statement = lab["approved"].format(date=escape(date)) if date else lab["approved_pending"]
    body = [f"**{escape(t['title'].upper())}**",
            f"{lab['by']}\\\n**{escape(t['author'])}**\\\n{lab['student_id']} {escape(t['student_id'])}",
            statement]
    people = [(lab["supervisor_n"].format(n=roman(i)), name) for i, name in enumerate(t.get("supervisors") or [], 1)]
    people += [(lab["examiner_n"].format(n=roman(i)), name) for i, name in enumerate(t.get("examiners") or [], 1)]
    signatures = "".join("\n" + _signature(escape(role) + ",", name) for role, name in people)
    if signatures:
        body.append(":::: {.signatures}" + signatures + "::::")
    return _part("approval", lab["approval"], "\n\n".join(body))


def originality(config) -> str:
    """The pernyataan keaslian in the thesis language, signed by the author."""
    lab = labels(config.language)
    t = config.thesis
    document = (t.get("document_type") or lab["document_type"]).lower()
    text = lab["originality_text"].format(document=escape(document), title=escape(t["title"]))
    date = escape(t.get("approval_date")) if t.get("approval_date") else f"{lab['date_line']} {t['year']}"
    place = lab["place_date"].format(city=escape(t["city"]), date=date)
    signature = _signature(f"{place}\\\n{lab['declarant']}", t["author"],
                           f"{lab['student_id']} {escape(t['student_id'])}")
    return _part("originality", lab["originality"], f"{text}\n\n{signature}")


def _part(part: str, title: str, body: str) -> str:
    return (f"::: {{.front-part part=\"{part}\"}}\n# {title} {{#{front_ident(part)} .unnumbered .front}}\n\n"
            f"{body.strip()}\n:::\n")


def text_part(part: str, numbered_text: str) -> str:
    """A front-matter text (abstrak, kata pengantar …) whose numbered heading is already its title."""
    return f"::: {{.front-part part=\"{part}\"}}\n{numbered_text.strip()}\n:::\n"


def contents_list(kind: str, language: str, items: list[tuple[int, str, str]]) -> str:
    """A Daftar Isi/Tabel/Gambar/Lampiran: static links for HTML and DOCX; typst replaces it by an outline."""
    title = labels(language)[LIST_TITLES[kind]]
    lines = [f"::: {{.naskah-list kind=\"{kind}\"}}", f"# {title} {{#daftar-{kind} .unnumbered .front}}", ""]
    for level, text, ident in items:
        lines.append(f"{'    ' * (level - 1)}- [{text}](#{ident})")
    lines += [":::", ""]
    return "\n".join(lines)
