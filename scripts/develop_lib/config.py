"""Write the demo's Home Assistant configuration directory (standard library only).

The configuration loads what ``default_config`` brings that runs on a plain
machine (:data:`DEMO_COMPONENTS`: automations, scripts, scenes, history,
logbook, recorder, energy, Assist...), each part of ``default_config`` left
out is named with its reason (:data:`LEFT_OUT`, written into
``configuration.yaml`` too). Home Assistant also always sets up its built-in
integrations (``DEFAULT_INTEGRATIONS``: automation, script, scene, person,
helpers, backup...), which work anywhere.

A component whose Python requirements (or those of a component it depends
on) are not installed in the environment that runs Home Assistant is left
out as well, with that reason (the test environments lack a few; the demo's
own environment, ``requirements.txt``, has them all).

Onboarding is marked complete, so Home Assistant opens on the login page
instead of the "create your home" wizard; the owner login itself is made by
:mod:`.owner`.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from pathlib import Path
import re
import shutil

from . import INTEGRATION_DIR

#: the onboarding steps of Home Assistant 2025.4 and later (``onboarding.const.STEPS``)
ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")
#: ``onboarding.STORAGE_VERSION``; a newer Home Assistant migrates it up
ONBOARDING_STORAGE_VERSION = 4

FRONTEND_STUB_DIR = "frontend_stub"

#: What the demo loads beyond Home Assistant's always-loaded integrations, and why.
DEMO_COMPONENTS: dict[str, str] = {
    "config": "the Settings pages (integrations, devices, entities, automations)",
    "api": "the REST API (scripts/develop's setup step, curl)",
    "websocket_api": "the frontend's connection",
    "recorder": "stores states for history, logbook and energy (SQLite in the config directory)",
    "history": "history graphs of the station's entities",
    "logbook": "what happened when (a switch turned off, a station rebooted)",
    "energy": "the energy dashboard",
    "conversation": 'Assist: ask in words ("turn off AirPlay on ASTROS-2")',
    "assist_pipeline": "Assist's dialog in the frontend",
    "sun": "sunrise/sunset for automations",
    "media_source": "media browser (wallpapers a person may upload)",
    "my": "my.home-assistant.io links open in this instance",
    "webhook": "webhook-triggered automations",
    "mobile_app": "the companion apps can log in",
    "repairs": "the Repairs page (the integration raises repair issues)",
    "system_log": "Settings > System > Logs",
}

#: The parts of ``default_config`` the demo leaves out, and why.
LEFT_OUT: dict[str, str] = {
    "bluetooth": "needs a Bluetooth adapter and BlueZ/D-Bus",
    "usb": "watches USB hardware",
    "dhcp": "watches the network's DHCP traffic (raw sockets)",
    "ssdp": "network discovery by multicast",
    "zeroconf": "network discovery by multicast (mDNS)",
    "cloud": "needs a Nabu Casa account and the internet",
    "homeassistant_alerts": "fetches alerts from alerts.home-assistant.io (the internet)",
    "go2rtc": "camera streaming server: downloads or needs the go2rtc binary",
    "stream": "camera streams: needs PyAV/FFmpeg, and there are no cameras",
}


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
    loaded, skipped = demo_components()
    components = "".join(f"# {why}\n{name}:\n" for name, why in loaded.items())
    left_out = "".join(f"#   {name}: {why}\n" for name, why in {**LEFT_OUT, **skipped}.items())
    return f"""\
# Written by scripts/develop (scripts/develop_lib/config.py) on every start:
# edits here are lost. What default_config brings that runs on a plain
# machine is loaded one by one below; left out, with the reason:
{left_out}
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
{components}
logger:
  default: warning
  logs:
    custom_components.astros: {astros_level}
"""


def _requirement_name(requirement: str) -> str:
    """``"SQLAlchemy==2.0.39"`` -> ``"SQLAlchemy"``."""
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]


def _missing_requirements(
    component: str, components_dir: Path, seen: set[str] | None = None
) -> list[str]:
    """Python requirements of ``component`` and its dependencies that are not installed."""
    seen = set() if seen is None else seen
    if component in seen:
        return []
    seen.add(component)
    try:
        manifest = json.loads((components_dir / component / "manifest.json").read_text("utf-8"))
    except OSError:
        return [f"the {component} integration"]
    missing: list[str] = []
    for requirement in manifest.get("requirements", []):
        try:
            importlib.metadata.version(_requirement_name(requirement))
        except importlib.metadata.PackageNotFoundError:
            missing.append(requirement)
    for dependency in manifest.get("dependencies", []):
        missing += _missing_requirements(dependency, components_dir, seen)
    return missing


def demo_components() -> tuple[dict[str, str], dict[str, str]]:
    """(component -> why) to load, and (component -> reason) of those this environment lacks.

    Without Home Assistant installed (the configuration written from another
    environment) every component is loaded.
    """
    spec = importlib.util.find_spec("homeassistant")
    if spec is None or not spec.submodule_search_locations:
        return dict(DEMO_COMPONENTS), {}
    components_dir = Path(next(iter(spec.submodule_search_locations))) / "components"
    loaded: dict[str, str] = {}
    skipped: dict[str, str] = {}
    for name, why in DEMO_COMPONENTS.items():
        missing = _missing_requirements(name, components_dir)
        if missing:
            skipped[name] = f"not installed here: {', '.join(sorted(set(missing)))}"
        else:
            loaded[name] = why
    return loaded, skipped


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


def demo_requirements() -> list[str]:
    """The Python requirements of everything the demo makes Home Assistant load.

    Home Assistant's always-loaded integrations, :data:`DEMO_COMPONENTS` and
    ``frontend`` (the home-assistant-frontend package), with their
    dependencies. For an environment made for the tests (the sid chroot's),
    which has Home Assistant but not these: ``scripts/lib/ensure-browser``
    installs them there. Needs Home Assistant installed.
    """
    from homeassistant import bootstrap  # noqa: PLC0415 - only where it is installed

    spec = importlib.util.find_spec("homeassistant")
    assert spec is not None and spec.submodule_search_locations
    components_dir = Path(next(iter(spec.submodule_search_locations))) / "components"
    wanted = {"frontend", *bootstrap.DEFAULT_INTEGRATIONS, *DEMO_COMPONENTS}
    seen: set[str] = set()
    requirements: set[str] = set()

    def visit(component: str) -> None:
        if component in seen:
            return
        seen.add(component)
        try:
            manifest = json.loads((components_dir / component / "manifest.json").read_text("utf-8"))
        except OSError:
            return
        requirements.update(manifest.get("requirements", []))
        for dependency in manifest.get("dependencies", []):
            visit(dependency)

    for component in sorted(wanted):
        visit(component)
    return sorted(requirements)
