"""The conda environment file pins the naskah version that ships the rules."""

from __future__ import annotations

from pathlib import Path

import yaml

import naskah

ENV = Path(naskah.__file__).parent / "workflow" / "envs" / "naskah.yaml"


def test_the_conda_env_installs_this_naskah_version():
    env = yaml.safe_load(ENV.read_text(encoding="utf-8"))
    pip = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    assert f"naskah=={naskah.__version__}" in pip
