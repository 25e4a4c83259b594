"""The three languages have exactly the same translation keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / "astros" / "translations"


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        flat: dict[str, Any] = {}
        for key, value in node.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
        return flat
    return {prefix: node}


def _load(language: str) -> dict[str, Any]:
    return _flatten(json.loads((TRANSLATIONS / f"{language}.json").read_text("utf-8")))


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_same_keys_as_english(language: str) -> None:
    """Every key of en.json exists in the translation, and nothing more."""
    english, other = _load("en"), _load(language)
    assert sorted(set(english) - set(other)) == [], "missing in " + language
    assert sorted(set(other) - set(english)) == [], "not in en.json"


@pytest.mark.parametrize("language", ["en", "zh-Hant", "zh-Hans"])
def test_values_complete(language: str) -> None:
    """No value is empty, no value refers to another key, every value is text."""
    for key, value in _load(language).items():
        assert isinstance(value, str), key
        assert value.strip(), f"{key} is empty"
        assert "[%key:" not in value, f"{key} refers to another key"


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_same_placeholders(language: str) -> None:
    """A translation uses exactly the placeholders of the English text."""
    import string

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english, other = _load("en"), _load(language)
    for key, value in english.items():
        if key in other:
            assert names(other[key]) == names(value), key
