"""Command line of ``scripts/release``; see ``scripts/release --help``."""

from __future__ import annotations

import argparse
from pathlib import Path
import sys

from .package import (
    ZIP_NAME,
    ReleaseError,
    build_release,
    changelog_section,
    is_prerelease,
    version_from_tag,
)

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Run the command; 0 on success, 2 when the release cannot be built."""
    parser = argparse.ArgumentParser(
        prog="scripts/release",
        description="Build a release of the astros integration from a version tag.",
    )
    parser.add_argument(
        "--changelog", type=Path, default=REPO / "CHANGELOG.md", help="default: %(default)s"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        help="check the tag and the changelog, write the version into manifest.json, "
        f"build {ZIP_NAME}",
    )
    build.add_argument("tag", help="the release tag, e.g. v1.2.0")
    build.add_argument(
        "--integration",
        type=Path,
        default=REPO / "custom_components" / "astros",
        help="default: %(default)s",
    )
    build.add_argument(
        "--out", type=Path, default=REPO / "dist" / ZIP_NAME, help="default: %(default)s"
    )
    notes = commands.add_parser("notes", help="print the changelog section of the tag's version")
    notes.add_argument("tag")
    check = commands.add_parser(
        "check-tag", help="print the tag's version, and 'prerelease' when it is one"
    )
    check.add_argument("tag")
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            names = build_release(args.tag, args.integration, args.changelog, args.out)
            print(f"{args.out}: {len(names)} files, version {version_from_tag(args.tag)}")
        elif args.command == "notes":
            version = version_from_tag(args.tag)
            sys.stdout.write(changelog_section(args.changelog.read_text(encoding="utf-8"), version))
        else:
            version = version_from_tag(args.tag)
            print(version, "prerelease" if is_prerelease(version) else "release")
    except (ReleaseError, OSError) as err:
        print(f"scripts/release: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
