"""facts.json writes each list of references once: a number's ``refs`` that is already written elsewhere in
the file is a JSON Reference to it, ``{"$ref": "#/stages/0/turn_refs"}``.

Why: every number a chapter can print names the rows it counts, and most numbers count the same rows as
others — a stage's turns and its informants, each group's, each sub-code's, each agreement measure's. Written
out in full, 245 numbers carried 105 distinct lists: at 1,000 transcripts a 134 MB facts.json of 6.5 million
lines, which assemble spent 1.3 s parsing and the privacy guard 1.5 s reading. With each list once it is 28 MB.
Only facts.json is written this way; what readers receive (crossref.json, the manifest) names each number's
rows in full, as before.
"""

from __future__ import annotations

REF = "$ref"


def _escaped(key) -> str:
    """A key as a JSON Pointer (RFC 6901) step."""
    return str(key).replace("~", "~0").replace("/", "~1")


def share_refs(facts: dict) -> dict:
    """*facts* with each source's ``refs`` list that is the same list as one written before it (the object, as
    the analysis shares them) replaced by a reference to that one. The lists outside ``sources`` come first
    (in the order the file has them), then the sources in key order."""
    where: dict[int, str] = {}

    def index(node, path: str) -> None:
        if isinstance(node, dict):
            for key in sorted(node):
                if path or key != "sources":
                    index(node[key], f"{path}/{_escaped(key)}")
        elif isinstance(node, list):
            where.setdefault(id(node), path)
            if node and isinstance(node[0], (dict, list)):
                for number, item in enumerate(node):
                    index(item, f"{path}/{number}")

    index(facts, "")
    sources = {}
    for key in sorted(facts.get("sources", {})):
        source = facts["sources"][key]
        refs = source.get("refs")
        if isinstance(refs, list) and refs:
            own = f"/sources/{_escaped(key)}/refs"
            first = where.setdefault(id(refs), own)
            if first != own and _longer(refs, first):
                source = {**source, "refs": {REF: f"#{first}"}}
        sources[key] = source
    return {**facts, "sources": sources} if "sources" in facts else facts


def _longer(refs: list, pointer: str) -> bool:
    """Whether *refs* written out (one indented line each) take more room than a reference to *pointer*."""
    room = len(pointer) + 16
    for ref in refs:
        room -= len(str(ref)) + 12
        if room < 0:
            return True
    return False


def resolve_refs(facts: dict) -> dict:
    """The facts as the analysis had them: each ``{"$ref": …}`` in a source's ``refs`` replaced, in place, by
    the list it points to (one list, shared, as the analysis shared it)."""
    for source in facts.get("sources", {}).values():
        refs = source.get("refs")
        if isinstance(refs, dict) and REF in refs:
            node = facts
            for step in refs[REF].lstrip("#").split("/")[1:]:
                step = step.replace("~1", "/").replace("~0", "~")
                node = node[int(step)] if isinstance(node, list) else node[step]
            source["refs"] = node
    return facts
