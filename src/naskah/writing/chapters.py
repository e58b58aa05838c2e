"""Chapter templates: pandoc Markdown filled by Jinja2 from the analysis.

Chapters never type a number that comes from the data: they bind to facts
(``{{ stage.kontak.informants }}``), insert generated tables
(``{{ table("stage-coverage") }}``) and quote transcripts by reference
(``{{ quote("I03", 12) }}``). Undefined names are errors (StrictUndefined),
reported at the chapter's ``file:line`` in the names the chapter wrote, with the
nearest valid name ("did you mean 'transcripts'?"). The helper filters that say
ordinary sentences (``| sebaran``, ``| daftar`` …) are in ``naskah.writing.helpers``.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from naskah.analysis.agreement import TABLE_ID as RELIABILITY
from naskah.analysis.agreement import decimal, no_second_coder
from naskah.core.errors import Diagnostics, InputError, NaskahError
from naskah.core.files import read_text
from naskah.core.i18n import caption, labels, percent
from naskah.core.layout import FIGURE_IDS
from naskah.core.markdown import FENCE, block_quote, escape, pipe_table
from naskah.core.messages import _
from naskah.core.suggest import did_you_mean, one_of
from naskah.core.table import ResultTable
from naskah.core.yamlsrc import line_of, load_yaml
from naskah.data.codebook import Codebook
from naskah.data.config import Config
from naskah.data.transcripts import INTERVIEWER, Corpus, quote_source
from naskah.writing import quotes
from naskah.writing.bindings import (
    Bound,
    BoundFloat,
    BoundText,
    DataText,
    FactsView,
    Recorder,
    _dotted,
    stage_index,
)
from naskah.writing.frontmatter import TEXT_PARTS, front_part_of


@dataclass
class RenderedChapter:
    path: str  # as shown to the user
    source: str  # the template text
    text: str  # Markdown after Jinja
    tables: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    part: str | None = None  # a front-matter part ("abstract", "preface" …) rather than a numbered chapter


class ChapterContext:
    """The names a chapter template can use, and a record of what it used."""

    def __init__(self, config: Config, codebook: Codebook, corpus: Corpus, facts: dict,
                 tables: dict[str, ResultTable]):
        self.config = config
        self.codebook = codebook
        self.corpus = corpus
        self.facts = facts
        self.tables = tables
        self._stage_turns = None
        self.used_tables: list[str] = []
        self.used_quotes: list[str] = []
        self.verified_quotes: list[str] = []
        self.numbers = Recorder()
        self.warnings = Diagnostics()

    @property
    def stage_turns(self):
        """Stage id → its coded turns (naskah.analysis.exemplars), gathered when a chapter first quotes one."""
        if self._stage_turns is None:
            from naskah.analysis.exemplars import stage_turns

            self._stage_turns = stage_turns(self.corpus, self.codebook)
        return self._stage_turns

    def variables(self) -> dict:
        sources = self.facts.get("sources", {})
        return {
            "thesis": self.config.thesis,
            "informants": FactsView(self.facts["informants"], ("informants",), sources),
            "corpus": FactsView(self.facts["corpus"], ("corpus",), sources),
            "stages": FactsView(self.facts["stages"], ("stages",), sources),
            "stage": stage_index(self.facts, sources),
            # inter-coder reliability: only with a second coder; `{% if agreement %}` tests for one
            "agreement": (FactsView(self.facts["agreement"], ("agreement",), sources) if "agreement" in self.facts
                          else Unavailable("agreement", *no_second_coder())),
            "table": self.table,
            "figure": self.figure,
            "exemplar_quotes": self.exemplar_quotes,
            "quote": self.quote,
        }

    def table(self, table_id: str) -> str:
        if table_id == RELIABILITY and table_id not in self.tables and "agreement" not in self.facts:
            reason, hint = no_second_coder()
            raise InputError(_("there is no table '{table}': {reason}", table=table_id, reason=reason), hint=hint)
        if table_id not in self.tables:
            raise InputError(_("unknown table '{table}'", table=table_id),
                             hint=did_you_mean(table_id, self.tables)
                             + _("use one of: {names}", names=", ".join(sorted(self.tables))))
        table = self.tables[table_id]
        self.used_tables.append(table_id)
        return pipe_table(table.frame, table.caption, table.label, table.numeric)

    def figure(self, figure_id: str) -> str:
        """A figure drawn by the analysis, with its caption below and the label fig:<id>."""
        if figure_id not in FIGURE_IDS:
            raise InputError(_("unknown figure '{figure}'", figure=figure_id),
                             hint=did_you_mean(figure_id, FIGURE_IDS)
                             + _("use one of: {names}", names=", ".join(FIGURE_IDS)))
        text = caption(f"figure:{figure_id}", self.config.language, self.codebook.levels,
                       self.config.tables.get("captions", {}))
        return f"![{text}](results/figures/{figure_id}.svg){{#fig:{figure_id}}}"

    def exemplar_quotes(self, stage_id: str, n: int | None = None) -> str:
        if stage_id not in self.codebook.stage_ids:
            raise InputError(_("unknown stage '{stage}'", stage=stage_id),
                             hint=did_you_mean(stage_id, self.codebook.stage_ids)
                             + _("use a stage id from the codebook: {ids}", ids=", ".join(self.codebook.stage_ids)))
        n = self.config.tables.exemplar_quotes_per_stage if n is None else n  # an explicit 0 is 0
        from naskah.analysis.exemplars import exemplar_quotes

        turns = exemplar_quotes(self.corpus, self.stage_turns.get(stage_id, []), n)
        return "\n\n".join(self._quote_block(turn) for turn in turns)

    def quote(self, informant: str, turn: int, last: int | None = None, excerpt: str | None = None) -> str:
        """Quote a turn (or turns ``turn..last``) verbatim from the transcript.

        With *excerpt*, only those words are shown (``…`` stands for omitted
        words); they must occur in the turn, in order.
        """
        if informant not in self.corpus.files:
            raise InputError(_("quote of unknown informant '{informant}'", informant=informant),
                             hint=did_you_mean(informant, self.corpus.files)
                             + _("use an informant id from {path}", path=self.corpus.informants_path))
        numbers = range(int(turn), int(last if last is not None else turn) + 1)
        picked = []
        for number in numbers:
            found = self.corpus.turn(informant, number)
            if found is None:
                raise InputError(_("{informant} has no turn {turn}", informant=informant, turn=number),
                                 hint=_("check the turn number in {path}", path=self.corpus.files[informant]))
            if found.speaker != INTERVIEWER:
                picked.append(found)
        if not picked:
            raise InputError(_("{informant} turn {turn} is the interviewer's, not a quotation of the informant",
                               informant=informant, turn=turn),
                             hint=_("quote a turn whose speaker is the informant"))
        text = " … ".join(t.text for t in picked)
        if excerpt is not None:
            if not quotes.matches(excerpt, text):
                raise InputError(_("the excerpt does not occur in {informant} turn {turn}", informant=informant,
                                   turn=turn),
                                 hint=_("copy the words from the transcript; write … for omitted words"))
            text = quotes.normalise(excerpt)
        self.used_quotes.extend(t.ref for t in picked)
        source = quote_source(picked[0], self.config.language)
        if len(picked) > 1:
            source += f"–{picked[-1].turn}"
        return block_quote(text, source, self._anchor(picked[0].ref))

    def _quote_block(self, turn) -> str:
        self.used_quotes.append(turn.ref)
        return block_quote(turn.text, quote_source(turn, self.config.language), self._anchor(turn.ref))

    def _anchor(self, ref: str) -> str | None:
        """Quotes link to their entry in the provenance Lampiran, when the draft has one."""
        return quotes.quote_anchor(ref) if self.config.render_switch("provenance_appendix") else None


class _Undefined(jinja2.StrictUndefined):
    """A missing name or attribute, worded for the chapter's author ("stage has no 'awl' (it has: awal, akhir)"),
    never with naskah's own class names ("'naskah.writing.bindings.FactsView object' has no attribute")."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        """"<what> has no '<name>' — did you mean …? it has: …" (the part after " — " becomes the hint)."""
        view, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint:
            return super()._undefined_message
        if isinstance(view, FactsView):
            data = view._data
            names = (sorted(str(key) for key in data) if isinstance(data, dict) else  # as facts.json has them
                     [str(item.get("id", item.get("name"))) for item in data if isinstance(item, dict)])
            has = _("it has: {names}", names=one_of(names)) if names else _("it is empty")
            return (_("{value} has no {name!r}", value=_dotted(view._path) or _("this value"), name=name)
                    + " — " + did_you_mean(str(name), names) + has)
        if isinstance(view, (Bound, BoundFloat, BoundText)):
            return (_("{expr} is a number ({value}), it has no {name!r}", expr=view.expr, value=str(view), name=name)
                    + " — " + _("write {expr} alone, or name the value you want (see the README's table of names)",
                                expr=view.expr))
        if isinstance(view, (DataText, str)):
            return (_("{text!r} is a text, it has no {name!r}", text=str(view)[:40], name=name)
                    + " — " + _("print it as it is, or name another value"))
        return super()._undefined_message


def environment(config: Config, chapters_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(chapters_dir)),
        undefined=_Undefined,
        keep_trailing_newline=True,
        # pandoc writes attributes as {#sec:label}; Jinja's default comment tag "{#" would swallow them
        comment_start_string="{##",
        comment_end_string="##}",
        autoescape=False,  # the output is Markdown; data is escaped where it enters (markdown.escape)
    )
    # the helper filters (| sebaran, | daftar …) are added by render_chapters: they need the facts
    env.filters["pct"] = lambda value, digits=1: _pct(value, config.language, digits)
    env.filters["dec"] = lambda value, digits=3: _dec(value, config.language, digits)
    return env


def _pct(value, language: str, digits: int):
    text = percent(float(value), language, digits)
    if isinstance(value, (Bound, BoundFloat)):
        return BoundText(text, f"({value.expr}) | pct", value.refs, value.cell)
    return text


def _dec(value, language: str, digits: int):
    """``{{ agreement.overall.alpha | dec }}``: "0,812" in the thesis's decimal mark; "–" when undefined."""
    text = decimal(None if value is None else float(value), language, digits)
    if isinstance(value, (Bound, BoundFloat)):
        return BoundText(text, f"({value.expr}) | dec", value.refs, value.cell)
    return text


class Unavailable:
    """A name a chapter may use only when the data has it (``agreement`` needs a second coder): false in
    ``{% if %}``, and any use of it reports why, at the chapter's line."""

    def __init__(self, name: str, reason: str, hint: str):
        self._name, self._reason, self._hint = name, reason, hint

    def __bool__(self) -> bool:
        return False

    def _fail(self, *_args):
        raise InputError(_("'{name}' is not available: {reason}", name=self._name, reason=self._reason),
                         hint=self._hint)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        self._fail()

    __getitem__ = __iter__ = __str__ = _fail


def render_chapters(config: Config, context: ChapterContext) -> list[RenderedChapter]:
    """Render every chapter; all template errors of all chapters are reported together."""
    chapters_dir = config.input_path("chapters")
    env = environment(config, chapters_dir)
    env.finalize = context.numbers.finalize  # every printed number is recorded and marked
    diags = Diagnostics()
    variables = context.variables()
    variables["per_stage"] = lambda name, level=3: per_stage(config, context, env, variables, name, level)
    from naskah.writing.helpers import Helpers

    env.filters.update(Helpers(config.language, variables["informants"], variables["stages"]).filters())
    rendered = []
    files = config.chapter_files
    if not config.body_files:
        diags.error(_("no chapters found (expected NN-name.md files)"), config.shown(chapters_dir),
                    hint=_("add pandoc Markdown chapters such as 01-pendahuluan.md"))
    index = 0
    for path in files:
        part = front_part_of(path)
        if part in TEXT_PARTS and part not in config.style.front_matter:
            continue  # the house style leaves this part out (e.g. no kata pengantar)
        index += part is None  # front-matter texts are not numbered chapters
        shown = config.shown(path)
        try:
            source = read_text(path, "chapter", shown)
        except NaskahError as exc:
            diags.absorb(exc)
            continue
        before_tables, before_quotes = len(context.used_tables), len(context.used_quotes)
        context.numbers.chapter = shown
        try:
            template = env.get_template(path.name)
            text = template.render(variables)
        except jinja2.TemplateSyntaxError as exc:
            message, hint = syntax_problem(exc, env)
            diags.error(message, shown, exc.lineno, hint=hint)
            continue
        except jinja2.UndefinedError as exc:
            message, hint = undefined_problem(exc, variables)
            diags.error(message, shown, _template_line(exc, path), hint=hint)
            continue
        except NaskahError as exc:
            for d in exc.diagnostics:
                line = d.line if d.path else _template_line(exc, path)
                diags.error(d.message, d.path or shown, line, hint=d.hint)
            continue
        except (TypeError, ValueError, ArithmeticError, jinja2.TemplateError) as exc:
            diags.error(_("template error: {error}", error=exc), shown, _template_line(exc, path),
                        hint=_("check the expression on this line"))
            continue
        text, verified = quotes.check_and_render(text, source, shown, context.corpus,
                                                 labels(config.language)["turn"], diags,
                                                 link=config.render_switch("provenance_appendix"))
        context.verified_quotes.extend(verified)
        missing_images(source, shown, config.root, diags)
        if part is None and index in config.privacy.results_chapters:
            quotes.unreferenced_block_quotes(text, source, shown, context.warnings)
        rendered.append(RenderedChapter(shown, source, text, context.used_tables[before_tables:],
                                        context.used_quotes[before_quotes:] + verified, part))
    diags.raise_if_errors()
    return rendered


# an image a chapter names itself (not one a helper draws): ![caption](path) or ![caption](<path>)
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def missing_images(source: str, shown: str, root: Path, diags) -> None:
    """Every image a chapter names by its path must be there, from the project folder: otherwise the PDF's
    render stops on it long after (typst: file not found, without the chapter's line) and the HTML has a hole."""
    in_fence = False
    for number, line in enumerate(source.split("\n"), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        for match in IMAGE.finditer(line):
            target = match.group(1)
            if "{{" in target or re.match(r"[A-Za-z][\w+.-]*:", target) or (root / target).is_file():
                continue  # a template expression, a URL (http:, data:), or the file is there
            diags.error(_("image '{path}' not found", path=target), shown, number,
                        hint=_("put the image at {path} (from the project folder) or correct the path",
                               path=target))


def per_stage(config: Config, context: ChapterContext, env: jinja2.Environment, variables: dict,
              name: str, level: int = 3) -> str:
    """One subsection per stage, in codebook order and with codebook labels, from ``chapters/<name>.yaml``.

    The stage order and names come from the model, so a chapter cannot number
    or name the stages differently from the codebook it analyses.
    """
    path = config.input_path("chapters") / f"{name}.yaml"
    shown = config.shown(path)
    if not path.is_file():  # no path: reported at the chapter line that calls per_stage
        raise InputError(_('per_stage("{name}") needs {path}, which does not exist', name=name, path=shown),
                         hint=_("create it with one 'stage_id: |' text per stage, or correct the name"))
    data, lines = load_yaml(path, shown)
    stage_ids = context.codebook.stage_ids
    diags = Diagnostics()
    if not isinstance(data, dict):
        raise InputError(_("expected a mapping from stage id to text"), shown, 1,
                         hint=_("write one 'stage_id: |' block per stage"))
    for key in data:
        if key not in stage_ids:
            diags.error(_("'{key}' is not a stage of the codebook", key=key), shown, line_of(lines, (key,)),
                        hint=did_you_mean(str(key), stage_ids)
                        + _("use the stage ids: {ids}", ids=", ".join(stage_ids)))
    for stage_id in stage_ids:
        if stage_id not in data:
            diags.error(_("no text for stage '{stage}'", stage=stage_id), shown, 1,
                        hint=_("add a '{stage}: |' block", stage=stage_id))
    diags.raise_if_errors()
    parts = []
    for stage in context.codebook.stages:
        source = str(data[stage.id] or "")
        try:
            body = env.from_string(source).render(variables)
        except jinja2.UndefinedError as exc:
            message, hint = undefined_problem(exc, variables)
            raise InputError(message, shown, line_of(lines, (stage.id,)), hint=hint) from None
        except jinja2.TemplateError as exc:
            raise InputError(_("template error: {error}", error=exc), shown, line_of(lines, (stage.id,))) from None
        parts.append(f"{'#' * level} {escape(stage.label)}\n\n{body.strip()}\n")
    return "\n".join(parts)


UNDEFINED_NAME = re.compile(r"^'(\w+)' is undefined$")
NO_FILTER = re.compile(r"^No filter named '(\w+)'")


def undefined_problem(exc: jinja2.UndefinedError, variables: dict) -> tuple[str, str]:
    """An undefined name or attribute as the chapter wrote it, with the nearest valid name."""
    message = exc.message or _("undefined name")
    name = UNDEFINED_NAME.match(message)
    if name:
        names = sorted(variables)
        return (_("undefined template variable: there is no name '{name}'", name=name.group(1)),
                did_you_mean(name.group(1), names) + _("the names are: {names}", names=", ".join(names)))
    if " — " in message:
        text, hint = message.split(" — ", 1)
        return _("undefined template variable: {problem}", problem=text), hint
    return (_("undefined template variable: {problem}", problem=message),
            _("use a name listed in the README (e.g. stage.<id>.informants) or fix the spelling"))


def syntax_problem(exc: jinja2.TemplateSyntaxError, env: jinja2.Environment) -> tuple[str, str]:
    """A template syntax error; an unknown filter with the nearest filter name."""
    unknown = NO_FILTER.match(exc.message or "")
    if unknown:
        filters = sorted(name for name in env.filters if not name.startswith("_"))
        return (_("unknown filter '| {name}'", name=unknown.group(1)),
                did_you_mean(unknown.group(1), filters) + _("naskah's filters are pct, dec, sebaran/spread, "
                                                            "daftar/listed, terbanyak/most, tersedikit/fewest, "
                                                            "per_kelompok/per_group (and Jinja's own)"))
    return (_("template syntax error: {problem}", problem=exc.message),
            _("check the {{ }} and {% %} tags on this line"))


def _template_line(exc: BaseException, path: Path) -> int | None:
    """The chapter line at which a template raised, from Jinja's rewritten traceback."""
    line = None
    target = str(path.resolve())
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename and Path(filename).resolve().as_posix() == Path(target).as_posix():
            line = lineno
    return line
