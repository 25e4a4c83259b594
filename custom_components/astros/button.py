"""Buttons of an ASTROS station: reboot and start a firmware update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.update import DOMAIN as UPDATE_DOMAIN, SERVICE_INSTALL
from homeassistant.const import ATTR_ENTITY_ID, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import AstrosConfigEntry
from .compat import ButtonDeviceClass
from .const import DOMAIN, REBOOT_OFFLINE_SECONDS
from .coordinator import AstrosCoordinator
from .entity import AstrosEntity

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosButtonEntityDescription(ButtonEntityDescription):
    """An action the station performs."""

    press_fn: Callable[[AstrosCoordinator], Awaitable[None]]


async def _reboot(coordinator: AstrosCoordinator) -> None:
    # The station goes silent while it restarts: that is not an error.
    coordinator.expect_offline(REBOOT_OFFLINE_SECONDS)
    try:
        await coordinator.async_execute(coordinator.client.async_reboot)
    except Exception:
        coordinator.expect_offline(0)
        raise


async def _start_firmware_update(coordinator: AstrosCoordinator) -> None:
    if not coordinator.firmware_update_available:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="no_firmware_update",
            translation_placeholders={
                "installed": coordinator.data.firmware_version or "?",
            },
        )
    hass = coordinator.hass
    registry = er.async_get(hass)
    entity_id = registry.async_get_entity_id(
        UPDATE_DOMAIN, DOMAIN, f"{coordinator.config_entry.unique_id}_firmware"
    )
    if entity_id is None or hass.states.get(entity_id) is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="firmware_entity_unavailable"
        )
    # The update entity runs the whole update (download, install, waiting for
    # the station to come back) and shows its progress; a button press returns
    # at once instead of for the minutes that takes.
    await hass.services.async_call(
        UPDATE_DOMAIN, SERVICE_INSTALL, {ATTR_ENTITY_ID: entity_id}, blocking=False
    )


BUTTONS: tuple[AstrosButtonEntityDescription, ...] = (
    AstrosButtonEntityDescription(
        key="reboot",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        press_fn=_reboot,
    ),
    AstrosButtonEntityDescription(
        key="start_firmware_update",
        translation_key="start_firmware_update",
        entity_category=EntityCategory.CONFIG,
        press_fn=_start_firmware_update,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(AstrosButton(coordinator, description) for description in BUTTONS)


class AstrosButton(AstrosEntity, ButtonEntity):
    """Ask the station to do something."""

    entity_description: AstrosButtonEntityDescription

    async def async_press(self) -> None:
        """Perform the action."""
        await self.entity_description.press_fn(self.coordinator)
