"""Display tables: the same CSV bytes as pandas writes, and no job imports pandas."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from naskah.core.table import DisplayTable

ROWS = [["1", "Putri, A. & Budi", 'kata "kutip"'], ["2", "baris\nbaru", ""], ["3", "a;b", "—"]]


def test_to_csv_writes_what_pandas_writes_and_read_csv_reads_it_back(tmp_path):
    table = DisplayTable(["No", "Peneliti", "Catatan"], ROWS)
    expected = pd.DataFrame(ROWS, columns=table.columns, dtype=str).to_csv(index=False, lineterminator="\n")
    assert table.to_csv(index=False, lineterminator="\n") == expected
    path = tmp_path / "t.csv"
    path.write_text(expected, encoding="utf-8")
    assert DisplayTable.read_csv(path) == table
    assert table.shape == (3, 3) and table["Peneliti"][1] == "baris\nbaru"


def test_no_stage_imports_pandas():
    code = ("import sys, naskah.cli, naskah.analysis.tables, naskah.stages.analyse, naskah.writing.assemble, "
            "naskah.literature.report, naskah.render.pandoc, naskah.privacy.guard, naskah.provenance.manifest; "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_analysing_and_assembling_a_thesis_that_quotes_exemplars_does_not_import_pandas(mini, run_cli):
    # the exemplar quotes and the manifest's shown turns are picked without pandas (naskah.analysis.exemplars):
    # importing it cost the assemble job more than all its other work
    chapter = mini / "chapters" / "02-hasil.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n{{ exemplar_quotes('awal', 1) }}\n",
                       encoding="utf-8")
    code = ("import sys; from naskah.cli import main; print(main(['analyse']), main(['assemble']), "
            "'pandas' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=mini, check=False)
    assert proc.stdout.strip().splitlines()[-1:] == ["0 0 False"], proc.stderr
    assert "> " in (mini / "results" / "thesis.md").read_text(encoding="utf-8")  # the exemplar was quoted
