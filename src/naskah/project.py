"""``naskah new``: start a thesis of one's own, in a minute, in the thesis language.

The demo shows what naskah does; a student's first hour decides whether they keep using it. So a new
project is complete and builds at once: the workflow (a two-line Snakefile, the rules stay in the
package), a config to fill in, a small example corpus coded with the chosen model (DeVito's stages, a
thematic analysis, or a blank model to replace), chapters that already use the helpers, a README in the
thesis language (the two commands, where to write, the data contract in short), a ``.gitignore`` that
keeps ``private/`` out, a conda environment and a CI workflow pinned to this naskah version, and a git
repository with a first commit, so the student's first edit is already a diff.

The scaffold lives in ``naskah/resources/scaffold``: its top level is copied as it is (``gitignore``
becomes ``.gitignore``, ``thesis-ci.yml`` ``.github/workflows/thesis.yml``), ``lang/<language>/`` holds
the texts and ``models/<model>/<language>/`` the codebook and example transcripts. ``@VERSION@`` and
``@PRESET@`` are filled in. What it says is in the new thesis's language (``naskah new --lang``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from naskah import __version__
from naskah.core import files
from naskah.core.errors import InputError
from naskah.core.messages import _
from naskah.core.suggest import did_you_mean

LANGUAGES = ("id", "en")
MODELS = ("devito", "thematic", "blank")
RENAMED = {"gitignore": ".gitignore", "thesis-ci.yml": ".github/workflows/thesis.yml"}
TEMPLATED = (".md", ".yaml", ".yml")


def scaffold_dir() -> Path:
    return Path(str(resources.files("naskah"))) / "resources" / "scaffold"


def plan(language: str, model: str) -> dict[str, Path]:
    """Where each scaffold file goes in the new project (relative path → source file)."""
    root = scaffold_dir()
    out: dict[str, Path] = {}
    for source in sorted(root.rglob("*")):
        relative = source.relative_to(root).as_posix()
        if source.is_file() and not relative.startswith(("lang/", "models/")):
            out[RENAMED.get(relative, relative)] = source
    texts = root / "lang" / language
    for source in sorted(texts.rglob("*")):
        if source.is_file():
            out[source.relative_to(texts).as_posix()] = source
    data = root / "models" / model / language
    for source in sorted(data.rglob("*")):
        if source.is_file():
            out["data/" + source.relative_to(data).as_posix()] = source
    return out


def new_project(target: Path, language: str = "id", model: str = "devito", preset: str = "default",
                git: bool = True) -> list[str]:
    """Create the project in *target* (a new or empty folder); returns what to tell the student."""
    from naskah.style.model import preset_names

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(_("the folder is not empty"), target.as_posix(),
                         hint=_("choose a new folder; naskah new never overwrites files"))
    presets = preset_names()
    if preset not in presets:
        raise InputError(_("unknown house style '{name}'", name=preset),
                         hint=_("{suggestion}use one of: {presets} (a style file of your own goes in "
                                "config/config.yaml later)", suggestion=did_you_mean(preset, presets),
                                presets=", ".join(presets)))
    for relative, source in plan(language, model).items():
        destination = target / relative
        if source.suffix in TEMPLATED:
            text = source.read_text(encoding="utf-8").replace("@VERSION@", __version__).replace("@PRESET@", preset)
            files.write_text(destination, text)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    notes = [_("naskah new: created {path} ({language}, model '{model}', house style '{preset}')",
               path=target.as_posix(), language=_("Indonesian") if language == "id" else _("English"), model=model,
               preset=preset)]
    if git:
        notes.append(_git_init(target))
    notes.append(_("next: cd {path} && naskah build — then fill in config/config.yaml and write in chapters/ "
                   "(README.md says where everything goes)", path=_quoted(target)))
    return notes


def _git_init(target: Path) -> str:
    """A repository with a first commit; the student's own git identity when they have one."""
    if shutil.which("git") is None:
        return _("naskah new: git is not installed, so the project is not under version control (install git "
                 "and run `git init` there)")
    env = dict(os.environ)
    known = subprocess.run(["git", "config", "user.email"], cwd=target, capture_output=True, text=True)
    if not known.stdout.strip():  # no identity yet: commit as naskah, the student's own commits follow
        env.update(GIT_AUTHOR_NAME="naskah", GIT_AUTHOR_EMAIL="naskah@localhost", GIT_COMMITTER_NAME="naskah",
                   GIT_COMMITTER_EMAIL="naskah@localhost")
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "commit", "-q", "-m", f"New thesis project (naskah {__version__})"]):
        result = subprocess.run(command, cwd=target, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            return _("naskah new: `{command}` failed ({error}); the files are there", command=" ".join(command),
                     error=result.stderr.strip()[:200])
    return _("naskah new: git repository with a first commit (private/ and results/ are ignored)")


def _quoted(path: Path) -> str:
    text = path.as_posix()
    return f'"{text}"' if " " in text else text
