"""Error types and diagnostics.

Every message a user sees about their own input reads
``path:line[:col]: what is wrong — what to do`` with lines counted from 1,
the way compilers, pybtex and snakefmt word them. Problems are collected per
file (a :class:`Diagnostics`) so that one run reports all of them together.
Bugs in naskah itself are a different type (:class:`InternalError`) and are
worded differently: they are not the user's fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from naskah.core.messages import _

ERROR = "error"
WARNING = "warning"


def location(path: str | Path | None, line: int | None = None, column: int | None = None) -> str:
    """Format ``path:line:col`` (omitting what is unknown)."""
    if path is None:
        return ""
    text = str(path)
    if line is not None:
        text += f":{line}"
        if column is not None:
            text += f":{column}"
    return text


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an input file."""

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    severity: str = ERROR

    def __str__(self) -> str:
        where = location(self.path, self.line, self.column)
        text = f"{where}: " if where else ""
        if self.severity == WARNING:
            text += _("warning: ")
        text += self.message
        if self.hint:
            text += f" — {self.hint}"
        return text

    def sort_key(self) -> tuple:
        return (self.path or "", self.line or 0, self.column or 0, self.message)


class NaskahError(Exception):
    """Base of every error naskah raises on purpose."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ):
        self.diagnostic = Diagnostic(message, str(path) if path is not None else None, line, column, hint)
        super().__init__(str(self.diagnostic))

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [self.diagnostic]


class InputError(NaskahError):
    """A mistake in the user's files (config, data, chapters, library)."""


class ToolError(NaskahError):
    """An external tool (pandoc, typst) failed."""


class InternalError(NaskahError):
    """A bug in naskah: an assumption of ours did not hold."""

    exit_code = 70

    def __init__(self, message: str):
        super().__init__(f"internal error in naskah (a bug, not a problem with your files): {message}")


class ValidationError(InputError):
    """Several input problems, reported together."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self._diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        Exception.__init__(self, "\n".join(str(d) for d in self._diagnostics))
        self.diagnostic = self._diagnostics[0]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self._diagnostics)


@dataclass
class Diagnostics:
    """Collects problems instead of stopping at the first one."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, path=None, line=None, column=None, hint=None) -> None:
        self.items.append(Diagnostic(message, _str(path), line, column, hint, ERROR))

    def warning(self, message: str, path=None, line=None, column=None, hint=None) -> None:
        self.items.append(Diagnostic(message, _str(path), line, column, hint, WARNING))

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    def absorb(self, error: NaskahError) -> None:
        """Record a raised error (or several) as diagnostics."""
        self.items.extend(error.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def raise_if_errors(self, strict: bool = False) -> None:
        """Raise a :class:`ValidationError` holding every error (and, when strict, every warning)."""
        failing = self.items if strict else self.errors
        if failing:
            promoted = [
                Diagnostic(d.message, d.path, d.line, d.column, d.hint, ERROR) if strict else d for d in failing
            ]
            raise ValidationError(promoted)


def _str(path) -> str | None:
    return None if path is None else str(path)
