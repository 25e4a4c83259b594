"""The release packaging of scripts/release: what HACS users download.

The expected contents are worked out here from the integration directory with
os.walk, independently of scripts/release_lib's own file walk.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
import shutil
import subprocess
import sys
import zipfile

import pytest

from scripts.release_lib import package
from scripts.release_lib.__main__ import main
from scripts.release_lib.package import ReleaseError

REPO = Path(__file__).resolve().parents[2]
INTEGRATION = REPO / "custom_components" / "astros"

CHANGELOG = """\
# Changelog

## [Unreleased]

### Added

- Something for later.

## [1.2.3] - 2026-12-01

### Fixed

- The thing that was broken.

## [1.2.0b1] - 2026-11-20

### Added

- A beta feature.

## [1.1.0] - 2026-11-01

[Unreleased]: https://github.com/astros-dev/ha-astros/compare/v1.2.3...HEAD
[1.2.3]: https://github.com/astros-dev/ha-astros/compare/v1.1.0...v1.2.3
"""


def _source_files(root: Path) -> dict[str, bytes]:
    """What a person would call the integration's files: no caches, no dot files."""
    found: dict[str, bytes] = {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        for name in files:
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            path = Path(directory) / name
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the repository's integration plus a changelog, with build litter."""
    integration = tmp_path / "custom_components" / "astros"
    shutil.copytree(INTEGRATION, integration, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    return tmp_path


def _litter(integration: Path) -> None:
    """What a developer's checkout has and a release must not."""
    for cache in (integration / "__pycache__", integration / "api" / "__pycache__"):
        cache.mkdir(exist_ok=True)
        (cache / "client.cpython-313.pyc").write_bytes(b"\x00compiled")
    (integration / "stale.pyc").write_bytes(b"\x00")
    (integration / ".DS_Store").write_bytes(b"\x00")
    (integration / ".mypy_cache").mkdir()
    (integration / ".mypy_cache" / "cache.json").write_text("{}")


def _build(tree: Path, tag: str) -> Path:
    out = tree / "dist" / "astros.zip"
    package.build_release(tag, tree / "custom_components" / "astros", tree / "CHANGELOG.md", out)
    return out


def test_zip_root_holds_every_integration_file_and_nothing_else(tree: Path) -> None:
    integration = tree / "custom_components" / "astros"
    expected = _source_files(integration)
    _litter(integration)

    out = _build(tree, "v1.2.3")

    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        contents = {name: archive.read(name) for name in names}
    assert sorted(names) == sorted(expected)
    assert len(names) == len(set(names))
    for name in names:
        assert "__pycache__" not in name
        assert not name.endswith((".pyc", ".pyo"))
        assert not name.startswith(("/", "custom_components/", "astros/"))
    # The files Home Assistant needs, at the root where HACS unpacks them.
    for required in ("manifest.json", "__init__.py", "config_flow.py", "services.yaml"):
        assert required in names
    for translation in (INTEGRATION / "translations").iterdir():
        assert f"translations/{translation.name}" in names
    if (INTEGRATION / "brand").is_dir():
        assert any(name.startswith("brand/") for name in names)
    # Every file is the repository's own, byte for byte, except the manifest.
    for name, data in contents.items():
        if name != "manifest.json":
            assert data == (INTEGRATION / name).read_bytes(), name


def test_manifest_gets_the_tag_version_and_nothing_else_changes(tree: Path) -> None:
    original = (INTEGRATION / "manifest.json").read_text(encoding="utf-8")

    out = _build(tree, "v1.2.3")

    written = (tree / "custom_components" / "astros" / "manifest.json").read_text(encoding="utf-8")
    with zipfile.ZipFile(out) as archive:
        zipped = archive.read("manifest.json").decode()
    assert zipped == written
    assert json.loads(zipped) == {**json.loads(original), "version": "1.2.3"}
    changed = [
        (old, new)
        for old, new in zip(original.splitlines(), written.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [(changed[0][0], '  "version": "1.2.3"')]
    assert '"version"' in changed[0][0]


def test_brand_images_are_included(tree: Path) -> None:
    brand = tree / "custom_components" / "astros" / "brand"
    brand.mkdir(exist_ok=True)
    (brand / "icon.png").write_bytes(b"\x89PNG\r\n\x1a\n fake")

    with zipfile.ZipFile(_build(tree, "v1.2.3")) as archive:
        assert archive.read("brand/icon.png") == b"\x89PNG\r\n\x1a\n fake"


def test_zip_unpacks_into_a_working_integration_directory(tree: Path) -> None:
    """What HACS does with zip_release: unpack into custom_components/astros."""
    out = _build(tree, "v1.2.3")
    target = tree / "config" / "custom_components" / "astros"
    target.mkdir(parents=True)
    with zipfile.ZipFile(out) as archive:
        archive.extractall(target)
        infos = archive.infolist()

    unpacked = _source_files(target)
    source = _source_files(tree / "custom_components" / "astros")
    assert unpacked == source
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos)
    assert all((info.external_attr >> 16) & 0o777 == 0o644 for info in infos)


def test_same_tree_gives_the_same_zip(tree: Path) -> None:
    first = _build(tree, "v1.2.3").read_bytes()
    os.utime(tree / "custom_components" / "astros" / "const.py", (1, 1))
    second = _build(tree, "v1.2.3").read_bytes()
    assert first == second


@pytest.mark.parametrize(
    ("tag", "version", "prerelease"),
    [
        ("v0.1.0", "0.1.0", False),
        ("v1.2.3", "1.2.3", False),
        ("v10.20.30", "10.20.30", False),
        ("v1.3.0a1", "1.3.0a1", True),
        ("v1.3.0b2", "1.3.0b2", True),
        ("v2.0.0rc1", "2.0.0rc1", True),
    ],
)
def test_good_tags(tag: str, version: str, prerelease: bool) -> None:
    assert package.version_from_tag(tag) == version
    assert package.is_prerelease(version) is prerelease


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "1.2.3",
        "V1.2.3",
        "v1.2",
        "v1",
        "v1.2.3.4",
        "v01.2.3",
        "v1.02.3",
        "v1.2.3-beta",
        "v1.2.3-beta.1",
        "v1.2.3+local",
        "v1.2.3b",
        "v1.2.3rc01",
        "v1.2.3 ",
        " v1.2.3",
        "v1.2.3\n",
        "refs/tags/v1.2.3",
        "vX.Y.Z",
        "latest",
        "v1.2.3/../../etc",
    ],
)
def test_bad_tags_are_refused_before_anything_is_written(tree: Path, tag: str) -> None:
    manifest = tree / "custom_components" / "astros" / "manifest.json"
    before = manifest.read_bytes()
    with pytest.raises(ReleaseError, match="is not a release tag"):
        _build(tree, tag)
    assert manifest.read_bytes() == before
    assert not (tree / "dist").exists()


def test_is_prerelease_refuses_what_is_no_version() -> None:
    with pytest.raises(ReleaseError):
        package.is_prerelease("1.2")


def test_a_version_without_a_changelog_section_is_refused(tree: Path) -> None:
    manifest = tree / "custom_components" / "astros" / "manifest.json"
    before = manifest.read_bytes()
    with pytest.raises(ReleaseError, match=r"no section '## \[1\.2\.4\]"):
        _build(tree, "v1.2.4")
    assert manifest.read_bytes() == before
    assert not (tree / "dist").exists()


def test_an_empty_changelog_section_is_refused(tree: Path) -> None:
    with pytest.raises(ReleaseError, match=r"section for 1\.1\.0 is empty"):
        _build(tree, "v1.1.0")


def test_release_notes_are_the_version_section() -> None:
    notes = package.changelog_section(CHANGELOG, "1.2.3")
    assert notes == "### Fixed\n\n- The thing that was broken.\n"
    beta = package.changelog_section(CHANGELOG, "1.2.0b1")
    assert beta == "### Added\n\n- A beta feature.\n"


def test_notes_stop_at_the_next_top_level_heading() -> None:
    text = "## [1.0.0] - 2026-01-01\n\n- One.\n\n# Older history\n\n- Not this.\n"
    assert package.changelog_section(text, "1.0.0") == "- One.\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_bad_manifest_is_refused(text: str, message: str) -> None:
    with pytest.raises(ReleaseError, match=message):
        package.manifest_with_version(text, "1.0.0")


def test_manifest_without_a_version_gets_one() -> None:
    text = '{\n  "domain": "astros",\n  "name": "x"\n}\n'
    assert json.loads(package.manifest_with_version(text, "1.0.0")) == {
        "domain": "astros",
        "name": "x",
        "version": "1.0.0",
    }


def test_only_the_top_level_version_is_replaced() -> None:
    text = '{"domain": "astros", "x": {"version": "keep"}, "version": "0.0.1"}'
    result = json.loads(package.manifest_with_version(text, "2.0.0"))
    assert result == {"domain": "astros", "x": {"version": "keep"}, "version": "2.0.0"}


def test_a_directory_without_manifest_is_no_integration(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text("")
    with pytest.raises(ReleaseError, match=r"no manifest\.json"):
        package.build_zip(tmp_path, tmp_path / "out.zip")
    with pytest.raises(ReleaseError, match="does not exist"):
        package.write_manifest_version(tmp_path, "1.0.0")


def test_command_line_builds_and_refuses(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    integration = tree / "custom_components" / "astros"
    out = tree / "dist" / "astros.zip"
    args = ["--changelog", str(tree / "CHANGELOG.md")]
    build = ["build", "--integration", str(integration), "--out", str(out)]

    assert main([*args, *build, "v1.2.3"]) == 0
    assert "version 1.2.3" in capsys.readouterr().out
    assert zipfile.is_zipfile(out)

    assert main([*args, "notes", "v1.2.3"]) == 0
    assert capsys.readouterr().out == "### Fixed\n\n- The thing that was broken.\n"

    assert main(["check-tag", "v1.2.0b1"]) == 0
    assert capsys.readouterr().out == "1.2.0b1 prerelease\n"
    assert main(["check-tag", "v1.2.0"]) == 0
    assert capsys.readouterr().out == "1.2.0 release\n"

    assert main([*args, *build, "1.2.3"]) == 2
    assert "'1.2.3' is not a release tag" in capsys.readouterr().err
    assert main(["--changelog", str(tree / "missing.md"), "notes", "v1.2.3"]) == 2
    assert "missing.md" in capsys.readouterr().err


def test_scripts_release_runs_without_the_test_venv(tree: Path) -> None:
    """The release workflow runs scripts/release with a bare Python."""
    out = tree / "dist" / "astros.zip"
    env = {**os.environ, "PYTHON": sys.executable}
    done = subprocess.run(
        [
            str(REPO / "scripts" / "release"),
            "--changelog",
            str(tree / "CHANGELOG.md"),
            "build",
            "v1.2.0b1",
            "--integration",
            str(tree / "custom_components" / "astros"),
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert json.loads(archive.read("manifest.json"))["version"] == "1.2.0b1"

    refused = subprocess.run(
        [str(REPO / "scripts" / "release"), "check-tag", "release-1"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "not a release tag" in refused.stderr


def test_repository_is_set_up_for_the_zip_release() -> None:
    """hacs.json names the zip the release builds; the current version has notes."""
    hacs = json.loads((REPO / "hacs.json").read_text(encoding="utf-8"))
    assert hacs["zip_release"] is True
    assert hacs["filename"] == package.ZIP_NAME
    version = json.loads((INTEGRATION / "manifest.json").read_text(encoding="utf-8"))["version"]
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert package.changelog_section(changelog, version).strip()
    workflow = (REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert f'scripts/release build "$TAG" --out dist/{package.ZIP_NAME}' in workflow
