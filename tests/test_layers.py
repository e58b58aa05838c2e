"""The package's folders show its architecture: a layer imports only lower layers (lazy imports included),
so there are no import cycles between them and `core` imports nothing of naskah."""

from __future__ import annotations

import ast
from pathlib import Path

import naskah

PACKAGE = Path(naskah.__file__).parent
# lower first; modules in one layer may import each other
LAYERS = [
    {"core"},
    {"style"},  # a house style is data about pages, read on its own: the config only names it
    {"data"},
    {"analysis", "literature", "privacy"},
    {"provenance"},
    {"writing"},
    {"render"},
    {"stages"},
    {"workflow", "cli", "buildview", "preview", "project", "agreement", "__main__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def layer_of(module: str) -> str:
    """'naskah.writing.crossref' -> 'writing'; 'naskah.cli' -> 'cli'."""
    return module.split(".")[1] if module.count(".") else module


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("naskah"):
            found.add(node.module if node.module != "naskah" else "naskah." + node.names[0].name)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("naskah.")}
    return {m for m in found if m.count(".")}


def test_every_module_belongs_to_a_layer():
    unknown = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")} - set(RANK)
    assert unknown <= {"__init__", "resources", "schemas"}, f"modules outside the layer map: {sorted(unknown)}"


def test_no_layer_imports_a_higher_one():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for module in sorted(imports(path)):
            other = layer_of(module)
            if other in RANK and RANK[other] > RANK[own]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert wrong == []
