"""``naskah preview``: write a chapter, save, and see the page change.

The student's daily loop is edit → rebuild → read. ``naskah preview`` does the middle step itself: it
watches the project's sources, rebuilds the HTML draft through Snakemake whenever one is saved (only
the jobs the change reaches: a chapter edit reassembles and re-renders the HTML, nothing else), and
serves it on ``127.0.0.1`` with a small script that reloads the page after each rebuild. A rebuild
that fails shows its ``file:line`` messages in the page instead of the draft, so a typo is seen where
the student is looking. The page is the staged HTML (``results/staging/thesis.html``), scanned by the
privacy guard before it is served; ``naskah build`` still makes and publishes the drafts.

The watcher polls modification times (every half second) rather than using the operating system's
notifications: a thesis has a few hundred files, polling them costs nothing, and it behaves the same
on every system, network drives and WSL included.
"""

from __future__ import annotations

import html
import json
import threading
import time
import webbrowser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from naskah.buildview import run_snakemake, snakemake_command
from naskah.core.errors import InputError
from naskah.core.layout import staged
from naskah.core.messages import _, n_

IGNORED_DIRS = {"results", "logs", ".snakemake", ".git", "private", "__pycache__", ".venv", "venv"}
RELOAD = """<script>(function(){var v=%d;setInterval(function(){fetch('/__naskah/state').then(function(r){
return r.json()}).then(function(s){if(s.version!==v){location.reload()}}).catch(function(){})},700)})();</script>"""


class State:
    """What the server shows: the last build's page, and a version that changes with every rebuild."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = 0
        self.page = _page("naskah preview", f"<p>{html.escape(_('Building the draft …'))}</p>")
        self.ok = None

    def publish(self, page: bytes, ok: bool) -> None:
        with self.lock:
            self.version += 1
            self.page, self.ok = page, ok

    def snapshot(self) -> tuple[int, bytes, bool | None]:
        with self.lock:
            return self.version, self.page, self.ok


def sources_signature(root: Path) -> dict[str, tuple[int, int]]:
    """Every source file's (mtime, size): what the build reads, not what it writes."""
    out = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if relative.parts and (relative.parts[0] in IGNORED_DIRS or any(p.startswith((".", "~")) for p in
                                                                         relative.parts)):
            continue
        if path.name.endswith(("~", ".swp", ".tmp")) or not path.is_file():
            continue
        try:
            stat = path.stat()
        except OSError:  # removed while we looked
            continue
        out[relative.as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return out


def rebuild(state: State, config_path: str, mode: str | None, say) -> None:
    """Rebuild the staged HTML; publish it (after the privacy guard) or the problems that stopped it."""
    started = time.monotonic()
    target = staged("html")
    code, run = run_snakemake(snakemake_command([target], mode), progress=False)
    took = f"{time.monotonic() - started:.1f} s"
    from naskah.buildview import collect_warnings, problems

    if code != 0:
        lines = problems(run)
        state.publish(_page(_("naskah preview: the build failed"), _listing(_("The build stopped:"), lines)), False)
        say(_("naskah preview: the build failed ({time}); the page shows why:", time=took))
        for line in lines:
            say(f"  {line}")
        return
    leaks = _guard(Path(target), config_path)
    if leaks:
        state.publish(_page(_("naskah preview: identifying information"), _listing(
            _("The privacy guard found identifying information; the page is not shown:"), leaks)), False)
        say(_("naskah preview: not shown, the privacy guard found identifying information ({time})", time=took))
        for line in leaks:
            say(f"  {line}")
        return
    text = Path(target).read_text(encoding="utf-8")
    warnings = collect_warnings(list(run.jobs.values()))
    state.publish(text.encode("utf-8"), True)
    say(n_("naskah preview: rebuilt in {time}; {n} warning:", "naskah preview: rebuilt in {time}; {n} warnings:",
           len(warnings), time=took) if warnings else _("naskah preview: rebuilt in {time}", time=took))
    for line in warnings:
        say(f"  {line}")


def _guard(path: Path, config_path: str) -> list[str]:
    from naskah.core.errors import NaskahError
    from naskah.data.config import load_config
    from naskah.privacy import guard
    from naskah.privacy.detectors import detector_for

    try:
        config = load_config(config_path)
        library = config.input_path("bibliography")
        detector = detector_for(config, extra_allow=guard.library_urls(library, config.shown(library)))
        found = guard.scan_paths([path], detector, config.shown, guard.cited_keys_of(Path("results/references.bib")))
    except NaskahError as exc:
        return [str(d) for d in exc.diagnostics]
    return [str(d) for d in found.errors]


def _inject(text: str, version: int) -> bytes:
    script = RELOAD % version
    at = text.rfind("</body>")
    text = text[:at] + script + text[at:] if at >= 0 else text + script
    return text.encode("utf-8")


def _page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body style='font-family:sans-serif;max-width:60em;margin:2em auto'><h1>{html.escape(title)}</h1>"
            f"{body}</body></html>").encode()


def _listing(intro: str, lines: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    again = html.escape(_("Save the file again once it is fixed."))
    return f"<p>{html.escape(intro)}</p><ul>{items}</ul><p>{again}</p>"


def handler_for(state: State):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            version, page, ok = state.snapshot()
            if self.path.startswith("/__naskah/state"):
                body, kind = json.dumps({"version": version, "ok": ok}).encode(), "application/json"
            elif self.path in ("/", "/index.html") or self.path.startswith("/?"):
                body, kind = _inject(page.decode("utf-8"), version), "text/html"  # every page reloads itself
            else:
                self.send_error(404, "naskah preview serves the draft at /")
                return
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # the terminal is for the build's messages
            return

    return Handler


def serve(port: int, config_path: str, mode: str | None, say, open_browser: bool = True,
          interval: float = 0.5, stop: threading.Event | None = None, announce=None) -> None:
    """Serve the draft on 127.0.0.1:*port* (0: a free port) and rebuild it whenever a source changes.
    *announce* prints the address (*say* masks every URL in a message, as it should a student's data)."""
    state = State()
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(state))
    except OSError as exc:
        raise InputError(_("cannot serve on 127.0.0.1:{port} ({error})", port=port, error=exc.strerror or exc),
                         hint=_("another program (or another naskah preview) uses it: choose --port N, or --port 0 "
                                "for any free port")) from None
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (announce or say)(_("naskah preview: serving {url} — it rebuilds whenever you save a source; stop with Ctrl+C",
                        url=url))
    stop = stop or threading.Event()
    root = Path.cwd()
    try:
        seen = sources_signature(root)
        rebuild(state, config_path, mode, say)
        if open_browser:
            webbrowser.open(url)
        while not stop.wait(interval):
            if sources_signature(root) == seen:
                continue
            time.sleep(interval / 2)  # an editor may write a file in several steps
            before, seen = seen, sources_signature(root)
            changed = sorted(k for k in set(seen) | set(before) if seen.get(k) != before.get(k))
            names = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
            say(_("naskah preview: {files} changed, rebuilding", files=names) if changed else _(
                "naskah preview: a source changed, rebuilding"))
            rebuild(state, config_path, mode, say)
    finally:
        server.shutdown()
        server.server_close()
