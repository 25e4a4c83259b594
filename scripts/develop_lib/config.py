"""Write the demo's Home Assistant configuration directory (standard library only).

The configuration is not ``default_config``: it loads the frontend and the
APIs the demo uses and nothing that needs hardware, a network to discover or a
cloud account (no cameras, media players, DHCP/SSDP/zeroconf/Bluetooth
watching, no recorder). Home Assistant also always sets up its small set of
built-in integrations (``DEFAULT_INTEGRATIONS``: person, backup, automation...),
which work anywhere.

Onboarding is marked complete, so Home Assistant opens on the login page
instead of the "create your home" wizard; the owner login itself is made by
:mod:`.owner`.
"""

from __future__ import annotations

import json
from pathlib import Path
import shutil

from . import INTEGRATION_DIR

#: the onboarding steps of Home Assistant 2025.4 and later (``onboarding.const.STEPS``)
ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")
#: ``onboarding.STORAGE_VERSION``; a newer Home Assistant migrates it up
ONBOARDING_STORAGE_VERSION = 4

FRONTEND_STUB_DIR = "frontend_stub"


def _yaml_str(value: str) -> str:
    """A YAML scalar for ``value`` (a JSON string is a valid YAML string)."""
    return json.dumps(value)


def configuration_yaml(
    config_dir: Path,
    *,
    port: int,
    frontend: bool = True,
    debug: bool = False,
) -> str:
    """The text of ``configuration.yaml``."""
    if frontend:
        frontend_block = "frontend:\n"
    else:
        # Home Assistant always sets up the frontend (and starts in recovery
        # mode when it cannot). Without the home-assistant-frontend package a
        # development_repo without files keeps the frontend integration
        # working for the APIs; only the web pages are missing.
        stub = config_dir / FRONTEND_STUB_DIR
        frontend_block = f"frontend:\n  development_repo: {_yaml_str(str(stub))}\n"
    astros_level = "debug" if debug else "info"
    return f"""\
# Written by scripts/develop (scripts/develop_lib/config.py) on every start:
# edits here are lost. Only what the ASTROS demo needs is loaded; there is no
# default_config on purpose.
homeassistant:
  name: ASTROS demo
  latitude: 52.5200
  longitude: 13.4050
  elevation: 34
  unit_system: metric
  currency: EUR
  country: DE
  language: en
  time_zone: Europe/Berlin
  internal_url: "http://127.0.0.1:{port}"

http:
  server_host: 127.0.0.1
  server_port: {port}

{frontend_block}
# The Settings pages (integrations, devices, entities).
config:
api:
websocket_api:

logger:
  default: warning
  logs:
    custom_components.astros: {astros_level}
"""


def onboarding_storage() -> dict[str, object]:
    """``.storage/onboarding`` with every step done."""
    return {
        "version": ONBOARDING_STORAGE_VERSION,
        "minor_version": 1,
        "key": "onboarding",
        "data": {"done": list(ONBOARDING_STEPS)},
    }


def _link_integration(config_dir: Path, integration_dir: Path) -> None:
    """Make ``custom_components/astros`` a symbolic link to the repository's."""
    custom = config_dir / "custom_components"
    custom.mkdir(parents=True, exist_ok=True)
    link = custom / integration_dir.name
    target = integration_dir.resolve()
    if link.is_symlink():
        if link.resolve() == target:
            return
        link.unlink()
    elif link.exists():
        shutil.rmtree(link)
    try:
        link.symlink_to(target, target_is_directory=True)
    except OSError:  # pragma: no cover - file systems without symbolic links
        shutil.copytree(target, link, ignore=shutil.ignore_patterns("__pycache__"))


def write_config(
    config_dir: Path,
    *,
    port: int,
    frontend: bool = True,
    debug: bool = False,
    integration_dir: Path = INTEGRATION_DIR,
) -> None:
    """Create or refresh the configuration directory.

    ``configuration.yaml`` and the integration link are rewritten every time;
    ``.storage/onboarding`` only when it is missing (Home Assistant owns it).
    """
    config_dir = config_dir.resolve()
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "configuration.yaml").write_text(
        configuration_yaml(config_dir, port=port, frontend=frontend, debug=debug),
        encoding="utf-8",
    )
    if not frontend:
        (config_dir / FRONTEND_STUB_DIR / "hass_frontend").mkdir(parents=True, exist_ok=True)
    storage = config_dir / ".storage"
    storage.mkdir(exist_ok=True)
    onboarding = storage / "onboarding"
    if not onboarding.exists():
        onboarding.write_text(json.dumps(onboarding_storage(), indent=2), encoding="utf-8")
        onboarding.chmod(0o600)
    _link_integration(config_dir, integration_dir)
