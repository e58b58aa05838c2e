"""Snakemake's process ends with its last job: its pending rate-limit timers do not hold it open."""

import subprocess
import sys
import textwrap

WAITS_FOR_A_TIMER = textwrap.dedent("""
    import threading
    from naskah.workflow.ending import cancel_rate_limit_timers, skip_final_collection
    fired = []
    # what Snakemake starts after each scheduling pass (a non-daemon threading.Timer)
    threading.Timer(600, fired.append, args=[1]).start()
    skip_final_collection()
    if {cancel}:
        print(cancel_rate_limit_timers())
""")


def run(cancel: bool, timeout: float):
    return subprocess.run([sys.executable, "-c", WAITS_FOR_A_TIMER.format(cancel=cancel)],
                          capture_output=True, text=True, timeout=timeout)


def test_a_pending_timer_no_longer_holds_the_process_open():
    done = run(cancel=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1"]


def test_without_the_cancel_the_process_would_wait_for_the_timer():
    # the counter-check: the same script without the cancel is still running when the first has ended
    try:
        run(cancel=False, timeout=3)
    except subprocess.TimeoutExpired:
        return
    raise AssertionError("the process ended although a 600-second timer was pending")
