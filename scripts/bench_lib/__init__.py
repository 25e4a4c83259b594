"""Benchmarks of the ASTROS integration (run them with ``scripts/bench``).

Nothing here is collected by the test run: the modules are plain programs that
``scripts/bench`` starts, each measurement that must not share a process with
another in a fresh interpreter.
"""
