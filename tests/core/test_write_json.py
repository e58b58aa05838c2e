"""files.write_json streams its own encoding: the bytes must stay json.dumps(indent=2, sort_keys=True)'s."""

from __future__ import annotations

import enum
import json

import pytest

from naskah.core import files


def expected(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Level(enum.IntEnum):
    HIGH = 3


SHARED = ["I01:2", "I01:4", "ÄÖ \"quoted\" \\ \n\t\u2028"]
CASES = [
    {},
    [],
    "just a string",
    12,
    None,
    {"b": 1, "a": [1, 2.5, -0.0, 1e300, 1e-7, True, False, None], "c": {"z": {}, "y": [], "x": [[]]}},
    {"refs": SHARED, "again": SHARED, "deeper": {"refs": SHARED, "more": [SHARED, SHARED, {"k": SHARED}]}},
    {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "tuple": (1, "two", (3,)), "enum": Level.HIGH},
    {"stages": [{"id": "kontak", "turn_refs": SHARED, "groups": {"A": {"turns": 2, "informants": 1}}}] * 3},
    [{"a": 1}, "x", [1, [2, [3, {}]]]],
    {"π": "日本語", "emoji": "🙂", "ctrl": "\x00\x1f\x7f"},
]


@pytest.mark.parametrize("data", CASES)
def test_same_bytes_as_json_dumps(tmp_path, data):
    target = tmp_path / "out.json"
    files.write_json(target, data)
    assert target.read_bytes() == expected(data).encode("utf-8")


@pytest.mark.parametrize("data", [{2: "int keys", 1: "a"}, {"nested": {2.5: 1, 1.5: 2}}])
def test_other_keys_as_the_standard_library_writes_them(tmp_path, data):
    target = tmp_path / "out.json"
    files.write_json(target, data)
    assert target.read_text(encoding="utf-8") == expected(data)


def test_what_json_refuses_is_refused_alike(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(TypeError, match="not JSON serializable"):
        files.write_json(target, {"a": [1, {2, 3}]})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        files.write_json(target, {"loop": loop})
    assert not target.exists() and not list(tmp_path.iterdir())  # nothing half-written left behind
