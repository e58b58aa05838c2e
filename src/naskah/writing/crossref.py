"""Numbering and cross-references, per chapter, the way the house style says.

Chapter headings become "BAB IV HASIL …" (``# BAB IV HASIL {#sec:hasil .chapter label="BAB IV"}``:
the label lets each format put it on its own line), sections "4.1", tables "Tabel 4.1" and figures
"Gambar 4.1" (numbered within the chapter, the label in a ``.caption-label`` span so that each format
can set it in bold), each followed by its "Sumber: …" line when it has one; ``@tbl:label``,
``@fig:label`` and ``@sec:label`` become links reading "Tabel 4.1", "Gambar 4.1", "Bab IV" or
"Subbab 4.1" in every output format. The heading numbers follow ``style.headings[].numbering``
("BAB {1:I}", "{1}.{2}", "{2:A}." …) and their case ``style.headings[].case``.
We do it here, before pandoc, because the numbers must be the same in HTML,
DOCX and PDF and an unresolved label must be reported at its ``file:line``.
Front-matter texts (``00-abstrak.md`` …) are not numbered: their heading is the part's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from naskah.core.errors import Diagnostics
from naskah.core.i18n import labels, roman
from naskah.core.markdown import FENCE
from naskah.core.messages import _
from naskah.core.suggest import did_you_mean
from naskah.writing.chapters import RenderedChapter
from naskah.writing.frontmatter import front_ident
from naskah.writing.quotes import source_line

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{([^{}]*)\})?\s*$")
TABLE_CAPTION = re.compile(r"^(?:Table)?:\s+(.*?)\s*\{#(tbl:[^\s{}]+)\s*\}\s*$")
FIGURE = re.compile(r"^!\[(.*)\]\((.*?)\)\{#(fig:[^\s{}]+)([^{}]*)\}\s*$")
REFERENCE = re.compile(r"(?<![\\\w])@((?:tbl|fig|sec):[\w.:-]*\w)")
FIELD = re.compile(r"\{(\d)(?::([IiAa1]))?\}")
TABLE_ROW = re.compile(r"^\s*[|+]")
# the Indonesian chapter word of the presets' patterns ("BAB {1:I}"), said in the thesis language
CHAPTER_WORD = "BAB"
# words a title-case heading leaves in lower case (unless first)
SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "pada", "dengan", "atau", "dalam", "oleh", "sebagai",
               "the", "of", "and", "in", "on", "for", "to", "a", "an", "with", "by", "or", "at"}


def _field(value: int, kind: str | None) -> str:
    if kind == "I":
        return roman(value)
    if kind == "i":
        return roman(value).lower()
    if kind in ("A", "a"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("A") + rest) + letters
        return letters if kind == "A" else letters.lower()
    return str(value)


def format_number(pattern: str, numbers: list[int], language: str = "id") -> str:
    """A heading number from a style pattern: ``"BAB {1:I}"`` with [4] → "BAB IV", ``"{1}.{2}"`` → "4.1".

    ``{n}`` is the number of level n in arabic, ``{n:I}``/``{n:i}`` in roman, ``{n:A}``/``{n:a}`` a letter;
    the word BAB is said in the thesis language (CHAPTER in English).
    """
    text = FIELD.sub(lambda m: _field(numbers[int(m.group(1)) - 1] if int(m.group(1)) <= len(numbers) else 0,
                                      m.group(2)), pattern)
    return text.replace(CHAPTER_WORD, labels(language)["chapter"]).strip()


def apply_case(title: str, case: str | None) -> str:
    """A heading's title in the style's case: upper, title or as written."""
    if case == "upper":
        return title.upper()
    if case == "title":
        words = title.split(" ")
        return " ".join(w if (i and w.lower() in SMALL_WORDS) or not w else w[:1].upper() + w[1:]
                        for i, w in enumerate(words))
    return title


def _default_style():
    from naskah.style.model import load_style

    return load_style()


@dataclass
class Target:
    label: str
    kind: str  # chapter, section, table, figure
    number: str
    text: str  # what a reference reads, e.g. "Tabel 4.1"
    caption: str
    chapter: str  # chapter file as shown


@dataclass
class CrossrefResult:
    chapters: list[str]  # the numbered texts, in the order given (front-matter texts included)
    targets: dict[str, Target] = field(default_factory=dict)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, id) of the body
    parts: dict[str, tuple[str, str]] = field(default_factory=dict)  # front-matter part -> (title, id)

    def of_kind(self, kind: str) -> list[Target]:
        return [t for t in self.targets.values() if t.kind == kind]


@dataclass
class _Numbering:
    """What numbering a chapter needs: the style, the labels and the "Sumber" lines by label."""

    style: object
    language: str
    sources: dict[str, str]

    @property
    def lab(self) -> dict:
        return labels(self.language)

    def heading_format(self, level: int):
        return self.style.heading(level)

    def word(self, kind: str) -> str:
        """"Tabel", "Gambar" or "Sumber": the style's word (``captions.table_label`` …) or the language's."""
        return self.style.captions.get(f"{kind}_label") or self.lab[kind]

    def caption(self, label_text: str, text: str) -> str:
        separator = self.style.captions.separator
        return f"[{label_text}]{{.caption-label}}{separator}{text}"

    def source_block(self, label: str) -> list[str]:
        text = self.sources.get(label)
        if not text or not self.style.captions.source:
            return []
        return ["", "::: {.caption-source}", f"{self.word('source')}: {text}", ":::", ""]


def number_document(chapters: list[RenderedChapter], language: str, style=None,
                    sources: dict[str, str] | None = None) -> CrossrefResult:
    """Number headings, tables and figures of every chapter and resolve every reference.

    *style* is the house style (default preset when None); *sources* maps a table or figure label to the
    text of its "Sumber: …" line (Markdown, already escaped). Front-matter texts (``chapter.part``) are
    not numbered and do not count as chapters.
    """
    numbering = _Numbering(style or _default_style(), language, sources or {})
    diags = Diagnostics()
    result = CrossrefResult([])
    numbered_texts = []
    index = 0
    for chapter in chapters:
        if chapter.part:
            numbered_texts.append(_front_part(chapter, numbering, result, diags))
            continue
        index += 1
        numbered_texts.append(_number_chapter(index, chapter, numbering, result, diags))
    for chapter, text in zip(chapters, numbered_texts, strict=True):
        result.chapters.append(_resolve(chapter, text, result, diags))
    diags.raise_if_errors()
    return result


def _front_part(chapter: RenderedChapter, numbering: _Numbering, result: CrossrefResult, diags: Diagnostics) -> str:
    """A front-matter text: its level-1 heading is the part's title (unnumbered); the rest as written."""
    out = []
    seen_h1 = False
    in_fence = False
    h1 = numbering.heading_format(1)
    for line in chapter.text.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        if heading and not line.startswith("#!"):
            hashes, title, attrs = heading.groups()
            ident, classes = _parse_attrs(attrs or "")
            if len(hashes) == 1:
                if seen_h1:
                    diags.error(_("a front-matter text has one level-1 heading; this is a second one"), chapter.path,
                                source_line(chapter.source, line), hint=_("use '##' for its sections"))
                seen_h1 = True
                title = apply_case(title, h1.case if h1 else "upper")
                ident = ident or front_ident(chapter.part)
                classes = ["unnumbered", "front"] + [c for c in classes if c not in ("unnumbered", "front")]
                kind = "front"
                result.parts[chapter.part] = (title, ident)
            else:
                ident = ident or f"{chapter.part}-{len(out)}"
                classes = ["unnumbered"] + [c for c in classes if c != "unnumbered"]
                kind = "section"
            _add_target(result, Target(ident, kind, "", title, title, chapter.path), chapter, diags)
            out.append(f"{hashes} {title} {{#{ident}{''.join(f' .{c}' for c in classes)}}}")
            continue
        out.append(line)
    if not seen_h1:
        diags.error(_("the front-matter text has no level-1 heading"), chapter.path, 1,
                    hint=_("start the file with its title, e.g. '# Abstrak'"))
    return "\n".join(out)


def _number_chapter(index: int, chapter: RenderedChapter, numbering: _Numbering, result: CrossrefResult,
                    diags: Diagnostics) -> str:
    lab = numbering.lab
    counters = [index, 0, 0, 0, 0, 0]
    tables = figures = 0
    seen_h1 = False
    in_fence = False
    pending_source: list[str] = []  # a caption above its table: the source goes below the table
    in_table = False
    out: list[str] = []
    for line in chapter.text.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        if pending_source and not in_fence:
            if TABLE_ROW.match(line):
                in_table = True
            elif in_table and not line.strip():
                out.extend(pending_source)
                pending_source, in_table = [], False
        if in_fence:
            out.append(line)
            continue
        heading = HEADING.match(line)
        if heading and not line.startswith("#!"):
            hashes, title, attrs = heading.groups()
            level = len(hashes)
            ident, classes = _parse_attrs(attrs or "")
            fmt = numbering.heading_format(level)
            case = fmt.case if fmt is not None and fmt.get("case") else "as_written"
            shown_title = apply_case(title, case)
            if level == 1:
                if seen_h1:
                    diags.error(_("a chapter has one level-1 heading; this is a second one"), chapter.path,
                                source_line(chapter.source, line), hint=_("use '##' for sections within the chapter"))
                seen_h1 = True
                pattern = fmt.numbering if fmt is not None and fmt.get("numbering") is not None else "BAB {1:I}"
                label = format_number(pattern, [index], numbering.language)
                text = f"{label} {shown_title}" if label else shown_title
                ident = ident or f"bab-{index}"
                word = lab["chapter"]
                ref_text = (word.capitalize() + label[len(word):] if label.startswith(word)
                            else f"{word.capitalize()} {label or roman(index)}")
                number, kind = label, "chapter"
                classes = ["chapter"] + [c for c in classes if c != "chapter"]
                attrs_text = f"#{ident}" + "".join(f" .{c}" for c in classes) + (f' label="{label}"' if label else "")
                _add_target(result, Target(ident, kind, number, ref_text, title, chapter.path), chapter, diags)
                result.headings.append((level, text, ident))
                out.append(f"{hashes} {text} {{{attrs_text}}}")
                continue
            if "unnumbered" in classes:
                text, ref_text, kind, number = shown_title, shown_title, "section", ""
                ident = ident or f"sec-{index}-u{len(result.headings)}"
            else:
                counters[level - 1] += 1
                for deeper in range(level, len(counters)):
                    counters[deeper] = 0
                pattern = (fmt.numbering if fmt is not None and fmt.get("numbering") is not None
                           else ".".join(f"{{{n}}}" for n in range(1, level + 1)))
                number = format_number(pattern, counters[:level], numbering.language)
                text = f"{number} {shown_title}" if number else shown_title
                ident = ident or "sec-" + "-".join(str(c) for c in counters[:level])
                ref_text = f"{lab['section']} {number.rstrip('.')}" if number else shown_title
                kind = "section"
            _add_target(result, Target(ident, kind, number, ref_text, title, chapter.path), chapter, diags)
            result.headings.append((level, text, ident))
            extra = "".join(f" .{c}" for c in classes)
            out.append(f"{hashes} {text} {{#{ident}{extra}}}")
            continue
        caption = TABLE_CAPTION.match(line)
        if caption:
            tables += 1
            number = f"{index}.{tables}"
            text, label = caption.groups()
            label_text = f"{numbering.word('table')} {number}"
            _add_target(result, Target(label, "table", number, label_text, text, chapter.path), chapter, diags)
            out.append(f": {numbering.caption(label_text, text)} {{#{label}}}")
            # below the table: right here when the caption follows it, else once the table has ended
            previous = next((x for x in reversed(out[:-1]) if x.strip()), "")
            if TABLE_ROW.match(previous):
                out.extend(numbering.source_block(label))
            else:
                pending_source, in_table = numbering.source_block(label), False
            continue
        figure = FIGURE.match(line)
        if figure:
            figures += 1
            number = f"{index}.{figures}"
            alt, src, label, rest = figure.groups()
            label_text = f"{numbering.word('figure')} {number}"
            _add_target(result, Target(label, "figure", number, label_text, alt, chapter.path), chapter, diags)
            out.append(f"![{numbering.caption(label_text, alt)}]({src}){{#{label}{rest}}}")
            out.extend(numbering.source_block(label))
            continue
        out.append(line)
    if pending_source:
        out.extend(pending_source)
    if not seen_h1:
        diags.error(_("the chapter has no level-1 heading"), chapter.path, 1,
                    hint=_("start the file with '# Chapter title {#sec:label}'"))
    return "\n".join(out)


def _resolve(chapter: RenderedChapter, text: str, result: CrossrefResult, diags: Diagnostics) -> str:
    def replace(match: re.Match) -> str:
        label = match.group(1)
        target = result.targets.get(label)
        if target is None:
            known = sorted(k for k in result.targets if k.split(":")[0] == label.split(":")[0])
            hint = (did_you_mean(label, known, prefix="@") + _("known labels: {labels}", labels=", ".join(known))
                    if known else _("define the label, e.g. {{#{label}}} on a heading, table caption or figure",
                                    label=label))
            diags.error(_("unresolved reference @{label}", label=label), chapter.path, _reference_line(chapter, label),
                        hint=hint)
            return match.group(0)
        return f"[{target.text}](#{target.label})"

    lines = []
    in_fence = False
    for line in text.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        lines.append(line if in_fence else REFERENCE.sub(replace, line))
    return "\n".join(lines)


def _add_target(result: CrossrefResult, target: Target, chapter: RenderedChapter, diags: Diagnostics) -> None:
    previous = result.targets.get(target.label)
    if previous is not None:
        diags.error(_("label '{label}' is defined twice (also in {path})", label=target.label, path=previous.chapter),
                    chapter.path, _definition_line(chapter, target.label, previous.chapter == chapter.path),
                    hint=_("give each label a unique name"))
        return
    result.targets[target.label] = target


def _parse_attrs(attrs: str) -> tuple[str | None, list[str]]:
    ident = None
    classes = []
    for part in attrs.split():
        if part.startswith("#"):
            ident = part[1:]
        elif part.startswith("."):
            classes.append(part[1:])
    return ident, classes


def _definition_line(chapter: RenderedChapter, label: str, second: bool) -> int | None:
    """The line where *label* is defined ({#label}, or a table("id") call); the second definition if asked."""
    ident = label.split(":", 1)[-1]
    pattern = re.compile(r"\{#" + re.escape(label) + r"[\s}]|table\(\s*[\"']" + re.escape(ident) + r"[\"']")
    found = [n for n, line in enumerate(chapter.source.split("\n"), start=1) if pattern.search(line)]
    if not found:
        return None
    return found[1] if second and len(found) > 1 else found[0]


def _reference_line(chapter: RenderedChapter, label: str) -> int | None:
    """The source line of a reference @label (not an escaped one, not a longer label)."""
    pattern = re.compile(r"(?<![\\\w])@" + re.escape(label) + r"(?![\w:-]*\w)")
    for number, line in enumerate(chapter.source.split("\n"), start=1):
        if pattern.search(line):
            return number
    return None

