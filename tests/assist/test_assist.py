"""Voice control: Home Assistant's built-in conversation agent changes the simulated station.

Each sentence goes through Assist's default agent (hassil and the
home-assistant-intents sentences of the running Home Assistant), which
resolves the spoken name among the entities exposed to Assist and calls
the entity's service; the test then checks the simulated station itself.
"""

from __future__ import annotations

import asyncio

from homeassistant.components import conversation
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.const import MAJOR_VERSION
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er, intent
from homeassistant.setup import async_setup_component
import pytest

from simulator import SimulatedStation

pytestmark = pytest.mark.usefixtures("assist")


async def converse(hass: HomeAssistant, sentence: str) -> intent.IntentResponse:
    """What Assist answers to ``sentence`` (in English)."""
    result = await conversation.async_converse(hass, sentence, None, Context(), "en")
    await hass.async_block_till_done()
    return result.response


async def say(hass: HomeAssistant, sentence: str) -> None:
    """Say ``sentence``; Assist must have understood it and acted."""
    response = await converse(hass, sentence)
    assert response.response_type is intent.IntentResponseType.ACTION_DONE, response.speech


def entity_id(hass: HomeAssistant, key: str) -> str:
    """The entity id of the station's entity with description key ``key``."""
    registry = er.async_get(hass)
    for entry in registry.entities.values():
        station = hass.config_entries.async_get_entry(entry.config_entry_id or "")
        # The whole key: "reboot" must not find "daily_reboot".
        if station is not None and entry.unique_id == f"{station.unique_id}_{key}":
            return entry.entity_id
    raise AssertionError(f"no entity {key}")


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.parametrize(
    ("spoken", "attribute"),
    [
        ("AirPlay", "allow_airplay"),
        ("Google Cast", "allow_google_cast"),
        ("Miracast", "allow_miracast"),
    ],
)
async def test_receivers_by_voice(
    hass: HomeAssistant, station: SimulatedStation, spoken: str, attribute: str
) -> None:
    """ "Turn off Room 101 AirPlay" switches the v2 station's receiver off, and on again."""
    assert getattr(station.state, attribute) is True
    await say(hass, f"turn off Room 101 {spoken}")
    assert getattr(station.state, attribute) is False
    await say(hass, f"turn on Room 101 {spoken}")
    assert getattr(station.state, attribute) is True


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_remote_view_by_voice(hass: HomeAssistant, station: SimulatedStation) -> None:
    """ "Turn off/on Room 101 remote view" on both generations."""
    assert station.state.remote_view is True
    await say(hass, "turn off Room 101 remote view")
    assert station.state.remote_view is False
    await say(hass, "turn on Room 101 remote view")
    assert station.state.remote_view is True
    if MAJOR_VERSION >= 2026:
        await say(hass, "turn off remote view in Room 101")
        assert station.state.remote_view is False


async def test_display_by_voice_v1(hass: HomeAssistant, station: SimulatedStation) -> None:
    """ "Turn off Room 101 display" turns a v1 station's display off."""
    assert station.state.display_on is True
    await say(hass, "turn off Room 101 display")
    assert station.state.display_on is False
    await say(hass, "turn on Room 101 display")
    assert station.state.display_on is True
    if MAJOR_VERSION >= 2026:
        await say(hass, "turn off display in Room 101")
        assert station.state.display_on is False


@pytest.mark.parametrize("api_version", ["v2"])
async def test_name_in_area(hass: HomeAssistant, station: SimulatedStation) -> None:
    """ "Turn off AirPlay in Room 101": by itself from Home Assistant 2026, with an alias before.

    Home Assistant 2025.4 matches only whole entity names ("Room 101 AirPlay")
    and aliases, the area only narrows the search: the switch needs the alias
    "AirPlay". 2026 also matches the entity's own name among the area's devices.
    """
    if MAJOR_VERSION < 2026:
        response = await converse(hass, "turn off AirPlay in Room 101")
        assert response.response_type is intent.IntentResponseType.ERROR
        assert station.state.allow_airplay is True
        er.async_get(hass).async_update_entity(entity_id(hass, "airplay"), aliases={"AirPlay"})
    await say(hass, "turn off AirPlay in Room 101")
    assert station.state.allow_airplay is False


@pytest.mark.parametrize(
    ("api_version", "key"),
    [("v1", "vga_output"), ("v2", "daily_reboot"), ("v2", "hide_ssid")],
)
async def test_settings_not_exposed(
    hass: HomeAssistant, station: SimulatedStation, key: str
) -> None:
    """Configuration switches are not exposed to Assist: the station keeps its setting."""
    before = (station.state.vga_enabled, station.state.daily_reboot, station.state.wifi.hide_ssid)
    assert not async_should_expose(hass, conversation.DOMAIN, entity_id(hass, key))
    name = {
        "vga_output": "VGA output",
        "daily_reboot": "daily reboot",
        "hide_ssid": "hide Wi-Fi SSID",
    }
    response = await converse(hass, f"turn on Room 101 {name[key]}")
    assert response.response_type is intent.IntentResponseType.ERROR
    assert (
        station.state.vga_enabled,
        station.state.daily_reboot,
        station.state.wifi.hide_ssid,
    ) == before


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_exposed_by_default(hass: HomeAssistant, api_version: str) -> None:
    """Exactly the everyday switches are exposed; no button, select or sensor is."""
    registry = er.async_get(hass)
    exposed = sorted(
        entry.unique_id.split("_", 1)[1]
        for entry in registry.entities.values()
        if entry.platform == "astros"
        and async_should_expose(hass, conversation.DOMAIN, entry.entity_id)
    )
    expected = (
        ["display", "remote_view"]
        if api_version == "v1"
        else [
            "airplay",
            "google_cast",
            "miracast",
            "remote_view",
        ]
    )
    assert exposed == sorted(expected)


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_restart_has_no_built_in_sentence(
    hass: HomeAssistant, station: SimulatedStation
) -> None:
    """ "Restart Room 101" is not a sentence Assist knows: nothing restarts."""
    response = await converse(hass, "restart Room 101")
    assert response.response_type is intent.IntentResponseType.ERROR
    assert response.error_code is intent.IntentResponseErrorCode.NO_INTENT_MATCH
    await asyncio.sleep(0.05)
    assert not station.rebooting
    assert station.state.reboot_count == 0


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_restart_with_a_sentence_automation(
    hass: HomeAssistant, station: SimulatedStation, assist: dr.DeviceEntry
) -> None:
    """An automation with a sentence trigger makes "restart Room 101" press Restart."""
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "triggers": [{"trigger": "conversation", "command": "restart Room 101"}],
                "actions": [
                    {
                        "action": "button.press",
                        "target": {"entity_id": entity_id(hass, "reboot")},
                    },
                    {"set_conversation_response": "Restarting Room 101"},
                ],
            }
        },
    )
    await hass.async_block_till_done()
    response = await converse(hass, "restart Room 101")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert response.speech["plain"]["speech"] == "Restarting Room 101"
    assert station.rebooting or station.state.reboot_count == 1
    assert any("reboot" in path for method, path in station.requests if method != "GET")
