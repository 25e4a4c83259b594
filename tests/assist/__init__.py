"""Tests of voice control through Home Assistant's built-in conversation agent (Assist)."""
