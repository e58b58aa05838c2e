"""Filters that say a thesis's ordinary sentences, so that a chapter needs no programming.

Without them a chapter spells out ``{% if stage.kontak.informants == informants.total %}seluruh
informan{% else %}… dari … informan (…){% endif %}`` for every stage and builds "a, b, dan c" lists
with loops; with them it writes ``{{ stage.kontak | sebaran }}`` and ``{{ items | daftar }}``. Each
filter has an Indonesian name and an English twin (``sebaran``/``spread``, ``daftar``/``listed``,
``terbanyak``/``most``, ``tersedikit``/``fewest``, ``per_kelompok``/``per_group``, ``kata``/``noun``); either name
works in any thesis, and the words come out in the thesis language.

Every number in a helper's words stays a bound number (``naskah.writing.bindings``): the result is
a :class:`~naskah.writing.bindings.Phrase` whose numbers are recorded, traced and annotated one by
one when the chapter prints it, as if the chapter had printed them itself. A claim with no number
in it ("seluruh informan") is recorded too, with the numbers it rests on.
"""

from __future__ import annotations

import re

from naskah.core.errors import InputError
from naskah.core.i18n import mid_sentence, percent
from naskah.core.messages import _
from naskah.core.suggest import noun_for
from naskah.writing.bindings import Bound, BoundFloat, BoundText, DataText, FactsView, Phrase, _dotted

WORDS = {
    "id": {"and": "dan", "of": "dari", "all": "seluruh", "both": "kedua", "only": "satu-satunya",
           "informants": "informan", "informant": "informan"},
    "en": {"and": "and", "of": "of", "all": "all", "both": "both", "only": "the only",
           "informants": "informants", "informant": "informant"},
}
PLACEHOLDER = re.compile(r"\{(\w+)(?::([^{}]+))?\}")  # {turns}, or {turns:turn}: the number and its noun


class Helpers:
    """The helper filters of one thesis: its language and the ``informants`` facts (the denominators)."""

    def __init__(self, language: str, informants: FactsView, stages: FactsView):
        self.language = language
        self.words = WORDS[language]
        self.informants = informants
        self.stages = stages

    def filters(self) -> dict:
        return {"sebaran": self.spread, "spread": self.spread, "daftar": self.listed, "listed": self.listed,
                "terbanyak": self.most, "most": self.most, "tersedikit": self.fewest, "fewest": self.fewest,
                "per_kelompok": self.per_group, "per_group": self.per_group, "kata": self.noun, "noun": self.noun,
                "lower": lower}

    # -- kata / noun ------------------------------------------------------------------------------------
    def noun(self, value, noun: str, many: str | None = None):
        """A number with its noun: "5 coded turns", "1 coded turn" (Indonesian nouns do not change:
        "5 tuturan"); *many* gives an irregular English plural."""
        if not isinstance(value, (int, float)):
            raise InputError(_("| kata needs a number, not {value}", value=_describe(value)),
                             hint=_('write e.g. {{ corpus.turns | kata("tuturan") }}'))
        return Phrase([value, " " + noun_for(int(value), noun, self.language, many)])

    # -- sebaran / spread ------------------------------------------------------------------------------
    def spread(self, value, noun: str | None = None):
        """In how many informants something occurs: "seluruh informan" or "12 dari 14 informan (85,7%)".

        *value* is a stage, a sub-code or a stage's group (``stage.x.groups["G"]``: out of that group's
        informants), or a number of informants; *noun* replaces "informan" ("pekerja seks")."""
        count, total = self._count_and_total(value, "sebaran")
        words = self.words
        noun = noun if noun is not None else words["informants"]
        expr = f"{_expr(value)} | sebaran"
        if total and count == total:
            claim = (f"{words['only']} {_singular(noun, self.language)}" if total == 1 else
                     f"{words['both']} {noun}" if total == 2 else f"{words['all']} {noun}")
            return BoundText(claim, expr, count.refs, count.cell)
        if total == 1:  # "0 of 1 employee"
            noun = _singular(noun, self.language)
        if not total:
            return Phrase([count, f" {words['of']} ", total, f" {noun}"])
        fraction = count / total  # bound: its expression and the turns it counts, as `| pct` records them
        share = BoundText(percent(float(fraction), self.language), f"({fraction.expr}) | pct", fraction.refs)
        return Phrase([count, f" {words['of']} ", total, f" {noun} (", share, ")"])

    def _count_and_total(self, value, name: str):
        if isinstance(value, FactsView) and "informants" in value:
            count = value["informants"]
            path = value._path
            if len(path) >= 2 and path[-2] == "groups" and path[0] == "stages":
                return count, self.informants["by_group"][path[-1]]
            return count, self.informants["total"]
        if isinstance(value, Bound):
            return value, self.informants["total"]
        raise InputError(_("| {name} needs a stage, a sub-code, a stage's group or a number of informants, "
                           "not {value}", name=name, value=_describe(value)),
                         hint=_("write e.g. {{{{ stage.<id> | {name} }}}} or "
                                "{{{{ stage.<id>.groups[\"…\"] | {name} }}}}", name=name))

    # -- daftar / listed -------------------------------------------------------------------------------
    def listed(self, items, conj: str | None = None, pattern: str | None = None, pola: str | None = None):
        """"a, b, dan c" ("a and b"; "a, b, and c" in English). Stages and sub-codes are listed by their
        label, groups by their name; *pattern* (or *pola*) words each item, e.g. ``"*{label}* ({turns})"``
        (``{turns:turn}`` adds the noun, in the plural where English needs it: "1 turn", "3 turns");
        *conj* replaces "dan" ("atau"). Items holding ", " are separated by "; " instead."""
        pattern = pattern or pola
        parts = [self._item(item, pattern) for item in _as_list(items, "daftar")]
        return join(parts, conj or self.words["and"], self.language)

    def _item(self, item, pattern: str | None):
        if pattern:
            out: list = []
            cursor = 0
            for match in PLACEHOLDER.finditer(pattern):
                out.append(pattern[cursor:match.start()])
                value = _attribute(item, match.group(1), pattern)
                out.append(value)
                if match.group(2):  # "{turns:turn}" → "1 turn", "3 turns" (Indonesian: the noun as written)
                    out.append(" " + noun_for(int(value), match.group(2), self.language))
                cursor = match.end()
            out.append(pattern[cursor:])
            return Phrase(out)
        if isinstance(item, FactsView):
            for key in ("label", "name", "id"):
                if key in item:
                    return item[key]
        return item

    # -- terbanyak / most, tersedikit / fewest -----------------------------------------------------------
    def most(self, items, attribute: str = "turns"):
        """The item(s) with the most *attribute* (coded turns by default; ``terbanyak("informants")``),
        printed as their label(s), ties listed ("kontak dan keterlibatan"); ``.turns``, ``.informants``,
        ``.label`` … read the (first) top item, ``.tie`` says whether several share the top."""
        return self._extreme(items, attribute, max, "terbanyak")

    def fewest(self, items, attribute: str = "turns"):
        return self._extreme(items, attribute, min, "tersedikit")

    def _extreme(self, items, attribute: str, pick, name: str):
        items = _as_list(items, name)
        if not items:
            raise InputError(_("| {name}: there is nothing to compare", name=name),
                             hint=_("give it a list such as stages"))
        values = [_attribute(item, attribute, f"{name}({attribute!r})") for item in items]
        best = pick(values)
        top = [item for item, value in zip(items, values, strict=True) if value == best]
        return Ranked(self.listed(top), top)

    # -- per_kelompok / per_group -----------------------------------------------------------------------
    def per_group(self, value):
        """A stage or sub-code in every informant group: "3 dari 5 pekerja seks (60,0%), seluruh pengguna
        jasa, dan 1 dari 3 pendamping lapangan (33,3%)" — each group's name as the noun."""
        if not isinstance(value, FactsView) or "groups" not in value:
            raise InputError(_("| per_kelompok needs a stage (stage.<id>), not {value}", value=_describe(value)),
                             hint=_("write e.g. {{ stage.<id> | per_kelompok }}"))
        groups = value["groups"]
        order = [str(group["name"]) for group in self.informants["groups"]]  # the tables' group order
        names = [name for name in order if name in groups] + [name for name in groups if name not in order]
        parts = [self.spread(groups[name], mid_sentence(name)) for name in names]
        return join(parts, self.words["and"], self.language)


class Ranked(Phrase):
    """What ``terbanyak``/``tersedikit`` give: printed as the label(s) of the top item(s); its other
    attributes are the (first) top item's."""

    def __new__(cls, phrase: Phrase, top: list):
        obj = Phrase.__new__(cls, phrase.parts)
        obj.top = top
        return obj

    @property
    def tie(self) -> bool:
        return len(self.top) > 1

    seri = tie

    @property
    def items(self) -> list:
        return list(self.top)

    def __getattr__(self, name):
        if name.startswith("_") or name == "top":
            raise AttributeError(name)
        return getattr(self.top[0], name)


def join(parts: list, conj: str, language: str) -> Phrase:
    """Parts joined as a list is written: "a", "a dan b", "a, b, dan c" (English "a, b, and c")."""
    separator = "; " if any(", " in str(p) for p in parts) else ", "
    if len(parts) <= 1:
        return Phrase(parts)
    if len(parts) == 2:
        return Phrase([parts[0], f" {conj} ", parts[1]])
    out: list = []
    for part in parts[:-1]:
        out += [part, separator]
    return Phrase(out + [f"{conj} ", parts[-1]])


def lower(value):
    """Jinja's ``lower`` that keeps a phrase's numbers bound and data text escaped."""
    if isinstance(value, Phrase):
        return Phrase([lower(p) if isinstance(p, (str, Phrase)) and not isinstance(p, BoundText) else p
                       for p in value.parts])
    if isinstance(value, DataText):
        return DataText(value.lower())
    return str(value).lower()


def _as_list(items, name: str) -> list:
    if isinstance(items, FactsView):
        return list(items) if isinstance(items._data, list) else [items[key] for key in items]
    if isinstance(items, (str, int, float)) or items is None:
        raise InputError(_("| {name} needs a list (e.g. stages, or stage.<id>.subcodes), not {value}", name=name,
                           value=_describe(items)))
    return list(items)


def _attribute(item, name: str, where: str):
    try:
        return item[name] if isinstance(item, FactsView) else getattr(item, name)
    except (KeyError, AttributeError, TypeError):
        has = ", ".join(item.keys()) if isinstance(item, FactsView) else ""
        raise InputError(_("{where}: {value} has no {name!r}", where=where, value=_describe(item), name=name),
                         hint=_("it has: {names}", names=has) if has
                         else _("use a name listed in the README")) from None


def _expr(value) -> str:
    return value.expr if isinstance(value, (Bound, BoundFloat)) else _dotted(value._path)


def _describe(value) -> str:
    if isinstance(value, FactsView):
        return _dotted(value._path) or "facts"
    if isinstance(value, (Bound, BoundFloat)):
        return _("the number {expr}", expr=value.expr)
    return f"{type(value).__name__} {str(value)[:40]!r}"


def _singular(noun: str, language: str) -> str:
    if language == "en" and noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun
