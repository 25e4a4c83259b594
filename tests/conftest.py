"""Shared fixtures.

Importing the integration here makes Home Assistant's loader find it instead of
the pytest plugin's own ``custom_components`` package.
"""

from __future__ import annotations

import pytest

import custom_components.astros  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let every test load custom integrations."""
