"""`naskah init`: a new project that builds, keeps private/ out of git, and never overwrites."""

from __future__ import annotations

from conftest import write


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
    assert "skripsi: the folder is not empty" in err
    assert existing.read_text(encoding="utf-8") == "jangan ditimpa\n"
