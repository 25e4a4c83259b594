"""Tests of the station simulator."""
