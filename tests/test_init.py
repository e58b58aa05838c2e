"""`naskah new` (and its old name `naskah init`): a new project that checks clean in either language and
model, keeps private/ out of git, commits itself, and never overwrites."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from conftest import REPO, write

from naskah import __version__


def test_init_creates_a_project_that_checks_clean(tmp_path, run_cli):
    code, err = run_cli(tmp_path, "init", "skripsi")
    assert code == 0, err
    project = tmp_path / "skripsi"
    for relative in ["Snakefile", "config/config.yaml", "data/codebook.yaml", "chapters/01-pendahuluan.md"]:
        assert (project / relative).is_file(), relative
    # the rules ship in the package: the project's Snakefile points at them and copies nothing
    assert "include: naskah.workflow.SNAKEFILE" in (project / "Snakefile").read_text(encoding="utf-8")
    assert not (project / "workflow").exists()
    assert "private/" in (project / ".gitignore").read_text(encoding="utf-8").split()
    code, err = run_cli(project, "check")
    assert code == 0, err


def test_init_refuses_a_folder_that_has_files(tmp_path, run_cli):
    existing = write(tmp_path, "skripsi/catatan.md", "jangan ditimpa\n")
    code, err = run_cli(tmp_path, "init", "skripsi")
    assert code == 1
    assert err == ("skripsi: folder ini tidak kosong — pilih folder baru; naskah new tidak pernah menimpa "
                   "berkas\n")  # --lang id, the default: naskah new speaks the new thesis's language
    assert existing.read_text(encoding="utf-8") == "jangan ditimpa\n"


# -- naskah new: --lang, --model, --style; README, CI workflow, conda environment, git --------------------

@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("model", ["devito", "thematic", "blank"])
def test_every_language_and_model_makes_a_project_that_checks_clean(tmp_path, run_cli, language, model):
    code, err = run_cli(tmp_path, "new", "p", "--lang", language, "--model", model, "--no-git")
    assert code == 0, err
    project = tmp_path / "p"
    assert not (project / ".git").exists()
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    assert config["thesis"]["language"] == language and config["style"] == {"preset": "default"}
    codebook = yaml.safe_load((project / "data/codebook.yaml").read_text(encoding="utf-8"))
    assert len(codebook["levels"]) == 2
    code, err = run_cli(project, "check")
    clean = {"id": "naskah check: tidak ada kesalahan\n", "en": "naskah check: no errors\n"}[language]
    assert code == 0 and err.endswith(clean), err


def test_the_readmes_first_command_makes_an_indonesian_devito_project_in_git(tmp_path, run_cli):
    code, err = run_cli(tmp_path, "new", "skripsi")
    assert code == 0, err
    project = tmp_path / "skripsi"
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Skripsi saya\n") and f"pip install naskah=={__version__}" in readme
    assert "levels: [Tahap, Subkode]" in (project / "data/codebook.yaml").read_text(encoding="utf-8")
    tracked = subprocess.run(["git", "ls-files"], cwd=project, capture_output=True, text=True).stdout.split()
    assert {"README.md", ".gitignore", "Snakefile", "environment.yml", ".github/workflows/thesis.yml",
            "data/transcripts/I01.csv"} <= set(tracked)


def test_the_ci_workflow_builds_and_verifies_with_this_naskah(tmp_path, run_cli):
    run_cli(tmp_path, "new", "p", "--lang", "en", "--no-git")
    workflow = yaml.safe_load((tmp_path / "p/.github/workflows/thesis.yml").read_text(encoding="utf-8"))
    steps = [step.get("run") for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert steps == [f'pip install "naskah=={__version__}"', "naskah build", "naskah verify"]


def test_the_conda_environment_installs_this_naskah_from_its_index(tmp_path, run_cli):
    run_cli(tmp_path, "new", "p", "--no-git")
    environment = yaml.safe_load((tmp_path / "p/environment.yml").read_text(encoding="utf-8"))
    pip = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert pip == [f"naskah=={__version__}"]  # not `-e ../..`, which works only inside naskah's own repository
    shipped = yaml.safe_load((REPO / "src/naskah/workflow/envs/naskah.yaml").read_text(encoding="utf-8"))
    assert next(i["pip"] for i in shipped["dependencies"] if isinstance(i, dict)) == pip


def test_an_unknown_house_style_names_the_nearest_preset(tmp_path, run_cli):
    code, err = run_cli(tmp_path, "new", "p", "--style", "unpam_hukum")
    assert code == 1
    assert err == ("gaya selingkung 'unpam_hukum' tidak dikenal — maksud Anda 'unpam-hukum'? gunakan salah satu "
                   "dari: default, uin-imam-bonjol, unpam-hukum (berkas gaya Anda sendiri dapat dipasang di "
                   "config/config.yaml nanti)\n")
    assert not (tmp_path / "p").exists()
    code, err = run_cli(tmp_path, "new", "p", "--style", "unpam_hukum", "--lang", "en")
    assert code == 1
    assert err == ("unknown house style 'unpam_hukum' — did you mean 'unpam-hukum'? use one of: default, "
                   "uin-imam-bonjol, unpam-hukum (a style file of your own goes in config/config.yaml later)\n")


def test_a_style_preset_is_written_into_the_config(tmp_path, run_cli):
    code, err = run_cli(tmp_path, "new", "p", "--style", "uin-imam-bonjol", "--no-git")
    assert code == 0, err
    config = yaml.safe_load((tmp_path / "p/config/config.yaml").read_text(encoding="utf-8"))
    assert config["style"] == {"preset": "uin-imam-bonjol"}
