"""Sensors of an ASTROS station."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import SIGNAL_STRENGTH_DECIBELS_MILLIWATT, EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .api import AstrosClient
from .api.models import (
    AppByomStatus,
    Capability,
    LoginCodeMode,
    Section,
    StationState,
    StationStatus,
)
from .const import BOOT_TIME_TOLERANCE
from .coordinator import AstrosConfigEntry, AstrosCoordinator
from .entity import AstrosEntity, AstrosEntityDescription, supported

PARALLEL_UPDATES = 0

#: Most significant first: the status sensor shows the first one reported.
STATUS_PRIORITY: tuple[StationStatus, ...] = (
    StationStatus.UPDATING,
    StationStatus.SHARING,
    StationStatus.CONNECTED,
    StationStatus.SLEEPING,
    StationStatus.STANDBY,
    StationStatus.OFFLINE,
)


def main_status(state: StationState) -> str | None:
    """The most significant of the statuses a v1 station reports."""
    if state.status is None:
        return None
    for status in STATUS_PRIORITY:
        if status in state.status.statuses:
            return str(status)
    return None


def _login_code(state: StationState) -> str | None:
    if state.general is None or state.general.login_code_mode is LoginCodeMode.NONE:
        return None
    return state.general.login_code or None


def _has_wifi_connection(client: AstrosClient, _state: StationState) -> bool:
    """v2 stations report their Wi-Fi client connection (empty unless in client mode)."""
    return Section.WIFI_CONNECTION in client.sections


@dataclass(frozen=True, kw_only=True)
class AstrosSensorEntityDescription(
    SensorEntityDescription, AstrosEntityDescription[StateType | datetime]
):
    """A value the station reports."""

    attributes_fn: Callable[[StationState], Mapping[str, Any] | None] = lambda _state: None


SENSORS: tuple[AstrosSensorEntityDescription, ...] = (
    AstrosSensorEntityDescription(
        key="status",
        section=Section.STATUS,
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=[str(status) for status in StationStatus],
        value_fn=main_status,
        attributes_fn=lambda state: {
            "statuses": [
                str(status)
                for status in reversed(STATUS_PRIORITY)
                if state.status is not None and status in state.status.statuses
            ]
        },
        capability=Capability.STATUS,
        exists_fn=lambda _client, state: state.status is not None,
    ),
    AstrosSensorEntityDescription(
        key="login_code",
        section=Section.GENERAL,
        translation_key="login_code",
        # Room codes are not history worth keeping: enabled by whoever wants them shown.
        entity_registry_enabled_default=False,
        value_fn=_login_code,
        exists_fn=lambda _client, state: (
            state.general is not None and state.general.login_code_mode is not None
        ),
    ),
    AstrosSensorEntityDescription(
        key="firmware_version",
        translation_key="firmware_version",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.firmware_version,
    ),
    AstrosSensorEntityDescription(
        key="ethernet_ip",
        section=Section.NETWORK,
        translation_key="ethernet_ip",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.network.ethernet.ip if state.network else None,
    ),
    AstrosSensorEntityDescription(
        key="wifi_ssid",
        section=Section.NETWORK,
        translation_key="wifi_ssid",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda state: (state.network.wifi.ssid or None) if state.network else None,
        exists_fn=lambda _client, state: (
            state.network is not None and state.network.wifi.mode is not None
        ),
    ),
    AstrosSensorEntityDescription(
        key="app_byom",
        section=Section.APP_BYOM,
        translation_key="app_byom",
        device_class=SensorDeviceClass.ENUM,
        entity_category=EntityCategory.DIAGNOSTIC,
        options=[status.name.lower() for status in AppByomStatus],
        value_fn=lambda state: (
            state.app_byom.status.name.lower()
            if state.app_byom and state.app_byom.status is not None
            else None
        ),
        capability=Capability.APP_BYOM,
    ),
    AstrosSensorEntityDescription(
        key="wifi_client_ssid",
        section=Section.WIFI_CONNECTION,
        translation_key="wifi_client_ssid",
        entity_category=EntityCategory.DIAGNOSTIC,
        # Only a station joined to a Wi-Fi network as a client has a value.
        entity_registry_enabled_default=False,
        value_fn=lambda state: state.wifi_connection.ssid if state.wifi_connection else None,
        exists_fn=_has_wifi_connection,
    ),
    AstrosSensorEntityDescription(
        key="wifi_client_signal_level",
        section=Section.WIFI_CONNECTION,
        translation_key="wifi_client_signal_level",
        entity_category=EntityCategory.DIAGNOSTIC,
        # Only a station joined to a Wi-Fi network as a client has a value.
        entity_registry_enabled_default=False,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda state: (
            state.wifi_connection.signal_level if state.wifi_connection else None
        ),
        exists_fn=_has_wifi_connection,
    ),
    AstrosSensorEntityDescription(
        key="wifi_client_signal_strength",
        section=Section.WIFI_CONNECTION,
        translation_key="wifi_client_signal_strength",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda state: state.wifi_connection.signal_dbm if state.wifi_connection else None,
        exists_fn=_has_wifi_connection,
    ),
)

BOOT_TIME = AstrosSensorEntityDescription(
    key="boot_time",
    section=Section.STATUS,
    translation_key="boot_time",
    device_class=SensorDeviceClass.TIMESTAMP,
    entity_category=EntityCategory.DIAGNOSTIC,
    capability=Capability.UPTIME,
    value_fn=lambda state: state.status.uptime if state.status else None,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AstrosConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors the station supports."""
    coordinator = entry.runtime_data.coordinator
    entities: list[SensorEntity] = [
        AstrosSensor(coordinator, description) for description in supported(entry, SENSORS)
    ]
    entities.extend(
        AstrosBootTimeSensor(coordinator, description)
        for description in supported(entry, [BOOT_TIME])
    )
    async_add_entities(entities)


class AstrosSensor(AstrosEntity, SensorEntity):
    """A value read from the station."""

    entity_description: AstrosSensorEntityDescription

    @property
    def native_value(self) -> StateType | datetime:
        """The reported value."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Extra detail, where the description has any."""
        return self.entity_description.attributes_fn(self.coordinator.data)


class AstrosBootTimeSensor(AstrosEntity, SensorEntity):
    """When the station started (v1: now minus its uptime).

    The time only moves when it shifts by more than a minute, so that polling
    does not change the state every time.
    """

    def __init__(
        self, coordinator: AstrosCoordinator, description: AstrosSensorEntityDescription
    ) -> None:
        """Compute the first boot time."""
        super().__init__(coordinator, description)
        self._attr_native_value = self._boot_time(None)

    def _boot_time(self, previous: datetime | None) -> datetime | None:
        status = self.coordinator.data.status
        if status is None or status.uptime is None:
            return previous
        try:
            boot = (dt_util.utcnow() - timedelta(seconds=status.uptime)).replace(microsecond=0)
        except OverflowError:  # an uptime no clock can go back
            return previous
        if previous is not None and abs(boot - previous) <= BOOT_TIME_TOLERANCE:
            return previous
        return boot

    @callback
    def _handle_coordinator_update(self) -> None:
        value = self._attr_native_value
        self._attr_native_value = self._boot_time(value if isinstance(value, datetime) else None)
        super()._handle_coordinator_update()
