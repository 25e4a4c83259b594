"""Buttons of an ASTROS station: reboot and start a firmware update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import AstrosConfigEntry
from .const import DOMAIN, FIRMWARE_UPDATE_OFFLINE_SECONDS, REBOOT_OFFLINE_SECONDS
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
    coordinator.expect_offline(FIRMWARE_UPDATE_OFFLINE_SECONDS)
    try:
        await coordinator.async_execute(coordinator.client.async_start_firmware_update)
    except Exception:
        coordinator.expect_offline(0)
        raise


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
