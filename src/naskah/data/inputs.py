"""The configured inputs, checked before anything is planned or read.

Every path the config names must exist and lie inside the project once symlinks are
resolved: a missing input must never let Snakemake skip jobs and leave an old draft
looking current, and a path such as ``../../../../etc/passwd`` must never be read, let
alone echoed into a message or a log. The checks run on every build (the workflow's
common.smk calls them while loading) and in ``naskah check``.
"""

from __future__ import annotations

from pathlib import Path

from naskah.core.errors import Diagnostics
from naskah.core.messages import _, current_language, language_scope

# input name -> what it must be
INPUTS = {"codebook": "file", "informants": "file", "transcripts": "folder", "bibliography": "file",
          "chapters": "folder"}


def inside(path: Path, root: Path) -> bool:
    """True when *path*, symlinks resolved, lies inside *root*."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def check_inputs(config, diags: Diagnostics | None = None) -> Diagnostics:
    """Every configured input path: inside the project, existing, of the right kind (said in the thesis
    language: the workflow checks them while loading, before any naskah command set it)."""
    diags = diags if diags is not None else Diagnostics()
    with language_scope(config.thesis.get("language") or current_language()):
        _check_all(config, diags)
    return diags


def _check_all(config, diags: Diagnostics) -> None:
    for name, kind in INPUTS.items():
        _check(config, ("inputs", name), config.inputs[name], kind, diags)
    style = config.thesis.get("citation_style", "apa")
    if style != "apa":
        _check(config, ("thesis", "citation_style"), style, "file", diags)
    if config.thesis.get("logo"):
        _check(config, ("thesis", "logo"), config.thesis["logo"], "file", diags)
    identities = config.privacy.identities
    if not inside(config.root / identities, config.root):
        diags.error(_("{setting}: '{value}' lies outside the project", setting="privacy.identities",
                      value=identities), config.path, config.line("privacy", "identities"),
                    hint=_("keep the identity map inside the project, in the git-ignored private/ folder"))


def _check(config, keypath: tuple, value: str, kind: str, diags: Diagnostics) -> None:
    setting = ".".join(keypath)
    path = config.root / value
    line = config.line(*keypath)
    if not inside(path, config.root):
        # never read it, never print its content: just say where it points
        diags.error(_("{setting}: '{value}' lies outside the project", setting=setting, value=value), config.path,
                    line, hint=_("keep every input inside the project folder (symlinks are followed)"))
    elif not path.exists():
        diags.error(_("{setting}: '{value}' does not exist", setting=setting, value=value), config.path, line,
                    hint=_("create the file or correct the path") if kind == "file" else _(
                        "create the folder or correct the path"))
    elif kind == "file" and not path.is_file():
        diags.error(_("{setting}: '{value}' is a folder, not a file", setting=setting, value=value), config.path,
                    line, hint=_("name the file itself"))
    elif kind == "folder" and not path.is_dir():
        diags.error(_("{setting}: '{value}' is a file, not a folder", setting=setting, value=value), config.path,
                    line, hint=_("name the folder that holds the files"))
