"""Issue 14 items 4 and 5 in Home Assistant, against the simulator.

The factory password fixed from its repair; Wi-Fi channel and networking mode
selects, the v1 NTP port, the v2 Wi-Fi client sensors and the button that
cancels a running v2 firmware download.
"""

from __future__ import annotations

import asyncio
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.components.number import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.components.repairs import DOMAIN as REPAIRS_DOMAIN
from homeassistant.components.select import ATTR_OPTION, SERVICE_SELECT_OPTION
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_PASSWORD, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.astros.const import DOMAIN
from simulator import FaultKind, SimulatedStation

from ..conftest import FACTORY_ISSUE
from ..helpers import async_tick, call, state_of
from .test_repairs import _start_fix_flow, async_process_repairs_platforms

NEW_PASSWORD = "Better2026"


def entity_id(hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str) -> str | None:
    """The entity id of the description ``key`` of the entry's station, if it exists."""
    return er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{entry.unique_id}_{key}")


def existing(hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str) -> str:
    """The entity id of ``key`` (it must exist)."""
    found = entity_id(hass, entry, platform, key)
    assert found is not None, key
    return found


# Item 4: the factory password


async def _setup_with_factory_password(
    hass: HomeAssistant, entry: MockConfigEntry, station: SimulatedStation
) -> None:
    station.state.password = "admin"
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PASSWORD: "admin"})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    await async_process_repairs_platforms(hass)


async def _submit(http: Any, flow_id: str, password: str, confirm: str) -> dict[str, Any]:
    resp = await http.post(
        f"/api/repairs/issues/fix/{flow_id}",
        json={"password": password, "password_confirm": confirm},
    )
    assert resp.status == 200
    result: dict[str, Any] = await resp.json()
    return result


@pytest.mark.parametrize("api_version", ["v2"])
async def test_factory_password_fixed(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
    station: SimulatedStation,
) -> None:
    """Mismatch and rule refused; then the station, the entry and the issue all change."""
    entry = mock_config_entry
    await _setup_with_factory_password(hass, entry, station)
    issue = issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE)
    assert issue is not None and issue.is_fixable

    http = await hass_client()
    result = await _start_fix_flow(http, FACTORY_ISSUE)
    assert result["type"] == "form"
    assert result["step_id"] == "password"
    assert "1 to 16 letters" in result["description_placeholders"]["rule"]
    flow_id = result["flow_id"]

    result = await _submit(http, flow_id, NEW_PASSWORD, "Better2027")
    assert result["errors"] == {"password_confirm": "password_mismatch"}
    result = await _submit(http, flow_id, "not allowed!", "not allowed!")
    assert result["errors"] == {"password": "password_rule"}
    result = await _submit(http, flow_id, "x" * 17, "x" * 17)
    assert result["errors"] == {"password": "password_rule"}
    assert station.state.password == "admin"

    result = await _submit(http, flow_id, NEW_PASSWORD, NEW_PASSWORD)
    assert result["type"] == "create_entry"
    assert station.state.password == NEW_PASSWORD
    assert entry.data[CONF_PASSWORD] == NEW_PASSWORD
    assert entry.runtime_data.maintenance.data.factory_password is False
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is None

    # The stored password works for a fresh start.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is None


@pytest.mark.parametrize("api_version", ["v2"])
async def test_factory_password_refused_keeps_old(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
    station: SimulatedStation,
) -> None:
    """The station refuses: the form says so, the entry keeps the old (working) password."""
    entry = mock_config_entry
    await _setup_with_factory_password(hass, entry, station)
    http = await hass_client()
    result = await _start_fix_flow(http, FACTORY_ISSUE)
    station.faults.add(FaultKind.ERROR_CODE, path="admin/password", error_code=1001)
    result = await _submit(http, result["flow_id"], NEW_PASSWORD, NEW_PASSWORD)
    assert result["type"] == "form"
    assert result["errors"] == {"base": "password_refused"}
    assert NEW_PASSWORD not in result["description_placeholders"]["error"]
    assert station.state.password == "admin"
    assert entry.data[CONF_PASSWORD] == "admin"
    assert entry.runtime_data.client.settings.password == "admin"
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is not None
    # The old password still works.
    await entry.runtime_data.coordinator.async_refresh()
    assert entry.runtime_data.coordinator.last_update_success


@pytest.mark.parametrize("api_version", ["v2"])
async def test_factory_password_flow_entry_gone(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mock_config_entry: MockConfigEntry,
    station: SimulatedStation,
) -> None:
    """A flow for a station no longer set up aborts."""
    await _setup_with_factory_password(hass, mock_config_entry, station)
    http = await hass_client()
    result = await _start_fix_flow(http, FACTORY_ISSUE)
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    result = await _submit(http, result["flow_id"], NEW_PASSWORD, NEW_PASSWORD)
    assert result["type"] == "abort"
    assert result["reason"] == "entry_not_loaded"
    assert station.state.password == "admin"


# Item 5: the settings still missing


@pytest.mark.parametrize(("api_version", "expected"), [("v1", 1), ("v2", 1)])
async def test_networking_mode(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry, expected: int
) -> None:
    """NAT or bridge on both generations."""
    select = existing(hass, init_integration, "select", "networking_mode")
    assert state_of(hass, select).state == "nat"
    assert state_of(hass, select).attributes["options"] == ["nat", "bridge"]
    band = station.state.wifi.band
    await call(hass, "select", SERVICE_SELECT_OPTION, select, **{ATTR_OPTION: "bridge"})
    assert station.state.wifi.networking_mode == expected
    assert station.state.wifi.band == band
    assert state_of(hass, select).state == "bridge"


@pytest.mark.parametrize("api_version", ["v2"])
async def test_wifi_channel(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The documented 5 GHz channels; on 2.4 GHz none shows and choosing is refused."""
    select = existing(hass, init_integration, "select", "wifi_channel")
    assert state_of(hass, select).attributes["options"] == ["36", "44", "149", "157"]
    station.state.wifi.band = 0
    await async_tick(hass, freezer, 600)
    assert state_of(hass, select).state == STATE_UNKNOWN
    with pytest.raises(ServiceValidationError):
        await call(hass, "select", SERVICE_SELECT_OPTION, select, **{ATTR_OPTION: "149"})
    station.state.wifi.band = 1
    await call(hass, "select", SERVICE_SELECT_OPTION, select, **{ATTR_OPTION: "149"})
    assert station.state.wifi.channel == 149
    assert state_of(hass, select).state == "149"


@pytest.mark.parametrize("api_version", ["v1"])
async def test_no_wifi_channel_on_v1(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """v1 has no channel, no Wi-Fi client sensors and no download to cancel."""
    assert entity_id(hass, init_integration, "select", "wifi_channel") is None
    assert entity_id(hass, init_integration, "sensor", "wifi_client_ssid") is None
    assert entity_id(hass, init_integration, "button", "cancel_firmware_download") is None


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_ntp_port(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """v1: the NTP port, the server kept; v2 has none."""
    number = entity_id(hass, init_integration, "number", "ntp_port")
    if station.api == "v2":
        assert number is None
        return
    assert number is not None
    assert state_of(hass, number).state == "123"
    server = station.state.ntp_server
    await call(hass, "number", SERVICE_SET_VALUE, number, **{ATTR_VALUE: 1123})
    assert station.state.ntp_port == 1123
    assert station.state.ntp_server == server
    assert state_of(hass, number).state == "1123"
    with pytest.raises(ServiceValidationError):
        await call(hass, "number", SERVICE_SET_VALUE, number, **{ATTR_VALUE: 70000})
    assert station.state.ntp_port == 1123


@pytest.mark.parametrize("api_version", ["v2"])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_wifi_client_sensors(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Unknown as an access point; SSID and signal once connected to another network."""
    ssid = existing(hass, init_integration, "sensor", "wifi_client_ssid")
    level = existing(hass, init_integration, "sensor", "wifi_client_signal_level")
    dbm = existing(hass, init_integration, "sensor", "wifi_client_signal_strength")
    assert state_of(hass, ssid).state == STATE_UNKNOWN
    assert state_of(hass, level).state == STATE_UNKNOWN
    station.state.wifi.mode = "STA"
    station.state.wifi.connection = {
        "connected": True,
        "ssid": "Office-WiFi",
        "security": "WPA2",
        "level": 4,
        "freq": 2437,
    }
    await async_tick(hass, freezer, 120)
    assert state_of(hass, ssid).state == "Office-WiFi"
    assert state_of(hass, level).state == "4"
    assert state_of(hass, dbm).state == STATE_UNKNOWN
    station.state.wifi.connection = {"connected": True, "ssid": "Lab-5G", "level": -58}
    await async_tick(hass, freezer, 120)
    assert state_of(hass, ssid).state == "Lab-5G"
    assert state_of(hass, dbm).state == "-58"
    assert state_of(hass, dbm).attributes["unit_of_measurement"] == "dBm"


@pytest.mark.parametrize("api_version", ["v2"])
async def test_cancel_firmware_download(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """Without a download it says so; pressed during one it stops the download and the install."""
    button = existing(hass, init_integration, "button", "cancel_firmware_download")
    assert state_of(hass, button).state != STATE_UNAVAILABLE
    coordinator = init_integration.runtime_data.coordinator
    with pytest.raises(ServiceValidationError) as refused:
        await call(hass, "button", SERVICE_PRESS, button)
    assert refused.value.translation_key == "no_firmware_download"

    station.config.update_seconds = 60
    station.state.available_firmware = "2.1.0.7"
    install = hass.async_create_task(coordinator.async_install_firmware())
    for _ in range(100):
        await asyncio.sleep(0.1)
        if coordinator.download_running:
            break
    assert coordinator.download_running
    assert station.state.ota_status == 1

    await call(hass, "button", SERVICE_PRESS, button)
    assert station.state.ota_status == 0
    with pytest.raises(HomeAssistantError) as err:
        await install
    assert err.value.translation_key == "firmware_download_cancelled"
    assert coordinator.install_progress is None
    await hass.async_block_till_done()
    assert station.state.firmware_version != "2.1.0.7"
