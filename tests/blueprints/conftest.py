"""Fixtures of the blueprint tests.

``blueprints`` copies the project's blueprints into the test configuration
folder (a temporary one, not the test plugin's own) where Home Assistant's
blueprint integration finds them under ``astros/<file>.yaml``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Coroutine
from datetime import datetime
from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

SOURCE = Path(__file__).parents[2] / "blueprints" / "automation" / "astros"
BLUEPRINTS = sorted(path.name for path in SOURCE.glob("*.yaml"))


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """The simulator needs real sockets on 127.0.0.1."""


@pytest.fixture
def blueprints(hass: HomeAssistant, tmp_path: Path) -> Path:
    """The project's blueprints in ``<config>/blueprints/automation/astros/``."""
    hass.config.config_dir = str(tmp_path)
    target = Path(hass.config.path("blueprints", "automation", "astros"))
    target.mkdir(parents=True)
    for name in BLUEPRINTS:
        shutil.copy(SOURCE / name, target / name)
    return target


type UseBlueprint = Callable[[str, dict[str, Any]], Coroutine[Any, Any, None]]


@pytest.fixture
async def use_blueprint(hass: HomeAssistant, blueprints: Path) -> AsyncGenerator[UseBlueprint]:
    """Set up one automation from ``astros/<name>`` with ``inputs``.

    The automation is turned off at the end, which removes its time and
    calendar listeners.
    """

    async def setup(name: str, inputs: dict[str, Any]) -> None:
        assert await async_setup_component(
            hass,
            "automation",
            {
                "automation": {
                    "alias": name,
                    "use_blueprint": {"path": f"astros/{name}", "input": inputs},
                }
            },
        )
        await hass.async_block_till_done()
        states = hass.states.async_all("automation")
        assert [state.state for state in states] == ["on"], states

    yield setup
    if hass.states.async_all("automation"):
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A time in Home Assistant's time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=dt_util.get_default_time_zone())


async def async_move_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move the frozen clock to ``when`` and run what is due."""
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await hass.async_block_till_done(wait_background_tasks=True)
