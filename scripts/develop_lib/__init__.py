"""Helpers of ``scripts/develop`` and of the end-to-end test.

- :mod:`.config` writes a Home Assistant configuration directory that loads only
  what the demo needs, with onboarding already complete (standard library only).
- :mod:`.owner` creates the owner login with Home Assistant's own auth code
  (runs in the Python environment that has Home Assistant).
- :mod:`.live` talks to the running Home Assistant: waits for it, logs in,
  makes a long-lived token, adds the stations through the config flow.

``python -m scripts.develop_lib --help`` (from the repository root) lists the
commands ``scripts/develop`` runs.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
INTEGRATION_DIR = REPO_ROOT / "custom_components" / "astros"

DEFAULT_USERNAME = "demo"
DEFAULT_PASSWORD = "demo"  # noqa: S105 - the demo's documented login
DEFAULT_HA_PORT = 8123
DEFAULT_SIMULATOR_PORT = 8300
DEFAULT_CONTROL_PORT = 8299
SIMULATOR_USERNAME = "admin"
SIMULATOR_PASSWORD = "Astros2025"  # noqa: S105 - the simulator's documented account

#: file in the configuration directory holding the demo's long-lived token
TOKEN_FILE = ".astros_develop_token"  # noqa: S105 - a file name
