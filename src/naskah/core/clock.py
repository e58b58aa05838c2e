"""The build's clock: one timestamp for every output, so that equal inputs give equal bytes.

SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the time of the
last git commit, else 1 January of the thesis year. Nothing in naskah reads the wall clock.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from naskah.core.errors import InputError


def build_epoch(root: str | Path, year: int) -> int:
    """The build's timestamp in seconds since 1970 (see the module docstring)."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        try:
            return int(env)
        except ValueError:
            raise InputError(f"SOURCE_DATE_EPOCH={env!r} is not a number of seconds",
                             hint="unset it or set it to e.g. $(git log -1 --format=%ct)") from None
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=False, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return int(dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp())


def source_date_epoch(config) -> int:
    """:func:`build_epoch` for a loaded config (its project root and thesis year)."""
    return build_epoch(config.root, config.thesis["year"])
