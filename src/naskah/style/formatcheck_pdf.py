"""The format check of a PDF: what is printed on each page, measured against the house style.

A PDF is what the print shop and the faculty's reviewer see, so every check here is made on the
pages as printed (read by :mod:`naskah.style.pdfpages`): the paper, the type area the text keeps to
(the margins, measured where the lines of body text begin and end), the fonts and the size and line
distance of body text, the page numbers printed in the header or footer (none on the title page,
lower-case roman in the front matter, arabic from 1 at BAB I, at the position the style gives each
kind of page), every chapter at the top of a new page, and captions above tables and below figures
with their "Sumber: …" line. Line spacing is counted as Word counts it: "2" means two single lines
of the font (1.15 em each for Times New Roman), the convention the guidelines are written in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from naskah.core.errors import InputError
from naskah.core.messages import _
from naskah.style.formatcheck import (
    MARGIN_TOLERANCE,
    NUMERALS,
    POSITIONS,
    SINGLE_LINE,
    SIZE_TOLERANCE,
    SPACING_TOLERANCE,
    Deviation,
    caption_misplaced,
    caption_position,
    cm,
    differs,
    font_label,
    from_roman,
    margin,
    merge_pages,
    numbering_pattern,
    page_ranges,
    pt,
    same_family,
    source_missing,
    source_wanted,
    spacing,
    to_roman,
)
from naskah.style.model import Length, Style
from naskah.style.pdfpages import Line, Page, is_bold, read_pages

ALL = ("paper", "margins", "fonts", "size", "spacing", "page-numbers", "chapters", "captions")
LAYOUT = ("page-numbers", "chapter-pages")  # what a DOCX laid out by LibreOffice adds to its own checks
_TOKEN = re.compile(r"^(\d+|[ivxlcdm]+|[IVXLCDM]+)$")
_LEADERS = re.compile(r"(\.\s?){4,}|…{2,}|\s\.\s\.")


@dataclass
class _Page:
    page: Page
    number: Line | None  # the printed page number
    content: list[Line]  # every other line, top to bottom
    blocks: list[tuple[float, float, float, float]] = field(default_factory=list)  # tables and figures
    opening: bool = False  # a chapter's (or a front-matter part's) first page
    chapters: list[Line] = field(default_factory=list)  # the chapter headings on this page

    @property
    def chapter(self) -> Line | None:
        return self.chapters[0] if self.chapters else None


class _Check:
    def __init__(self, pages: list[Page], style: Style, shown: str, language: str):
        self.style, self.shown, self.language = style, shown, language
        margins = style.page.margins
        self.left, self.right, self.top, self.bottom = (float(margins.left), float(margins.right),
                                                        float(margins.top), float(margins.bottom))
        self.size = float(style.font.size)
        self.chapter = numbering_pattern(style.heading(1).get("numbering", "") if style.heading(1) else "")
        self.pages = [self._page(p) for p in pages]
        self.body_start = next((p.page.number for p in self.pages if p.chapter is not None), None)
        # the back matter (Daftar Pustaka, Lampiran): the first opening after the body that is no chapter
        self.back_start = next((p.page.number for p in self.pages if self.body_start and p.opening
                                and p.page.number > self.body_start and p.chapter is None), None)
        self.out: list[Deviation] = []

    def deviation(self, page: int | None, found: str, wanted: str, check: str, where: str | None = None) -> None:
        self.out.append(Deviation(self.shown, where or page_ranges([page]), found, wanted, check, page))

    # --- reading a page -----------------------------------------------------------------------------

    def _page(self, page: Page) -> _Page:
        lines = list(page.lines)
        number = None
        for candidate, neighbour in ((lines[:1], lines[1:2]), (lines[-1:], lines[-2:-1])):
            if not candidate or not _TOKEN.match(candidate[0].text):
                continue
            line = candidate[0]
            outside = (line.bottom >= page.height - self.top - float(Length("3mm"))
                       or line.top <= self.bottom + float(Length("3mm")))
            apart = not neighbour or abs(neighbour[0].y - line.y) > 1.6 * max(line.size, neighbour[0].size)
            if outside and apart:
                number = line
                lines.remove(line)
                break
        result = _Page(page, number, lines, _blocks(page, lines))
        first = next(iter(lines), None)
        result.chapters = [line for line in lines if self._is_chapter(line)]
        result.opening = bool(result.chapters) and result.chapters[0] is first
        if first is not None and not result.opening:
            text = re.sub(r"[^A-Za-z]", "", first.text)
            result.opening = (len(first.text) <= 60 and text.isupper() and is_bold(first.font)
                              and abs(_mid(first) - page.width / 2 - (self.left - self.right) / 2) < 30)
        return result

    def _is_chapter(self, line: Line) -> bool:
        if self.chapter is None or not self.chapter.match(line.text) or _LEADERS.search(line.text):
            return False
        return line.starts_bold() or line.size > self.size + SIZE_TOLERANCE or self._centred(line)

    def _centred(self, line: Line, page: Page | None = None) -> bool:
        width = page.width if page else 595.0
        centre = (self.left + width - self.right) / 2
        return abs(_mid(line) - centre) < 0.6 * 28.35 or abs(_mid(line) - width / 2) < 0.6 * 28.35

    def _in_block(self, item: _Page, line: Line) -> bool:
        return any(b[1] - 2 <= line.y <= b[3] + 2 and line.x0 < b[2] and line.x1 > b[0] for b in item.blocks)

    def body_lines(self, item: _Page) -> list[Line]:
        return [ln for ln in item.content if abs(ln.size - self.size) <= 0.6 and not self._in_block(item, ln)
                and not _LEADERS.search(ln.text)]

    def in_body(self, number: int) -> bool:
        """Whether a page is in the body (from the first chapter to the Daftar Pustaka), where body text is."""
        if self.body_start is None:
            return number > 1
        return self.body_start <= number and (self.back_start is None or number < self.back_start)

    # --- the checks ------------------------------------------------------------------------------------

    def paper(self) -> None:
        width, height = (float(v) for v in self.style.paper_size)
        name = self.style.page.paper.upper()
        for item in self.pages:
            page = item.page
            size = sorted((page.width, page.height))
            if differs(size[0], min(width, height), 2.9) or differs(size[1], max(width, height), 2.9):
                self.deviation(page.number, _("paper {width} × {height} mm",
                                              width=format(page.width / 72 * 25.4, ".0f"),
                                              height=format(page.height / 72 * 25.4, ".0f")),
                               f"{name} ({width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} mm)", "paper")

    def margins(self) -> None:
        tolerance = float(MARGIN_TOLERANCE)
        tops: list[tuple[int, float]] = []
        # the left edge most body pages share: the document's real margin
        edges = [_cluster([ln.x0 for ln in lines], 1.0, minimum=3, pick=min)
                 for item in self.pages if item.page.number != 1 and len(lines := self.body_lines(item)) >= 6]
        usual_left = _cluster([e for e in edges if e is not None], 2.0, minimum=3)
        for item in self.pages:
            page = item.page
            if not item.content:
                continue
            right_edge = page.width - self.right
            measured = {}
            body = self.body_lines(item)
            if page.number != 1 and len(body) >= 6:
                left = _cluster([ln.x0 for ln in body], 1.0, minimum=3, pick=min)  # indented lines lie right of it
                # a page of list items or block quotations has no line at the margin: its text starting
                # right of the document's usual edge is an indent, not a margin (the usual edge is checked)
                indented = left is not None and usual_left is not None and left > usual_left + tolerance
                if left is not None and differs(left, self.left, tolerance) and not indented:
                    measured["left"] = left
                    self.deviation(page.number, margin("left", cm(left)), cm(self.left), "margins")
                if self.style.body.align == "justify" and left is not None and self.in_body(page.number):
                    full = [ln.x1 for ln in body if ln.x1 - left > 0.85 * (right_edge - self.left)]
                    right = _cluster(full, 2.5, minimum=5)  # most full lines end at the edge; some hang past it
                    if right is not None and differs(page.width - right, self.right, tolerance + 1.5):
                        measured["right"] = right
                        self.deviation(page.number, margin("right", cm(page.width - right)), cm(self.right),
                                       "margins")
            # text beyond the type area (where no measured margin already says so)
            stray = next((ln for ln in item.content if ln.x0 < self.left - 2 * tolerance), None)
            if stray is not None and "left" not in measured:
                self.deviation(page.number, _("text in the left margin, {distance} from the edge",
                                              distance=near(stray.x0)),
                               _("a {length} left margin", length=cm(self.left)), "margins")
            stray = next((ln for ln in item.content if ln.x1 > right_edge + 2 * tolerance), None)
            if stray is not None and "right" not in measured:
                self.deviation(page.number, _("text in the right margin, {distance} from the edge",
                                              distance=near(page.width - stray.x1)),
                               _("a {length} right margin", length=cm(self.right)), "margins")
            first, last = item.content[0], item.content[-1]
            if first.top > page.height - self.top + 2 * tolerance:
                self.deviation(page.number, _("text in the top margin, {distance} from the edge",
                                              distance=near(page.height - first.top)),
                               _("a {length} top margin", length=cm(self.top)), "margins")
            elif not item.opening and page.number != 1 and len(item.content) >= 10:
                tops.append((page.number, page.height - first.top))
            if last.bottom < self.bottom - 2 * tolerance:
                self.deviation(page.number, _("text in the bottom margin, {distance} from the edge",
                                              distance=near(last.bottom)),
                               _("a {length} bottom margin", length=cm(self.bottom)), "margins")
        # the first line sits lower than the margin by up to the extra of multiple spacing
        allowance = (max(self.style.body.line_spacing, 1) - 1) * SINGLE_LINE * self.size + float(Length("5mm"))
        usual = _cluster([t for _, t in tops], 3.0, minimum=3)
        if usual is not None and (usual > self.top + allowance or usual < self.top - tolerance):
            for number, top in tops:
                if abs(top - usual) <= 3.0:
                    self.deviation(number, margin("top", cm(usual)), cm(self.top), "margins")

    def fonts(self) -> None:
        wanted = self.style.font.family
        for item in self.pages:
            seen = set()
            lines = item.content + ([item.number] if item.number else [])
            for line in lines:
                for run in line.runs:
                    if run.text.strip() and not same_family(run.font, self.style) and run.font not in seen:
                        seen.add(run.font)
                        self.deviation(item.page.number, _("font {font}", font=font_label(run.font)), wanted, "fonts")
        embedded: dict[str, bool] = {}
        for item in self.pages:
            for name, flag in item.page.fonts.items():
                embedded[name] = embedded.get(name, True) and flag
        for name, flag in sorted(embedded.items()):
            if not flag:
                self.deviation(None, _("font {font} is not embedded (a print shop substitutes it)",
                                       font=font_label(name)),
                               _("every font embedded in the PDF"), "fonts", where=_("whole document"))

    def size_and_spacing(self, spacing_too: bool) -> None:
        wanted_gap = self.style.body.line_spacing * SINGLE_LINE * self.size
        for item in self.pages:
            if item.page.number == 1:
                continue
            plain = [ln for ln in item.content if not self._in_block(item, ln) and not ln.starts_bold()]
            if len(plain) >= 5:
                sizes = Counter()
                for line in plain:
                    sizes[round(line.size * 2) / 2] += len(line.text)
                body = sizes.most_common(1)[0][0]
                if differs(body, self.size, SIZE_TOLERANCE) and sizes[body] > 0.6 * sum(sizes.values()):
                    self.deviation(item.page.number, _("body text {size}", size=pt(body)), pt(self.size), "size")
            if not spacing_too or not self.in_body(item.page.number):
                continue  # the front matter, the Daftar Pustaka and the Lampiran have their own spacing
            body = self.body_lines(item)
            left = _cluster([ln.x0 for ln in body], 1.0, minimum=3, pick=min)
            if left is None:
                continue
            width = item.page.width - self.right - left
            gaps = [a.y - b.y for a, b in zip(body, body[1:], strict=False)
                    if abs(a.x0 - left) < 1.5 and abs(b.x0 - left) < 1.5 and a.x1 - left > 0.8 * width
                    and 0 < a.y - b.y < 4 * self.size]
            gap = _cluster(gaps, 0.8, minimum=3)
            if gap is not None and abs(gap - wanted_gap) > SPACING_TOLERANCE * wanted_gap:
                self.deviation(item.page.number,
                               _("line spacing {value} ({gap} between lines)",
                                 value=spacing(gap / (SINGLE_LINE * self.size)), gap=pt(gap)),
                               _("{value} ({gap} between lines of {size} type)",
                                 value=spacing(self.style.body.line_spacing), gap=pt(wanted_gap), size=pt(self.size)),
                               "spacing")

    def page_numbers(self) -> None:
        numbers = self.style.page_numbers
        body_start = self.body_start
        if body_start is None and self.chapter is not None:
            template = self.style.heading(1).numbering
            self.deviation(None, _("no chapter heading numbered as the style numbers them"),
                           _("chapters headed '{numbering}' (BAB I, BAB II …)", numbering=template), "chapters",
                           where=_("whole document"))
        previous: tuple[int, int] | None = None  # (page, value) of the last front-matter number
        wrong: list[tuple[int, int, int]] = []  # body pages numbered other than counted: (page, printed, wanted)
        for item in self.pages:
            number = item.page.number
            if number == 1:
                kind, wanted = _("title page"), [numbers.title_page]
            elif body_start is None or number < body_start:
                kind = _("front matter")
                wanted = [numbers.front_pages] + ([numbers.chapter_opening] if item.opening else [])
            else:
                kind = _("chapter opening") if item.opening else _("body")
                wanted = [numbers.chapter_opening if item.opening else numbers.other]
            found = self._position(item) if item.number else "none"
            if found == "none" and not item.opening and len(item.content) <= 2:
                continue  # a blank page, or the back of the title page: left unnumbered by custom
            if found not in wanted:
                if found == "none":
                    self.deviation(number, _("no page number ({kind})", kind=kind),
                                   _("one at the {position}", position=POSITIONS[wanted[0]]), "page-numbers")
                elif wanted[0] == "none":
                    self.deviation(number, _("page number '{number}' printed ({kind})", number=item.number.text,
                                             kind=kind),
                                   _("none on the title page") if number == 1 else _("none"), "page-numbers")
                else:
                    self.deviation(number, _("page number at the {position} ({kind})",
                                             position=POSITIONS.get(found, found), kind=kind),
                                   _("the {position}", position=POSITIONS[wanted[0]]), "page-numbers")
            if item.number is None or number == 1:
                continue
            line, height = item.number, item.page.height
            distance = height - line.top if line.y > height / 2 else line.bottom
            wanted_distance = float(self.style.page.number_distance)
            if differs(distance, wanted_distance, float(Length("2.5mm"))):
                self.deviation(number, _("page number {distance} from the edge", distance=near(distance)),
                               cm(wanted_distance),
                               "page-numbers")
            token = item.number.text
            if body_start is not None and number >= body_start:
                expected = number - body_start + 1
                if not token.isdigit():
                    self.deviation(number, _("page numbers in roman numerals in the body"),
                                   _("arabic numerals from 1 at the first chapter"), "page-numbers")
                elif int(token) != expected:
                    wrong.append((number, int(token), expected))
            else:
                style = numbers.front
                value = _value(token, style)
                if value is None:
                    found_numerals = _("arabic page numbers in the front matter") if token.isdigit() else \
                        _("roman page numbers in the front matter")
                    self.deviation(number, found_numerals, NUMERALS[style], "page-numbers")
                elif previous is not None and value != previous[1] + (number - previous[0]):
                    self.deviation(number, _("page number '{number}' after '{previous}' on page {page}", number=token,
                                             previous=_format(previous[1], style), page=previous[0]),
                                   _format(previous[1] + number - previous[0], style),
                                   "page-numbers")
                if value is not None:
                    previous = (number, value)
        # one line per run of pages numbered with the same offset: "pages 7–36: numbered 7–36"
        runs: list[list[tuple[int, int, int]]] = []
        for entry in wrong:
            if runs and entry[0] == runs[-1][-1][0] + 1 and entry[1] - entry[2] == runs[-1][-1][1] - runs[-1][-1][2]:
                runs[-1].append(entry)
            else:
                runs.append([entry])
        for run in runs:
            first, last = run[0], run[-1]
            printed = f"{first[1]}" + (f"–{last[1]}" if len(run) > 1 else "")
            found = _("numbered {numbers}", numbers=printed)
            wanted = f"{first[2]}" + (f"–{last[2]}" if len(run) > 1 else "")
            where = page_ranges([entry[0] for entry in run])
            self.deviation(first[0], found, _("{numbers} (the body counts from 1 at the first chapter)",
                                              numbers=wanted), "page-numbers", where=where)
        labels = [item.page.label for item in self.pages]
        if body_start is not None and any(labels) and labels[body_start - 1] not in (None, "1"):
            self.deviation(body_start, _("page label '{label}' (what a PDF viewer shows)",
                                         label=labels[body_start - 1]),
                           _("1 at the first chapter"), "page-numbers")

    def _position(self, item: _Page) -> str:
        line, page = item.number, item.page
        vertical = "top" if line.y > page.height / 2 else "bottom"
        centre = (self.left + page.width - self.right) / 2
        mid = _mid(line)
        if abs(mid - centre) < 28 or abs(mid - page.width / 2) < 28:
            return f"{vertical}_center"
        return f"{vertical}_right" if mid > centre else f"{vertical}_left"

    def chapters(self, pages_only: bool = False) -> None:
        heading = self.style.heading(1)
        if heading is None or self.chapter is None:
            return
        for item in self.pages:
            for line in item.chapters:
                self._chapter(item, line, heading, pages_only)

    def _chapter(self, item: _Page, line: Line, heading, pages_only: bool) -> None:
        number = item.page.number
        label = self.chapter.match(line.text).group(0)
        if heading.get("new_page", True) and line is not item.content[0]:
            self.deviation(number, _("{label} begins below other text", label=label), _("each chapter on a new page"),
                           "chapters")
        if pages_only:
            return
        if heading.get("align") == "center" and not self._centred(line, item.page):
            self.deviation(number, _("{label} heading not centred", label=label), _("centred"), "chapters")
        if heading.get("size") is not None and differs(line.size, float(heading.size), SIZE_TOLERANCE):
            self.deviation(number, _("{label} heading {size}", label=label, size=pt(line.size)), pt(heading.size),
                           "chapters")
        title = line.text[len(label):].strip()
        if not title and heading.get("title_on_new_line"):
            index = item.content.index(line)
            title = item.content[index + 1].text if index + 1 < len(item.content) else ""
        if heading.get("case") == "upper" and title and title != title.upper():
            self.deviation(number, _("{label} title '{title}' not in capitals", label=label, title=title),
                           _("upper case"), "chapters")

    def captions(self) -> None:
        captions = self.style.captions
        table, figure = self.style.label("table", self.language), self.style.label("figure", self.language)
        source = self.style.label("source", self.language)
        pattern = re.compile(rf"^({re.escape(table)}|{re.escape(figure)})\s+\d+(\.\d+)*\b")
        for item in self.pages:
            for line in item.content:
                match = pattern.match(line.text)
                if not match or _LEADERS.search(line.text) or self._in_block(item, line):
                    continue
                kind = "table" if match.group(1) == table else "figure"
                wanted = captions.table_position if kind == "table" else captions.figure_position
                reach = 3.2 * SINGLE_LINE * line.size
                below = [b for b in item.blocks if 0 <= line.bottom - b[3] <= reach]
                above = [b for b in item.blocks if 0 <= b[1] - line.top <= reach]
                label = match.group(0)
                number = item.page.number
                if not below and not above:
                    continue  # its table or figure is on another page: nothing to measure here
                found = "above" if below and not above else "below" if above and not below else None
                if found is not None and found != wanted:
                    self.deviation(number, caption_misplaced(label, found, kind), caption_position(wanted),
                                   "captions")
                if captions.get("source") and found == wanted:
                    block = below[0] if found == "above" else above[0]
                    after = [ln for ln in item.content if ln.top < min(block[1], line.bottom) - 1]
                    after = [ln for ln in after if not self._in_block(item, ln)]
                    nearby = [ln for ln in after[:3] if min(block[1], line.bottom) - ln.top <= 4 * SINGLE_LINE
                              * line.size]
                    ends_page = not after or block[1] <= self.bottom + 2 * self.size
                    if not ends_page and not any(ln.text.startswith(source) for ln in nearby):
                        self.deviation(number, source_missing(source, label), source_wanted(source, kind),
                                       "captions")


def check_pdf(path, style: Style, shown: str, language: str = "id", checks=ALL,
              pages: list[Page] | None = None) -> list[Deviation]:
    """Every deviation of the PDF at *path* from *style*; *checks* picks among :data:`ALL`."""
    if pages is None:
        try:
            pages = read_pages(path)
        except Exception as exc:  # pypdf's errors: a damaged or encrypted file
            raise InputError(_("not a readable PDF ({error})", error=type(exc).__name__ + ": " + str(exc)), shown,
                             hint=_("export it again from Word or the PDF printer")) from None
    check = _Check(pages, style, shown, language)
    if "paper" in checks:
        check.paper()
    if "margins" in checks:
        check.margins()
    if "fonts" in checks:
        check.fonts()
    if "size" in checks or "spacing" in checks:
        check.size_and_spacing("spacing" in checks)
    if "page-numbers" in checks:
        check.page_numbers()
    if "chapters" in checks or "chapter-pages" in checks:
        check.chapters(pages_only="chapters" not in checks)
    if "captions" in checks:
        check.captions()
    return merge_pages(check.out)


def near(length: float) -> str:
    """A distance to the paper's edge, to the millimetre a ruler shows."""
    return f"{round(Length(length).cm, 1):g} cm"


def _mid(line: Line) -> float:
    return (line.x0 + line.x1) / 2


def _value(token: str, style: str) -> int | None:
    if style == "arabic":
        return int(token) if token.isdigit() else None
    if style == "lower_roman" and token == token.lower():
        return from_roman(token)
    if style == "upper_roman" and token == token.upper():
        return from_roman(token)
    return None


def _format(value: int, style: str) -> str:
    return str(value) if style == "arabic" else to_roman(value, upper=style == "upper_roman")


def _cluster(values: list[float], window: float, minimum: int, pick=None) -> float | None:
    """The value at least *minimum* values lie within *window* of (their median), else None.

    By default the largest such group; ``pick=min`` / ``pick=max`` takes the leftmost / rightmost
    group instead (the margin is where the outermost lines begin, not where most of them do).
    """
    ordered = sorted(values)
    groups: list[list[float]] = []
    start = 0
    for end in range(len(ordered)):
        while ordered[end] - ordered[start] > 2 * window:
            start += 1
        if end - start + 1 >= minimum:
            group = ordered[start:end + 1]
            if groups and group[0] <= groups[-1][-1]:
                if len(group) > len(groups[-1]):
                    groups[-1] = group  # overlapping windows: keep the fuller
            else:
                groups.append(group)
    if not groups:
        return None
    if pick is min:
        chosen = groups[0]
    elif pick is max:
        chosen = groups[-1]
    else:
        chosen = max(groups, key=len)
    return chosen[len(chosen) // 2]


def _blocks(page: Page, lines: list[Line]) -> list[tuple[float, float, float, float]]:
    """Drawn boxes (rules, images, vector figures) merged into the tables and figures they make up."""
    width = page.width
    boxes = []
    for box in page.boxes:
        x0, y0, x1, y1 = box
        if x1 - x0 < 1 and y1 - y0 < 1:
            continue
        if x0 <= 1 and y0 <= 1 and x1 >= width - 1:
            continue  # a page background
        thin = y1 - y0 < 2
        if thin and x1 - x0 < 0.4 * width and any(ln.bottom - 3 <= y0 <= ln.y + 1 and ln.x0 - 2 <= x0 <= ln.x1
                                                  for ln in lines):
            continue  # an underline of a run of text
        boxes.append(list(box))
    merged: list[list[float]] = []
    for box in sorted(boxes, key=lambda b: -b[3]):
        for block in merged:
            if box[3] >= block[1] - 6 and box[1] <= block[3] + 6 and box[0] <= block[2] + 6 and box[2] >= block[0] - 6:
                block[0], block[1] = min(block[0], box[0]), min(block[1], box[1])
                block[2], block[3] = max(block[2], box[2]), max(block[3], box[3])
                break
        else:
            merged.append(box)
    return [tuple(b) for b in merged]
