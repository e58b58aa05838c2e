"""Numbering and cross-references, per chapter, the way Indonesian theses do it.

Chapter headings become "BAB IV HASIL …", sections "4.1", tables "Tabel 4.1"
(caption above, numbered within the chapter), figures "Gambar 4.1" (caption
below); ``@tbl:label``, ``@fig:label`` and ``@sec:label`` become links reading
"Tabel 4.1", "Gambar 4.1", "Bab IV" or "Subbab 4.1" in every output format.
We do it here, before pandoc, because the numbers must be the same in HTML,
DOCX and PDF and an unresolved label must be reported at its ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from naskah.core.errors import Diagnostics
from naskah.core.i18n import labels, roman
from naskah.writing.chapters import RenderedChapter
from naskah.writing.quotes import source_line

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{([^{}]*)\})?\s*$")
TABLE_CAPTION = re.compile(r"^(?:Table)?:\s+(.*?)\s*\{#(tbl:[^\s{}]+)\s*\}\s*$")
FIGURE = re.compile(r"^!\[(.*)\]\((.*?)\)\{#(fig:[^\s{}]+)([^{}]*)\}\s*$")
REFERENCE = re.compile(r"(?<![\\\w])@((?:tbl|fig|sec):[\w.:-]*\w)")
FENCE = re.compile(r"^(```|~~~)")


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
    chapters: list[str]
    targets: dict[str, Target] = field(default_factory=dict)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, id)

    def of_kind(self, kind: str) -> list[Target]:
        return [t for t in self.targets.values() if t.kind == kind]


def number_document(chapters: list[RenderedChapter], language: str) -> CrossrefResult:
    """Number headings, tables and figures of every chapter and resolve every reference."""
    lab = labels(language)
    diags = Diagnostics()
    result = CrossrefResult([])
    numbered_texts = []
    for index, chapter in enumerate(chapters, start=1):
        numbered_texts.append(_number_chapter(index, chapter, lab, result, diags))
    for chapter, text in zip(chapters, numbered_texts, strict=True):
        result.chapters.append(_resolve(chapter, text, result, diags))
    diags.raise_if_errors()
    return result


def _number_chapter(index: int, chapter: RenderedChapter, lab: dict, result: CrossrefResult,
                    diags: Diagnostics) -> str:
    counters = [0, 0, 0, 0, 0, 0]
    tables = figures = 0
    seen_h1 = False
    in_fence = False
    out = []
    for line in chapter.text.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            out.append(line)
            continue
        heading = HEADING.match(line)
        if heading and not line.startswith("#!"):
            hashes, title, attrs = heading.groups()
            level = len(hashes)
            ident, classes = _parse_attrs(attrs or "")
            if level == 1:
                if seen_h1:
                    diags.error("a chapter has one level-1 heading; this is a second one", chapter.path,
                                source_line(chapter.source, line), hint="use '##' for sections within the chapter")
                seen_h1 = True
                number = roman(index)
                text = f"{lab['chapter']} {number} {title.upper()}"
                ident = ident or f"bab-{index}"
                ref_text = f"{lab['chapter'].capitalize()} {number}"
                kind = "chapter"
            elif "unnumbered" in classes:
                text, ref_text, kind, number = title, title, "section", ""
                ident = ident or f"sec-{index}-u{len(result.headings)}"
            else:
                counters[level - 1] += 1
                for deeper in range(level, len(counters)):
                    counters[deeper] = 0
                number = ".".join([str(index)] + [str(c) for c in counters[1:level]])
                text = f"{number} {title}"
                ident = ident or f"sec-{number.replace('.', '-')}"
                ref_text = f"{lab['section']} {number}"
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
            _add_target(result, Target(label, "table", number, f"{lab['table']} {number}", text, chapter.path),
                        chapter, diags)
            out.append(f": {lab['table']} {number} {text} {{#{label}}}")
            continue
        figure = FIGURE.match(line)
        if figure:
            figures += 1
            number = f"{index}.{figures}"
            alt, src, label, rest = figure.groups()
            _add_target(result, Target(label, "figure", number, f"{lab['figure']} {number}", alt, chapter.path),
                        chapter, diags)
            out.append(f"![{lab['figure']} {number} {alt}]({src}){{#{label}{rest}}}")
            continue
        out.append(line)
    if not seen_h1:
        diags.error("the chapter has no level-1 heading", chapter.path, 1,
                    hint="start the file with '# Chapter title {#sec:label}'")
    return "\n".join(out)


def _resolve(chapter: RenderedChapter, text: str, result: CrossrefResult, diags: Diagnostics) -> str:
    def replace(match: re.Match) -> str:
        label = match.group(1)
        target = result.targets.get(label)
        if target is None:
            known = sorted(k for k in result.targets if k.split(":")[0] == label.split(":")[0])
            diags.error(f"unresolved reference @{label}", chapter.path, _reference_line(chapter, label),
                        hint=("known labels: " + ", ".join(known)) if known else
                        "define the label, e.g. {#" + label + "} on a heading, table caption or figure")
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
        diags.error(f"label '{target.label}' is defined twice (also in {previous.chapter})", chapter.path,
                    _definition_line(chapter, target.label, previous.chapter == chapter.path),
                    hint="give each label a unique name")
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

