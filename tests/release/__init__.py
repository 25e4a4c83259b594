"""Tests of the release packaging (scripts/release)."""
