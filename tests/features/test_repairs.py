"""Repair issues: factory password and reboot required."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import DOMAIN as REPAIRS_DOMAIN
from homeassistant.const import CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.astros.api.models import Resolution
from custom_components.astros.const import DOMAIN
from custom_components.astros.repairs import RebootRepairFlow, async_create_fix_flow
from simulator import FaultKind, SimulatedStation

from .helpers import async_tick, async_wait_back

ENTRY_ID = "01JASTROS0000000000000000"
FACTORY_ISSUE = f"factory_password_{ENTRY_ID}"
REBOOT_ISSUE = f"reboot_required_{ENTRY_ID}"


async def async_process_repairs_platforms(hass: HomeAssistant) -> None:
    """Load the repairs platforms where this Home Assistant wants it done up front.

    Until 2025 the repairs component processed them eagerly with this call;
    later versions load them lazily when a fix flow starts.
    """
    from homeassistant.components.repairs import issue_handler

    process = getattr(issue_handler, "async_process_repairs_platforms", None)
    if process is not None:
        await process(hass)


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
    assert not issue.is_fixable
    assert issue.translation_placeholders == {
        "name": "ASTROS-1",
        "url": f"http://{station.host}:{station.port}",
    }

    # Changed on the station: keys already issued stay valid.
    station.state.password = "Better2025"
    await async_tick(hass, freezer, 3600)
    assert issue_registry.async_get_issue(DOMAIN, FACTORY_ISSUE) is not None  # not checked yet
    await async_tick(hass, freezer, 5 * 3600)
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


async def _start_fix_flow(client: Any, issue_id: str) -> dict[str, Any]:
    resp = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert resp.status == HTTPStatus.OK
    result: dict[str, Any] = await resp.json()
    return result


async def _submit_fix_flow(client: Any, flow_id: str) -> dict[str, Any]:
    resp = await client.post(f"/api/repairs/issues/fix/{flow_id}", json={})
    assert resp.status == HTTPStatus.OK
    result: dict[str, Any] = await resp.json()
    return result


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_reboot_required_fix_flow(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    issue_registry: ir.IssueRegistry,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
) -> None:
    """A resolution change needs a reboot; the fix flow reboots and the issue goes away."""
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    await async_process_repairs_platforms(hass)
    coordinator = init_integration.runtime_data.coordinator
    client = init_integration.runtime_data.client

    await coordinator.async_execute(lambda: client.async_set_resolution(Resolution.HD_1280X720))
    await hass.async_block_till_done()
    assert station.state.reboot_required
    issue = issue_registry.async_get_issue(DOMAIN, REBOOT_ISSUE)
    assert issue is not None
    assert issue.is_fixable
    assert issue.severity is ir.IssueSeverity.WARNING

    http = await hass_client()
    result = await _start_fix_flow(http, REBOOT_ISSUE)
    assert result["type"] == "form"
    assert result["step_id"] == "confirm"
    assert result["description_placeholders"]["name"] == "ASTROS-1"

    result = await _submit_fix_flow(http, result["flow_id"])
    assert result["type"] == "create_entry"
    assert issue_registry.async_get_issue(DOMAIN, REBOOT_ISSUE) is None
    await async_wait_back(station)
    assert station.state.reboot_count == 1
    assert not station.state.reboot_required

    # The station answers again without the flag: the issue stays away.
    coordinator.expect_offline(0)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert not coordinator.data.reboot_required
    assert issue_registry.async_get_issue(DOMAIN, REBOOT_ISSUE) is None


@pytest.mark.parametrize("api_version", ["v2"])
async def test_reboot_required_clears_by_itself(
    hass: HomeAssistant,
    issue_registry: ir.IssueRegistry,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
) -> None:
    """A reboot outside Home Assistant clears the issue too."""
    coordinator = init_integration.runtime_data.coordinator
    station.state.reboot_required = True
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, REBOOT_ISSUE) is not None
    station.state.reboot_required = False
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, REBOOT_ISSUE) is None


@pytest.mark.parametrize("api_version", ["v2"])
async def test_reboot_fix_flow_failure(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    issue_registry: ir.IssueRegistry,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
) -> None:
    """A refused reboot shows the error in the form and keeps the issue."""
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    await async_process_repairs_platforms(hass)
    coordinator = init_integration.runtime_data.coordinator
    station.state.reboot_required = True
    await coordinator.async_refresh()
    await hass.async_block_till_done()

    http = await hass_client()
    result = await _start_fix_flow(http, REBOOT_ISSUE)
    station.faults.add(FaultKind.ERROR_CODE, error_code=1200, path="reboot")
    result = await _submit_fix_flow(http, result["flow_id"])
    assert result["type"] == "form"
    assert result["errors"] == {"base": "reboot_failed"}
    assert "error" in result["description_placeholders"]
    assert issue_registry.async_get_issue(DOMAIN, REBOOT_ISSUE) is not None
    assert station.state.reboot_count == 0
    assert not coordinator.offline_expected()


async def test_fix_flow_without_loaded_entry(hass: HomeAssistant) -> None:
    """The flow aborts when its station is not loaded; issues need an entry id."""
    flow = await async_create_fix_flow(hass, REBOOT_ISSUE, {"entry_id": "missing"})
    assert isinstance(flow, RebootRepairFlow)
    flow.hass = hass
    result = await flow.async_step_init()
    assert result["type"] == "abort"
    assert result["reason"] == "entry_not_loaded"
    with pytest.raises(ValueError, match="no config entry"):
        await async_create_fix_flow(hass, REBOOT_ISSUE, None)
