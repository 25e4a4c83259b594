"""Packaging of a release: the version from the tag, ``astros.zip`` for HACS.

``scripts/release`` is the command line; ``.github/workflows/release.yml``
calls it and ``tests/release`` tests it.
"""
