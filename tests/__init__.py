"""Tests of the astros project."""
