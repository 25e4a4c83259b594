"""Tests of the blueprints in blueprints/automation/astros/."""
