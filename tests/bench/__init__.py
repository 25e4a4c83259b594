"""Tests of the benchmark report (scripts/bench_lib): pure functions only."""
