"""Buttons of an ASTROS station: restart, start a firmware update, cancel its download."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api.models import Capability
from .compat import ButtonDeviceClass
from .const import DOMAIN, LOGGER
from .coordinator import AstrosConfigEntry, AstrosCoordinator
from .entity import AstrosEntity, AstrosEntityDescription, always, supported

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosButtonEntityDescription(ButtonEntityDescription, AstrosEntityDescription[None]):
    """An action the station performs."""

    writes: bool = True

    press_fn: Callable[[AstrosCoordinator], Awaitable[None]]


async def _async_install_logged(coordinator: AstrosCoordinator) -> None:
    try:
        await coordinator.async_install_firmware()
    except HomeAssistantError as err:
        LOGGER.error("Firmware update of %s failed: %s", coordinator.name, err)


async def _start_firmware_update(coordinator: AstrosCoordinator) -> None:
    """Start the update the update entity would install; return at once.

    The update entity shows its progress; the install takes minutes.
    """
    entry = coordinator.config_entry
    if not entry.runtime_data.maintenance.firmware_update_available:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="no_firmware_update",
            translation_placeholders={"installed": coordinator.data.firmware_version or "?"},
        )
    entry.async_create_background_task(
        coordinator.hass,
        _async_install_logged(coordinator),
        f"{DOMAIN} firmware button {entry.entry_id}",
    )


BUTTONS: tuple[AstrosButtonEntityDescription, ...] = (
    AstrosButtonEntityDescription(
        key="reboot",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        exists_fn=always,
        press_fn=lambda coordinator: coordinator.async_reboot(),
    ),
    AstrosButtonEntityDescription(
        key="start_firmware_update",
        translation_key="start_firmware_update",
        entity_category=EntityCategory.CONFIG,
        exists_fn=always,
        press_fn=_start_firmware_update,
    ),
    AstrosButtonEntityDescription(
        key="cancel_firmware_download",
        translation_key="cancel_firmware_download",
        entity_category=EntityCategory.CONFIG,
        capability=Capability.DOWNLOAD_PROGRESS,
        exists_fn=always,
        press_fn=lambda coordinator: coordinator.async_cancel_firmware_download(),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        AstrosButton(coordinator, description) for description in supported(entry, BUTTONS)
    )


class AstrosButton(AstrosEntity, ButtonEntity):
    """Ask the station to do something."""

    entity_description: AstrosButtonEntityDescription

    async def async_press(self) -> None:
        """Perform the action."""
        await self.entity_description.press_fn(self.coordinator)
