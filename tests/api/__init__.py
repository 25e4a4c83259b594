"""Tests of the ASTROS API client."""
