"""How Snakemake's own process ends: as soon as the last job has, not a second or more later.

A student runs a build dozens of times a day, so the time between the last job and the prompt counts.
Snakemake 9 spends it on two things that do no work for us (strace of a one-job workflow, 2 cores):

- **Its job-rate limiter's timers.** After every scheduling pass Snakemake starts a one-second
  `threading.Timer` (`--max-jobs-per-timespan`, "100/1s", cannot be switched off and its parser takes
  no unit below a second). The timers are not daemon threads, so the interpreter waits for the last
  one before it exits: up to a second after the last job. Cancelling them when the build has ended
  (`onsuccess`/`onerror`) loses nothing, as no job is left to schedule.
- **The collector's last pass.** At exit Python collects the whole heap Snakemake built (its DAG, its
  plugins, sqlalchemy's models): a quarter of a second of CPU on a process that is about to give all
  its memory back at once. Freezing the heap in an `atexit` handler skips that pass; every object is
  still released, and the handlers registered before ours (logging's flush and close among them) run
  after it as usual.

Each measure touches only what the standard library documents (`threading.Timer.cancel`,
`gc.freeze`); if a later Snakemake starts no timers, `cancel_rate_limit_timers` finds none.
"""

from __future__ import annotations

import atexit
import gc
import threading


def cancel_rate_limit_timers() -> int:
    """Cancel every pending `threading.Timer` (Snakemake's rate-limit re-evaluations); how many were."""
    timers = [t for t in threading.enumerate() if isinstance(t, threading.Timer)]
    for timer in timers:
        timer.cancel()
    return len(timers)


def skip_final_collection() -> None:
    """Register, once, a handler that freezes the heap before the interpreter's last collection."""
    if not getattr(skip_final_collection, "registered", False):
        atexit.register(gc.freeze)
        skip_final_collection.registered = True
