"""The transcript files students actually have, read as they meant them.

A transcripts folder fills over months: ``R02 interview.csv`` next to ``r03.csv``, a ``R04.xlsx`` not
converted yet, an interview still to be done. Refusing those files, or ignoring them silently,
costs a student an evening; guessing wrongly costs them a wrong table. So the rules here are
explicit and every one is said: a file is an informant's by the optional ``file`` column of
``informants.csv``, else by its name matched without regard to case; every other file of the folder
is named in a warning (with ``naskah import`` where it converts that kind of file); a code written
as its label is read as the code with a warning; an informant whose ``status`` is ``pending`` is
left out of the counts with a warning instead of stopping the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.errors import Diagnostics
from naskah.core.messages import _, n_
from naskah.core.suggest import did_you_mean

# files `naskah import` turns into transcripts (see naskah.data.importers)
IMPORTABLE = {".qdpx", ".qde", ".qdc", ".docx", ".txt", ".xlsx", ".xlsm", ".xls", ".ods"}
# what an editor or an office program leaves beside the files: never the student's data
SCRATCH_PREFIXES = (".", "~$", ".~lock")
PENDING = {"pending", "belum"}  # the interview is not done (or not transcribed) yet
DONE = {"", "done", "selesai"}


def transcript_map(informants: list, transcripts: list[Path], shown, informants_shown: str,
                   diags: Diagnostics) -> dict[Path, str]:
    """Which informant each transcript file belongs to: the ``file`` column where an informant has one,
    otherwise the file name without ``.csv``, matched without regard to case (``r02.csv`` is R02's)."""
    by_name = {path.name.casefold(): path for path in transcripts}
    out: dict[Path, str] = {}
    for informant in informants:
        given = (informant.fields.get("file") or "").strip()
        if not given:
            continue
        wanted = given if given.casefold().endswith(".csv") else given + ".csv"
        path = by_name.get(wanted.casefold())
        if path is None:
            names = [p.name for p in transcripts]
            diags.error(_("informant {id}: file {file!r} is not among the transcripts", id=informant.id, file=given),
                        informants_shown, informant.line,
                        hint=_("{suggestion}name a .csv file of the transcripts folder, or leave the cell empty to "
                               "match the file by the informant id", suggestion=did_you_mean(wanted, names)))
            continue
        if path in out:
            diags.error(_("informant {id}: file {file!r} is already {owner}'s", id=informant.id, file=given,
                          owner=out[path]), informants_shown, informant.line,
                        hint=_("each informant has a transcript file of their own"))
            continue
        out[path] = informant.id
    by_id = {informant.id.casefold(): informant.id for informant in informants}
    for path in transcripts:
        if path not in out and path.stem.casefold() in by_id and by_id[path.stem.casefold()] not in out.values():
            out[path] = by_id[path.stem.casefold()]
    return out


def unmatched_hint(stem: str, informant_ids: list[str], informants_shown: str) -> str:
    """What to do with a transcript no informant claims: ``R02 interview.csv`` is probably R02's."""
    for informant_id in informant_ids:
        if stem.casefold().startswith(informant_id.casefold()) and not stem[len(informant_id):][:1].isalnum():
            return _("if it is {id}'s interview, rename it {id}.csv or write its name in a 'file' column of "
                     "{informants}", id=informant_id, informants=informants_shown)
    return _("{suggestion}add a row for {name} to {informants}, rename the file, or name it in a 'file' column",
             suggestion=did_you_mean(stem, informant_ids), name=stem, informants=informants_shown)


def unread_files(folder: Path, shown, diags: Diagnostics) -> None:
    """A warning for every file in the transcripts folder that is not read (only ``*.csv`` files are)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix == ".csv" or path.name.startswith(SCRATCH_PREFIXES):
            continue
        suffix = path.suffix.lower()
        if suffix == ".csv":
            hint = _("rename it to {name}.csv (the extension in lower case)", name=path.stem)
        elif suffix in IMPORTABLE:
            hint = _("turn it into a transcript with `naskah import {path}`", path=shown(path))
        else:
            hint = _("save it as a .csv transcript (turn, speaker, text, codes), or move it out of this folder")
        diags.warning(_("not read: only .csv files in this folder are transcripts"), shown(path), hint=hint)


def pending_status(value: str) -> bool | None:
    """True for a pending informant, False for an interviewed one, None for a value we do not know."""
    value = value.strip().casefold()
    if value in PENDING:
        return True
    return False if value in DONE else None


@dataclass
class CodeReader:
    """Reads one transcript's codes cells: a code written as its label is that code (with one warning per
    label and file), and an unknown code is an error once per file, its further lines listed with it."""

    codebook: object
    shown: str
    diags: Diagnostics
    aliases: dict[str, list[int]] = field(default_factory=dict)  # "label -> id" → lines
    unknown: dict[str, list[int]] = field(default_factory=dict)  # unknown code → lines after the first

    def __post_init__(self):
        labels: dict[str, list[str]] = {}
        for code in self.codebook.codes.values():
            labels.setdefault(" ".join(code.label.split()).casefold(), []).append(code.id)
        self.by_label = {label: ids[0] for label, ids in labels.items() if len(ids) == 1}

    def resolve(self, codes: list[str], line: int) -> list[str]:
        out = []
        for code in codes:
            known = self.codebook.codes
            target = None if code in known else self.by_label.get(" ".join(code.split()).casefold())
            if target is not None:
                self.aliases.setdefault(f"{code}\0{target}", []).append(line)
                code = target
            out.append(code)
        return out

    def first_unknown(self, code: str, line: int) -> bool:
        """Whether this is the file's first line with the unknown *code* (later ones are listed with it)."""
        if code in self.unknown:
            if line not in self.unknown[code]:
                self.unknown[code].append(line)
            return False
        self.unknown[code] = []
        return True

    def report(self) -> None:
        for key, lines in self.aliases.items():
            label, code = key.split("\0")
            message = _("'{label}' is the label of code '{code}', read as {code}", label=label, code=code) \
                if len(lines) == 1 else n_("'{label}' is the label of code '{code}', read as {code} (also on line "
                                           "{lines})", "'{label}' is the label of code '{code}', read as {code} (also "
                                           "on lines {lines})", len(lines) - 1, label=label, code=code,
                                           lines=_lines(lines[1:]))
            self.diags.warning(message, self.shown, lines[0], hint=_("write the code id {code} in the codes column",
                                                                     code=code))
        for code, lines in self.unknown.items():
            if lines:
                self.diags.error(n_("the same unknown code '{code}' on {n} more line: {lines}",
                                    "the same unknown code '{code}' on {n} more lines: {lines}", len(lines),
                                    code=code, lines=_lines(lines)),
                                 self.shown, lines[0], hint=_("fix it once for all of them (see the first one)"))


def _lines(lines: list[int]) -> str:
    """``3, 5, 8`` — at most ten line numbers, then "and N more"."""
    shown = ", ".join(map(str, lines[:10]))
    return _("{lines} and {n} more", lines=shown, n=len(lines) - 10) if len(lines) > 10 else shown

