"""Fixtures of the Assist tests: the station as device "Room 101" in area "Room 101"."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

ROOM = "Room 101"


@pytest.fixture
async def assist(hass: HomeAssistant, init_integration: MockConfigEntry) -> dr.DeviceEntry:
    """Assist (the built-in conversation agent) and the station named and placed "Room 101".

    The station's own name allows no spaces (``ASTROS-1``); the device is
    renamed in Home Assistant, as a user does on the device page, so its
    entities are called "Room 101 AirPlay" and so on.
    """
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    area = ar.async_get(hass).async_create(ROOM)
    registry = dr.async_get(hass)
    (device,) = dr.async_entries_for_config_entry(registry, init_integration.entry_id)
    device = registry.async_update_device(device.id, area_id=area.id, name_by_user=ROOM)
    assert device is not None
    await hass.async_block_till_done()
    return device
