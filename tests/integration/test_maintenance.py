"""The slow maintenance checks: online firmware check and factory password check."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_PASSWORD, STATE_OFF
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.const import DOMAIN, MAINTENANCE_FIRST_CHECK_DELAY
from simulator import FaultKind, SimulatedStation

from ..conftest import FACTORY_ISSUE, REBOOT_ISSUE
from ..helpers import FIRMWARE_ENTITY, NEW_FIRMWARE, async_check_for_updates, async_tick


async def test_firmware_check(
    hass: HomeAssistant,
    station: SimulatedStation,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The vendor is asked minutes after setup and every 6 hours, on demand at most every 5 min."""
    maintenance = init_integration.runtime_data.maintenance
    assert maintenance.data.latest_firmware is None  # not during setup
    await async_tick(hass, freezer, MAINTENANCE_FIRST_CHECK_DELAY[1])
    assert maintenance.data.latest_firmware == station.state.firmware_version
    assert not maintenance.firmware_update_available

    station.state.available_firmware = "9.3.0.1"
    await maintenance.async_check_firmware_now()
    assert maintenance.data.latest_firmware == "9.3.0.1"
    assert maintenance.firmware_update_available

    station.state.available_firmware = "9.3.0.2"
    await maintenance.async_check_firmware_now()  # too soon
    assert maintenance.data.latest_firmware == "9.3.0.1"
    await async_tick(hass, freezer, 300)
    await maintenance.async_check_firmware_now()
    assert maintenance.data.latest_firmware == "9.3.0.2"

    station.state.available_firmware = "9.3.0.3"
    await async_tick(hass, freezer, 6 * 3600)  # the scheduled check
    assert maintenance.data.latest_firmware == "9.3.0.3"

    station.state.vendor_reachable = False
    await async_tick(hass, freezer, 6 * 3600)  # a failed scheduled check is quiet
    assert maintenance.last_update_success
    assert maintenance.data.latest_firmware == "9.3.0.3"
    with pytest.raises(HomeAssistantError) as err:
        await maintenance.async_check_firmware_now()
    assert err.value.translation_key == "station_refused"


@pytest.mark.parametrize("api_version", ["v2"])
async def test_check_is_rate_limited(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A second check within minutes does not ask the station again."""
    await async_check_for_updates(hass)
    station.state.available_firmware = NEW_FIRMWARE
    await async_check_for_updates(hass)
    assert hass.states.get(FIRMWARE_ENTITY).state == STATE_OFF


async def _setup_with_factory_password(
    hass: HomeAssistant, entry: MockConfigEntry, station: SimulatedStation
) -> None:
    station.state.password = "admin"
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PASSWORD: "admin"})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("api_version", ["v2"])
async def test_factory_password_issue(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
    station: SimulatedStation,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A v2 station with the factory password raises a warning until it is changed."""
    await _setup_with_factory_password(hass, mock_config_entry, station)
    issue = issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.is_fixable  # fixed from its repair flow (test_settings_extra)
    assert issue.translation_placeholders == {
        "name": "ASTROS-1",
        "url": f"http://{station.host}:{station.port}",
    }

    # Known from before the login: setting up did not ask again.
    model_reads = [p for m, p in station.requests if p.endswith("/model")]
    assert len(model_reads) == 1

    # Changed on the station: keys already issued stay valid.
    station.state.password = "Better2025"
    await async_tick(hass, freezer, MAINTENANCE_FIRST_CHECK_DELAY[0] - 5)
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is not None  # not checked yet
    await async_tick(hass, freezer, MAINTENANCE_FIRST_CHECK_DELAY[1])
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is None


@pytest.mark.parametrize("api_version", ["v2"])
async def test_factory_password_issue_removed_on_unload(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
    station: SimulatedStation,
) -> None:
    """Unloading the entry removes its issues."""
    await _setup_with_factory_password(hass, mock_config_entry, station)
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is not None
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is None


@pytest.mark.parametrize("api_version", ["v2"])
async def test_factory_password_check_failure_keeps_state(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
    station: SimulatedStation,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A failed check neither raises nor clears the issue."""
    await _setup_with_factory_password(hass, mock_config_entry, station)
    station.faults.add(FaultKind.HTTP_500, count=None, path="model")
    await async_tick(hass, freezer, 6 * 3600)
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is not None


@pytest.mark.parametrize("api_version", ["v1", "v2"])
@pytest.mark.usefixtures("init_integration")
async def test_no_factory_password_issue(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    """A station with its own password (and every v1 station) raises nothing."""
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is None
    assert issue_registry.async_get_issue(DOMAIN, REBOOT_ISSUE) is None
