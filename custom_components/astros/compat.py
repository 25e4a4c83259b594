"""Names that moved between the Home Assistant versions this integration supports.

At run time the 2025 import paths work on every supported version (from 2026
Home Assistant answers ``import voluptuous`` with probatio, its successor).
Type checkers, though, see each version's own layout: Home Assistant 2025
runs on Python 3.13 and 2026 on Python 3.14, so the Python version a check
targets tells which layout to show it.
"""

from __future__ import annotations

import inspect
import sys
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import service as service_helper

if TYPE_CHECKING and sys.version_info >= (3, 14):  # pragma: no cover
    from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
    from homeassistant.components.button.const import ButtonDeviceClass
    from homeassistant.components.repairs import RepairsFlowResult
    import probatio as vol
else:
    from homeassistant.components.binary_sensor import BinarySensorDeviceClass
    from homeassistant.components.button import ButtonDeviceClass
    from homeassistant.data_entry_flow import FlowResult as RepairsFlowResult
    import voluptuous as vol

__all__ = [
    "BinarySensorDeviceClass",
    "ButtonDeviceClass",
    "RepairsFlowResult",
    "async_extract_config_entry_ids",
    "vol",
]


async def async_extract_config_entry_ids(hass: HomeAssistant, call: ServiceCall) -> set[str]:
    """The config entries a service call targets (2026 dropped the ``hass`` argument)."""
    extract: Any = service_helper.async_extract_config_entry_ids
    if "hass" in inspect.signature(extract).parameters:  # pragma: no cover - before 2026
        return set(await extract(hass, call))
    return set(await extract(call))  # pragma: no cover - 2026 on
