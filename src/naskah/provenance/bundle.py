"""``naskah bundle``: one archive an examiner can verify the draft from.

An examiner may have no access to the student's repository, and transcripts may be handed over only
in person. The bundle holds the manifest, a ``SHA256SUMS`` of every input and artefact, instructions
in the thesis language, the project's non-confidential sources (so ``naskah verify`` runs without git),
the published drafts, and — only with ``--with-data`` — the confidential files (transcripts, identity
map) in their own folder, to be handed over separately. The archive is deterministic (sorted members,
the build's timestamp, no owner names): the same build gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

from naskah.core.errors import InputError
from naskah.core.files import sha256_file
from naskah.core.messages import _, n_
from naskah.provenance.load import PACKAGE_PREFIX
from naskah.provenance.manifest import CONFIDENTIAL

ROOT = "naskah-verify"

INSTRUCTIONS = {
    "id": """Paket verifikasi naskah
=======================

Isi:
  provenance.json   manifest build: setiap masukan, keluaran, tabel, angka dan kutipan
  SHA256SUMS        sha256 setiap masukan dan keluaran (di dalam project/:
                    sha256sum -c --ignore-missing ../SHA256SUMS)
  project/          sumber naskah (tanpa data rahasia){drafts}{data}

Langkah:
  1. Pasang naskah {version} (pip install naskah=={version}) dengan Python {python}.
  2. cd project
  3. naskah verify ../provenance.json{data_arg}{draft_arg}

verify membangun ulang semuanya di folder bersih (sekitar setengah menit) dan membandingkan setiap
berkas, angka, sel tabel dan kutipan dengan manifest. Tanpa transkrip (--data), verify memeriksa semua
yang dapat dihitung ulang dari pengodean yang tercatat dan menyebutkan apa yang tidak dapat diperiksa.
Commit: {commit}
""",
    "en": """naskah verification package
===========================

Contents:
  provenance.json   the build's manifest: every input, output, table, number and quotation
  SHA256SUMS        sha256 of every input and output (inside project/:
                    sha256sum -c --ignore-missing ../SHA256SUMS)
  project/          the thesis sources (no confidential data){drafts}{data}

Steps:
  1. Install naskah {version} (pip install naskah=={version}) with Python {python}.
  2. cd project
  3. naskah verify ../provenance.json{data_arg}{draft_arg}

verify rebuilds everything in a clean folder (about half a minute) and compares every file, number,
table cell and quotation with the manifest. Without the transcripts (--data) it checks everything that
can be recomputed from the recorded coding and says what it could not check.
Commit: {commit}
""",
}


def bundle(manifest: dict, manifest_bytes: bytes, project: Path, out: Path, with_data: bool) -> list[str]:
    """Write the archive to *out*; returns its member names. Every file packed must still have the hash
    the manifest records (a changed file means the bundle would not match the draft)."""
    members: dict[str, bytes] = {"provenance.json": manifest_bytes}
    sums: list[str] = []
    changed: list[str] = []
    confidential: list[str] = []
    for item in manifest["inputs"]:
        path = item["path"]
        if path.startswith(PACKAGE_PREFIX):
            continue
        source = project / path
        if not source.is_file():
            if item["kind"] in CONFIDENTIAL:
                confidential.append(path)
                continue
            raise InputError(_("{path} is recorded in the manifest but missing here", path=path), path,
                             hint=_("bundle from the project that made the build"))
        if sha256_file(source) != item["sha256"]:
            changed.append(path)
            continue
        sums.append(f"{item['sha256']}  {path}")
        if item["kind"] in CONFIDENTIAL:
            confidential.append(path)
            if with_data:
                members[f"data/{path}"] = source.read_bytes()
        else:
            members[f"project/{path}"] = source.read_bytes()
    if changed:
        raise InputError(n_("{n} input changed since this build: {paths}",
                            "{n} inputs changed since this build: {paths}", len(changed), paths=", ".join(changed[:5])),
                         hint=_("rebuild (snakemake -c2) so the manifest matches the files, then bundle again"))
    drafts = []
    for artefact in manifest["artefacts"]:
        sums.append(f"{artefact['sha256']}  {artefact['path']}")
        if artefact["path"].startswith("results/thesis.") and not artefact["path"].endswith(".md"):
            source = project / artefact["path"]
            if source.is_file() and sha256_file(source) == artefact["sha256"]:
                members[f"received/{Path(artefact['path']).name}"] = source.read_bytes()
                drafts.append(Path(artefact["path"]).name)
    if with_data and not any(k.startswith("data/") for k in members):
        raise InputError(_("--with-data: none of the confidential files the manifest records is in this project"),
                         hint=_("bundle from the project that holds the transcripts"))
    members["SHA256SUMS"] = ("\n".join(sorted(sums, key=lambda line: line[66:])) + "\n").encode("utf-8")
    language = manifest.get("language", "id")
    versions = manifest["environment"].get("versions", {})
    text = INSTRUCTIONS.get(language, INSTRUCTIONS["en"]).format(
        version=versions.get("naskah"), python=versions.get("python"),
        commit=manifest["environment"].get("git", {}).get("commit") or "—",
        drafts=("\n  received/         " + ", ".join(drafts)) if drafts else "",
        data=("\n  data/             " + ("transkrip rahasia: serahkan terpisah" if language == "id" else
                                         "confidential transcripts: hand over separately")) if with_data else "",
        data_arg=" --data ../data" if with_data else "",
        draft_arg=f" ../received/{drafts[0]}" if drafts else "")
    members["README.txt"] = text.encode("utf-8")
    _write(out, members, manifest["epoch"])
    return sorted(members)


def _write(out: Path, members: dict[str, bytes], epoch: int) -> None:
    """A deterministic .tar.gz, written atomically."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(members):
            data = members[name]
            info = tarfile.TarInfo(f"{ROOT}/{name}")
            info.size, info.mtime, info.mode = len(data), epoch, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=epoch) as gz:
        gz.write(buffer.getvalue())
    from naskah.core import files

    files.write_bytes(out, packed.getvalue())
