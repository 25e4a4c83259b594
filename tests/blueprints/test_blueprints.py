"""The blueprints, loaded by Home Assistant's blueprint integration, run against the simulator."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.components.switch import SwitchEntity
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    label_registry as lr,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    async_mock_service,
    mock_config_flow,
    mock_integration,
    mock_platform,
    setup_test_component_platform,
)

from simulator import SimulatedStation

from .conftest import BLUEPRINTS, UseBlueprint, async_move_to, local

MONDAY = (2026, 12, 7)
TUESDAY = (2026, 12, 8)
WEDNESDAY = (2026, 12, 9)


def station_device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    """The station's device."""
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device


def entity_id(hass: HomeAssistant, key: str) -> str:
    """The entity id of the station's entity with description key ``key``."""
    for entry in er.async_get(hass).entities.values():
        station = hass.config_entries.async_get_entry(entry.config_entry_id or "")
        # The whole key: "reboot" must not find "daily_reboot".
        if station is not None and entry.unique_id == f"{station.unique_id}_{key}":
            return entry.entity_id
    raise AssertionError(f"no entity {key}")


async def poll(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Let the integration poll the station now."""
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


def in_area(hass: HomeAssistant, entry: MockConfigEntry, name: str) -> str:
    """Put the station into a new area ``name``; its id."""
    area = ar.async_get(hass).async_create(name)
    dr.async_get(hass).async_update_device(station_device(hass, entry).id, area_id=area.id)
    return area.id


@pytest.mark.usefixtures("blueprints")
async def test_blueprints_load(hass: HomeAssistant) -> None:
    """Every blueprint is valid for Home Assistant's blueprint integration."""
    assert BLUEPRINTS == [
        "calendar_login_code.yaml",
        "nightly_restart.yaml",
        "notify_firmware_or_restart.yaml",
        "receivers_off_outside_opening_hours.yaml",
    ]
    domain_blueprints = async_get_blueprints(hass)
    for name in BLUEPRINTS:
        blueprint = await domain_blueprints.async_get_blueprint(f"astros/{name}")
        assert blueprint.domain == "automation"
        assert blueprint.name.startswith("ASTROS ")
        assert blueprint.metadata["source_url"].endswith(f"/blueprints/automation/astros/{name}")


# (a) receivers off outside opening hours


async def add_switch_of_another_integration(hass: HomeAssistant, switch: SwitchEntity) -> None:
    """Add ``switch`` through a config entry of a mock integration ``test``."""

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [Platform.SWITCH])
        return True

    mock_integration(hass, MockModule("test", async_setup_entry=setup_entry))
    mock_platform(hass, "test.config_flow")
    setup_test_component_platform(hass, Platform.SWITCH, [switch], from_config_entry=True)
    entry = MockConfigEntry(domain="test")
    entry.add_to_hass(hass)
    with mock_config_flow("test", ConfigFlow):
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


class LampSwitch(SwitchEntity):
    """A switch of another integration."""

    _attr_name = "Lamp"
    _attr_unique_id = "lamp"
    _attr_is_on = True

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on."""
        self._attr_is_on = True

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off."""
        self._attr_is_on = False


@pytest.mark.parametrize("api_version", ["v2"])
async def test_receivers_off_outside_opening_hours(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Receivers of the stations in the area go off at closing time, on at opening on open days.

    The clock moves less than a day at a time, as it does for real: a jump over
    several days would fire every skipped time trigger at once.

    A switch of another integration in the same area is not touched, nor is Remote view.
    """
    await async_move_to(hass, freezer, local(*MONDAY, 18))
    area_id = in_area(hass, init_integration, "Room 101")
    lamp = LampSwitch()
    await add_switch_of_another_integration(hass, lamp)
    assert lamp.entity_id is not None
    er.async_get(hass).async_update_entity(lamp.entity_id, area_id=area_id)
    await use_blueprint(
        "receivers_off_outside_opening_hours.yaml",
        {
            "stations": {"area_id": area_id},
            "opening_time": "08:00:00",
            "closing_time": "19:00:00",
            "opening_days": ["mon", "tue", "thu", "fri"],
        },
    )
    state = station.state

    def receivers() -> tuple[bool, bool, bool]:
        return (state.allow_airplay, state.allow_google_cast, state.allow_miracast)

    assert receivers() == (True, True, True)

    await async_move_to(hass, freezer, local(*MONDAY, 19))
    assert receivers() == (False, False, False)
    assert state.remote_view is True
    assert lamp.is_on

    await async_move_to(hass, freezer, local(*TUESDAY, 8))
    assert receivers() == (True, True, True)

    # Tuesday evening off; Wednesday is not an opening day here: they stay off.
    await async_move_to(hass, freezer, local(*TUESDAY, 19))
    assert receivers() == (False, False, False)
    await async_move_to(hass, freezer, local(*WEDNESDAY, 8))
    assert receivers() == (False, False, False)
    assert lamp.is_on


async def test_remote_view_of_a_chosen_station(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A v1 station chosen as a device, with Remote view chosen: remote view off, display kept."""
    await async_move_to(hass, freezer, local(*MONDAY, 6))
    await use_blueprint(
        "receivers_off_outside_opening_hours.yaml",
        {
            "stations": {"device_id": [station_device(hass, init_integration).id]},
            "receivers": ["remote_view"],
            "opening_time": "07:30:00",
            "closing_time": "07:00:00",
            "opening_days": ["mon"],
        },
    )
    display_off = station.state.display_on
    await async_move_to(hass, freezer, local(*MONDAY, 7))
    assert station.state.remote_view is False
    assert station.state.display_on is display_off
    await async_move_to(hass, freezer, local(*MONDAY, 7, 30))
    assert station.state.remote_view is True


# (b) nightly restart


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_nightly_restart(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Stations labelled "Meeting rooms" restart at the chosen time, not before."""
    await async_move_to(hass, freezer, local(*MONDAY, 1))
    label = lr.async_get(hass).async_create("Meeting rooms")
    dr.async_get(hass).async_update_device(
        station_device(hass, init_integration).id, labels={label.label_id}
    )
    await use_blueprint(
        "nightly_restart.yaml", {"stations": {"label_id": label.label_id}, "time": "03:00:00"}
    )
    await async_move_to(hass, freezer, local(*MONDAY, 2, 59))
    assert not station.rebooting
    await async_move_to(hass, freezer, local(*MONDAY, 3))
    assert station.rebooting
    assert any(method in {"POST", "PUT"} and "reboot" in path for method, path in station.requests)
    # Only the Restart button was pressed, not "Start firmware update".
    assert station.state.ota_status == 0
    assert station.state.pending_firmware is None


async def test_nightly_restart_on_chosen_days(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A Restart button chosen directly; a day that is not chosen does nothing."""
    await async_move_to(hass, freezer, local(*MONDAY, 1))
    await use_blueprint(
        "nightly_restart.yaml",
        {
            "stations": {"entity_id": entity_id(hass, "reboot")},
            "time": "03:00:00",
            "days": ["tue"],
        },
    )
    await async_move_to(hass, freezer, local(*MONDAY, 3))
    assert not station.rebooting
    await async_move_to(hass, freezer, local(*TUESDAY, 3))
    assert station.rebooting


# (c) notify about firmware updates and required restarts


@pytest.fixture
def notify_calls(hass: HomeAssistant) -> list[ServiceCall]:
    """Calls of a ``notify.phone`` action."""
    return async_mock_service(hass, "notify", "phone")


NOTIFY = [
    {
        "action": "notify.phone",
        "data": {"title": "{{ reason }}", "message": "{{ message }}"},
    }
]


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_notify_restart_required(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    notify_calls: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    """The station reporting that it must restart sends one notification."""
    await use_blueprint(
        "notify_firmware_or_restart.yaml",
        {
            "firmware_updates": [entity_id(hass, "firmware")],
            "restart_required": [entity_id(hass, "reboot_required")],
            "notify": NOTIFY,
        },
    )
    assert hass.states.get(entity_id(hass, "reboot_required")).state == "off"
    station.state.reboot_required = True
    await poll(hass, init_integration)
    assert hass.states.get(entity_id(hass, "reboot_required")).state == "on"
    assert [call.data for call in notify_calls] == [
        {"title": "restart_required", "message": "ASTROS-1 must restart to apply a change."}
    ]
    await poll(hass, init_integration)
    assert len(notify_calls) == 1


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_notify_firmware_update(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    notify_calls: list[ServiceCall],
) -> None:
    """A newer firmware found by a check sends a notification naming both versions."""
    dr.async_get(hass).async_update_device(
        station_device(hass, init_integration).id, name_by_user="Room 101"
    )
    firmware = entity_id(hass, "firmware")
    await use_blueprint(
        "notify_firmware_or_restart.yaml", {"firmware_updates": [firmware], "notify": NOTIFY}
    )
    installed = station.state.firmware_version
    station.state.available_firmware = "9.9.9.9"
    assert await async_setup_component(hass, "homeassistant", {})
    await hass.services.async_call(
        "homeassistant", "update_entity", {ATTR_ENTITY_ID: firmware}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get(firmware).state == "on"
    assert [call.data for call in notify_calls] == [
        {
            "title": "firmware_update",
            "message": f"Room 101: firmware 9.9.9.9 is available (installed: {installed}).",
        }
    ]


async def test_notify_default_action(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Without a notification chosen, a persistent notification is created."""
    calls = async_mock_service(hass, "persistent_notification", "create")
    await use_blueprint(
        "notify_firmware_or_restart.yaml",
        {"restart_required": [entity_id(hass, "reboot_required")]},
    )
    station.state.reboot_required = True
    await poll(hass, init_integration)
    assert [call.data for call in calls] == [
        {"title": "Presentation station", "message": "ASTROS-1 must restart to apply a change."}
    ]


# (d) a fixed login code during calendar events


class MeetingCalendar(CalendarEntity):
    """A calendar with fixed events."""

    _attr_name = "Meetings"
    _attr_unique_id = "meetings"

    def __init__(self, events: list[CalendarEvent]) -> None:
        """Hold ``events``."""
        self._events = events

    @property
    def event(self) -> CalendarEvent | None:
        """The event running now."""
        now = datetime.now().astimezone()
        return next((e for e in self._events if e.start <= now < e.end), None)

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Events overlapping the span."""
        return [e for e in self._events if e.start < end_date and e.end > start_date]


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_calendar_login_code(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    use_blueprint: UseBlueprint,
    freezer: FrozenDateTimeFactory,
) -> None:
    """During the event the station has the fixed code; afterwards a random one again."""
    await async_move_to(hass, freezer, local(*MONDAY, 9, 50))
    meeting = CalendarEvent(
        start=local(*MONDAY, 10), end=local(*MONDAY, 11), summary="Board meeting"
    )
    setup_test_component_platform(hass, "calendar", [MeetingCalendar([meeting])])
    assert await async_setup_component(hass, "calendar", {"calendar": {"platform": "test"}})
    await hass.async_block_till_done()
    area_id = in_area(hass, init_integration, "Board room")
    await use_blueprint(
        "calendar_login_code.yaml",
        {"calendar": "calendar.meetings", "stations": {"area_id": area_id}, "code": "2468"},
    )
    state = station.state
    assert (state.login_code_type, state.login_code) == (0, "4321")

    await async_move_to(hass, freezer, local(*MONDAY, 10))
    assert (state.login_code_type, state.login_code) == (2, "2468")

    # The calendar trigger looks 15 minutes ahead: let time pass in steps.
    for minute in range(5, 60, 5):
        await async_move_to(hass, freezer, local(*MONDAY, 10, minute))
        assert (state.login_code_type, state.login_code) == (2, "2468")
    await async_move_to(hass, freezer, local(*MONDAY, 11))
    assert state.login_code_type == 0
    assert hass.states.get(entity_id(hass, "login_code_mode")).state == "random"
