"""Build the release zip of the integration and the release notes.

A release is a tag ``vMAJOR.MINOR.PATCH`` (optionally with a PEP 440
pre-release suffix: ``v1.2.0b1``, ``v1.2.0rc1``). Building it:

1. checks the tag and that ``CHANGELOG.md`` has a section for its version;
2. writes that version into ``manifest.json`` (nothing else in it changes);
3. zips the integration directory so that the zip's root holds its contents
   (``manifest.json``, ``__init__.py``, ``translations/``, ...), which is what
   HACS unpacks into ``custom_components/astros`` for ``zip_release``.
   Byte-code caches and hidden files are left out; entries are sorted and
   carry a fixed time stamp, so the same tree gives the same zip.
"""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path, PurePosixPath
import re
import zipfile

ZIP_NAME = "astros.zip"

_TAG = re.compile(
    r"v(?P<version>(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)"
    r"(?P<pre>(?:a|b|rc)(?:0|[1-9]\d*))?)"
)
_SECTION = re.compile(r"^## \[(?P<name>[^\]]+)\](?P<rest>.*)$")
_MANIFEST_VERSION = re.compile(r'(?P<key>"version"\s*:\s*)"(?:[^"\\]|\\.)*"')
_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s*\S+")
_EXCLUDED_DIRS = frozenset({"__pycache__"})
_EXCLUDED_SUFFIXES = frozenset({".pyc", ".pyo"})
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class ReleaseError(Exception):
    """The release cannot be built; the message says why."""


def version_from_tag(tag: str) -> str:
    """The version a release tag names: ``v1.2.3`` -> ``1.2.3``."""
    match = _TAG.fullmatch(tag)
    if match is None:
        raise ReleaseError(
            f"{tag!r} is not a release tag: expected vMAJOR.MINOR.PATCH, "
            "optionally followed by aN, bN or rcN (e.g. v1.2.0, v1.3.0b1)"
        )
    return match["version"]


def is_prerelease(version: str) -> bool:
    """Whether the version is an alpha, beta or release candidate."""
    match = _TAG.fullmatch(f"v{version}")
    if match is None:
        raise ReleaseError(f"{version!r} is not a release version")
    return match["pre"] is not None


def manifest_with_version(text: str, version: str) -> str:
    """The manifest text with its ``version`` set; everything else kept as it is."""
    try:
        manifest = json.loads(text)
    except ValueError as err:
        raise ReleaseError(f"manifest.json is not valid JSON: {err}") from err
    if not isinstance(manifest, dict):
        raise ReleaseError("manifest.json is not a JSON object")
    expected = {**manifest, "version": version}
    # Replace the value in place so that the key order and layout stay; fall
    # back to re-serialising when the text has no single plain "version".
    new, count = _MANIFEST_VERSION.subn(lambda match: f"{match['key']}{json.dumps(version)}", text)
    if count == 1 and json.loads(new) == expected:
        return new
    return json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def write_manifest_version(integration: Path, version: str) -> None:
    """Write the version into the integration's ``manifest.json``."""
    path = integration / "manifest.json"
    if not path.is_file():
        raise ReleaseError(f"{path} does not exist")
    path.write_text(
        manifest_with_version(path.read_text(encoding="utf-8"), version), encoding="utf-8"
    )


def integration_files(integration: Path) -> list[PurePosixPath]:
    """The files that belong in the release, relative to the integration, sorted."""

    def walk(directory: Path) -> Iterator[Path]:
        for entry in sorted(directory.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                if entry.name not in _EXCLUDED_DIRS:
                    yield from walk(entry)
            elif entry.suffix not in _EXCLUDED_SUFFIXES:
                yield entry

    return sorted(
        PurePosixPath(path.relative_to(integration).as_posix()) for path in walk(integration)
    )


def build_zip(integration: Path, out: Path) -> list[str]:
    """Zip the integration's release files into ``out``; returns the entry names."""
    files = integration_files(integration)
    names = [str(name) for name in files]
    if "manifest.json" not in names:
        raise ReleaseError(f"{integration} has no manifest.json: not an integration")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (integration / name).read_bytes())
    return names


def changelog_section(changelog: str, version: str) -> str:
    """The body of the ``## [VERSION]`` section of a Keep a Changelog file."""
    body: list[str] | None = None
    for line in changelog.splitlines():
        heading = _SECTION.match(line)
        if heading is not None or (body is not None and line.startswith("# ")):
            if body is not None:
                break
            if heading is not None and heading["name"] == version:
                body = []
            continue
        if body is not None and not _LINK_DEFINITION.match(line):
            body.append(line)
    if body is None:
        raise ReleaseError(
            f"CHANGELOG.md has no section '## [{version}] - YYYY-MM-DD': move the "
            "entries under [Unreleased] into one before tagging"
        )
    text = "\n".join(body).strip()
    if not text:
        raise ReleaseError(f"the CHANGELOG.md section for {version} is empty")
    return text + "\n"


def build_release(tag: str, integration: Path, changelog: Path, out: Path) -> list[str]:
    """Everything the release workflow does before uploading: check, write, zip."""
    version = version_from_tag(tag)
    changelog_section(changelog.read_text(encoding="utf-8"), version)
    write_manifest_version(integration, version)
    return build_zip(integration, out)
