"""Reading Snakemake's own output: which job is which rule, where its log is, what finished, what failed.

`naskah build` (its progress line and summary) and `naskah verify` (its progress and the failing rule's
message) both follow a Snakemake run this way; the patterns live here once.
"""

from __future__ import annotations

import re

RULE_START = re.compile(r"^\s*(?:local)?(?:rule|checkpoint) (\w+):\s*$")
STEPS = re.compile(r"^\s*(\d+) of (\d+) steps \(\d+%\) done")
JOBID = re.compile(r"^\s*jobid: (\d+)")
FINISHED = re.compile(r"Finished job(?:id)?:? (\d+)(?:.*Rule: (\w+))?")
ERROR_IN = re.compile(r"^\s*Error in rule (\w+):")
LOG_LINE = re.compile(r"^\s*log: (\S+)")
