"""Switches of an ASTROS station: receivers, remote view and on/off settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import STATE_OFF, STATE_ON, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .api import AstrosClient
from .api.models import Capability, OnScreenOption, Receiver, Section, WifiUpdate
from .coordinator import AstrosConfigEntry, AstrosCoordinator
from .entity import AstrosEntity, AstrosEntityDescription, always, supported

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class AstrosSwitchEntityDescription(SwitchEntityDescription, AstrosEntityDescription[bool]):
    """A station setting that is on or off."""

    set_fn: Callable[[AstrosClient, bool], Awaitable[frozenset[Section]]]


def _receiver(receiver: Receiver) -> AstrosSwitchEntityDescription:
    return AstrosSwitchEntityDescription(
        key=str(receiver),
        translation_key=str(receiver),
        capability=Capability.RECEIVERS,
        value_fn=lambda state: (
            getattr(state.receivers, str(receiver)) if state.receivers is not None else None
        ),
        set_fn=lambda client, on: client.async_set_receiver(receiver, on),
    )


def _on_screen(key: str, option: OnScreenOption, attr: str) -> AstrosSwitchEntityDescription:
    return AstrosSwitchEntityDescription(
        key=key,
        translation_key=key,
        entity_category=EntityCategory.CONFIG,
        capability=Capability.ON_SCREEN_OPTIONS,
        value_fn=lambda state: getattr(state.general, attr) if state.general is not None else None,
        set_fn=lambda client, on: client.async_set_on_screen_option(option, on),
    )


DISPLAY_SWITCH = AstrosSwitchEntityDescription(
    key="display",
    translation_key="display",
    capability=Capability.DISPLAY_POWER,
    exists_fn=always,  # write only: there is never a value to read
    set_fn=lambda client, on: client.async_set_display(on),
)

SWITCHES: tuple[AstrosSwitchEntityDescription, ...] = (
    AstrosSwitchEntityDescription(
        key="remote_view",
        translation_key="remote_view",
        value_fn=lambda state: state.general.remote_view if state.general else None,
        set_fn=lambda client, on: client.async_set_remote_view(on),
    ),
    _receiver(Receiver.AIRPLAY),
    _receiver(Receiver.GOOGLE_CAST),
    _receiver(Receiver.MIRACAST),
    AstrosSwitchEntityDescription(
        key="vga_output",
        translation_key="vga_output",
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda state: state.display.vga_enabled if state.display else None,
        set_fn=lambda client, on: client.async_set_vga(on),
    ),
    AstrosSwitchEntityDescription(
        key="audio_from_hdmi",
        translation_key="audio_from_hdmi",
        entity_category=EntityCategory.CONFIG,
        capability=Capability.AUDIO_FROM_HDMI,
        value_fn=lambda state: state.display.audio_from_hdmi if state.display else None,
        set_fn=lambda client, on: client.async_set_audio_from_hdmi(on),
    ),
    AstrosSwitchEntityDescription(
        key="auto_time",
        translation_key="auto_time",
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda state: state.time.auto_time if state.time else None,
        set_fn=lambda client, on: client.async_set_auto_time(on),
    ),
    AstrosSwitchEntityDescription(
        key="time_24h",
        translation_key="time_24h",
        entity_category=EntityCategory.CONFIG,
        capability=Capability.TIME_24H,
        value_fn=lambda state: state.time.time_24h if state.time else None,
        set_fn=lambda client, on: client.async_set_time_24h(on),
    ),
    AstrosSwitchEntityDescription(
        key="daily_reboot",
        translation_key="daily_reboot",
        entity_category=EntityCategory.CONFIG,
        capability=Capability.DAILY_REBOOT,
        value_fn=lambda state: state.time.daily_reboot if state.time else None,
        set_fn=lambda client, on: client.async_set_daily_reboot(enabled=on),
    ),
    _on_screen("show_device_name", OnScreenOption.DEVICE_NAME, "device_name_shown"),
    _on_screen("show_ip_address", OnScreenOption.IP_ADDRESS, "ip_shown"),
    _on_screen("miracast_pin", OnScreenOption.MIRACAST_PIN, "miracast_pin"),
    _on_screen("image_slider", OnScreenOption.IMAGE_SLIDER, "image_slider"),
    AstrosSwitchEntityDescription(
        key="hide_ssid",
        translation_key="hide_ssid",
        entity_category=EntityCategory.CONFIG,
        value_fn=lambda state: state.network.wifi.hide_ssid if state.network else None,
        set_fn=lambda client, on: client.async_set_wifi(WifiUpdate(hide_ssid=on)),
    ),
    AstrosSwitchEntityDescription(
        key="pod_auto_projection",
        translation_key="pod_auto_projection",
        entity_category=EntityCategory.CONFIG,
        capability=Capability.POD_PAIRING,
        value_fn=lambda state: state.pairing.auto_projection if state.pairing else None,
        set_fn=lambda client, on: client.async_set_auto_projection(on),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switches the station supports."""
    coordinator = entry.runtime_data.coordinator
    entities: list[SwitchEntity] = [
        AstrosSwitch(coordinator, description) for description in supported(entry, SWITCHES)
    ]
    entities.extend(
        AstrosDisplaySwitch(coordinator, description)
        for description in supported(entry, [DISPLAY_SWITCH])
    )
    async_add_entities(entities)


class AstrosSwitch(AstrosEntity, SwitchEntity):
    """A setting read from and written to the station."""

    entity_description: AstrosSwitchEntityDescription

    @property
    def is_on(self) -> bool | None:
        """Whether the setting is on."""
        return self._value(self.entity_description)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the setting on."""
        await self._async_set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the setting off."""
        await self._async_set(False)

    async def _async_set(self, on: bool) -> None:
        client = self.coordinator.client
        await self._async_write(lambda: self.entity_description.set_fn(client, on), on)


class AstrosDisplaySwitch(AstrosEntity, SwitchEntity, RestoreEntity):
    """The v1 display: it can be switched, but its state cannot be read back.

    The switch shows the last command Home Assistant sent (kept across
    restarts) and is unknown until the first one.
    """

    _attr_assumed_state = True
    entity_description: AstrosSwitchEntityDescription

    def __init__(
        self, coordinator: AstrosCoordinator, description: AstrosSwitchEntityDescription
    ) -> None:
        """Start unknown."""
        super().__init__(coordinator, description)
        self._attr_is_on = None

    async def async_added_to_hass(self) -> None:
        """Restore the last command."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_state()) is not None and last.state in (
            STATE_ON,
            STATE_OFF,
        ):
            self._attr_is_on = last.state == STATE_ON

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn the display on."""
        await self._async_set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn the display off."""
        await self._async_set(False)

    async def _async_set(self, on: bool) -> None:
        client = self.coordinator.client
        await self.coordinator.async_execute(lambda: self.entity_description.set_fn(client, on))
        self._attr_is_on = on
        self.async_write_ha_state()
