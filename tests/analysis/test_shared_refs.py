"""facts.json writes each list of references once (naskah.analysis.shared_refs); assemble reads back the
facts the analysis had, and what readers receive still names every number's rows in full."""

from __future__ import annotations

import json

from conftest import analyse, read

from naskah.analysis.shared_refs import resolve_refs, share_refs


def test_the_facts_come_back_as_the_analysis_had_them(mini):
    _, facts = analyse(mini)
    shared = share_refs(facts)
    written = json.dumps(shared, sort_keys=True, indent=2)  # as core.files.write_json writes it
    pointers = [s["refs"]["$ref"] for s in shared["sources"].values() if isinstance(s["refs"], dict)]
    # a stage's turns and informants count the same turns: one list, written once, under "stages"
    assert "#/stages/0/turn_refs" in pointers
    assert len(written) < len(json.dumps(facts, sort_keys=True, indent=2))
    # a list shorter than a reference to it stays as it is: "Berpisah" counts one turn
    assert all(isinstance(shared["sources"][key]["refs"], list) for key, s in facts["sources"].items()
               if len(s["refs"]) < 2)
    assert resolve_refs(json.loads(written)) == facts
    assert shared is not facts and all(isinstance(s["refs"], list) for s in facts["sources"].values())


def test_a_pointer_to_another_source_and_keys_with_slashes_resolve():
    rows = [f"data/informants.csv:{line}" for line in range(2, 12)]
    facts = {"sources": {'groups["A/B~C"]': {"cell": None, "refs": rows}, "z.total": {"cell": None, "refs": rows},
                         "empty": {"cell": None, "refs": []}}}
    shared = share_refs(facts)
    assert shared["sources"]["z.total"]["refs"] == {"$ref": '#/sources/groups["A~1B~0C"]/refs'}
    assert shared["sources"]['groups["A/B~C"]']["refs"] == rows and shared["sources"]["empty"]["refs"] == []
    assert resolve_refs(json.loads(json.dumps(shared))) == facts


def test_the_build_s_readers_get_every_number_s_rows_in_full(mini, run_cli):
    for step in (["analyse"], ["literature"], ["assemble"]):
        code, err = run_cli(mini, *step)
        assert code == 0, (step, err)
    assert '"$ref"' in read(mini, "results/analysis/facts.json")
    _, facts = analyse(mini)
    numbers = json.loads(read(mini, "results/crossref.json"))["numbers"]
    assert numbers and all(n["refs"] == facts["sources"][n["expr"]]["refs"] for n in numbers
                           if n["expr"] in facts["sources"])
    assert '"$ref"' not in read(mini, "results/crossref.json")
