"""Every command the README's "Importing from QDA tools" section shows, run as shown."""

from __future__ import annotations

import re
import shlex
import shutil

from conftest import REPO
from qda_helpers import QDA, TAGUETTE, rows

from naskah.data.importers import schema


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Importing from QDA tools", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL).group(1)
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.startswith("naskah ")]


def test_the_readme_commands_run_as_shown(mini, run_cli):
    commands = readme_commands()
    assert len(commands) == 4 and commands[0].startswith("naskah import --dry-run")
    project = mini  # the test project, its data to come from the QDA exports
    shutil.rmtree(project / "data")
    config = project / "config" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  informant_columns: [informant, group, "
                                                                 "{column: usia, label: Usia}]\n", ""),
                      encoding="utf-8")
    shutil.copy(QDA / "nvivo_style.qdpx", project / "hasil-nvivo.qdpx")
    for name in ("highlights.csv", "codebook.csv", "I01.txt", "I02.txt", "I03.docx"):
        shutil.copy(TAGUETTE / name, project / name)
    for command in commands:
        code, err = run_cli(project, *shlex.split(command)[1:])
        assert code == 0, (command, err)
        if "--dry-run" in command:
            assert not (project / "data").exists() and "akan menulis data/transcripts/I01.csv" in err
    written = sorted(p.name for p in (project / "data" / "transcripts").iterdir())
    assert written == ["I01.csv", "I02.csv", "I03.csv"]
    assert rows(project / "data" / "transcripts" / "I03.csv")[1]["codes"] == "pemutusan"
    import zipfile

    with zipfile.ZipFile(project / "kembali.qdpx") as archive:
        assert schema.problems(archive.read("project.qde"), "project") == ([], True)
