"""Home Assistant's own cost of entities, without the integration (a reference).

``python -m bench_lib.bare --stations 1000 --entities 41`` prints one JSON
object. A minimal integration (a mocked module, as Home Assistant's tests make
them) gets one config entry per "station", each adding ``--entities`` trivial
``SensorEntity`` objects with ``has_entity_name``, a unique id and device info
(so a device and entity registry entries as well): what any integration with
that many entities costs Home Assistant, however cheap its own code is.

- ``setup_seconds``: ``async_setup_component`` with every entry at once;
- ``rss_per_station_mib`` / ``rss_per_entity_kib``: resident set size after
  setup minus before the entries were added (as in ``bench_lib.scale``);
- ``write_cpu_per_state_us``: event-loop CPU time of one state write (every
  entity's value changed and written, ``--rounds`` times).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from .harness import home_assistant, quiet_logs
from .procstats import MIB, CpuSample, settled_rss_bytes

DOMAIN = "bench_bare"


async def run(stations: int, entities: int, rounds: int) -> dict[str, Any]:
    """Measure ``stations`` entries of ``entities`` bare sensors each."""
    from homeassistant import config_entries  # noqa: PLC0415
    from homeassistant.components.sensor import SensorEntity  # noqa: PLC0415
    from homeassistant.helpers.device_registry import DeviceInfo  # noqa: PLC0415
    from homeassistant.setup import async_setup_component  # noqa: PLC0415
    from pytest_homeassistant_custom_component.common import (  # noqa: PLC0415
        MockConfigEntry,
        MockModule,
        MockPlatform,
        mock_integration,
        mock_platform,
    )

    class BareSensor(SensorEntity):
        _attr_has_entity_name = True
        _attr_should_poll = False

        def __init__(self, station: int, index: int) -> None:
            self._attr_unique_id = f"{DOMAIN}_{station}_{index}"
            self._attr_name = f"Value {index}"
            self._attr_native_value = 0
            self._attr_device_info = DeviceInfo(
                identifiers={(DOMAIN, str(station))},
                name=f"Station {station}",
                manufacturer="Bench",
                model="Bare",
            )

    created: list[BareSensor] = []

    async def setup_entry(hass: Any, entry: Any) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, ["sensor"])
        return True

    async def unload_entry(hass: Any, entry: Any) -> bool:
        return bool(await hass.config_entries.async_unload_platforms(entry, ["sensor"]))

    async def setup_platform(hass: Any, entry: Any, add_entities: Any) -> None:
        station = int(entry.unique_id)
        new = [BareSensor(station, i) for i in range(entities)]
        created.extend(new)
        add_entities(new)

    result: dict[str, Any] = {"stations": stations, "entities_per_station": entities}
    async with home_assistant() as hass:
        mock_integration(
            hass,
            MockModule(DOMAIN, async_setup_entry=setup_entry, async_unload_entry=unload_entry),
        )
        mock_platform(hass, f"{DOMAIN}.sensor", MockPlatform(async_setup_entry=setup_platform))
        mock_platform(hass, f"{DOMAIN}.config_flow", None)
        # A config flow handler, so that the entries' version checks pass.
        config_entries.HANDLERS[DOMAIN] = type(
            "BareFlow", (config_entries.ConfigFlow,), {"VERSION": 1, "MINOR_VERSION": 1}
        )
        assert await async_setup_component(hass, "sensor", {})
        await hass.async_block_till_done()

        rss0 = settled_rss_bytes()
        for i in range(stations):
            MockConfigEntry(domain=DOMAIN, title=f"Station {i}", unique_id=str(i)).add_to_hass(hass)
        c0 = CpuSample.now()
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done()
        setup = CpuSample.now() - c0
        rss1 = settled_rss_bytes()
        total = stations * entities
        result["setup_seconds"] = setup.wall
        result["setup_loop_cpu"] = setup.thread
        result["states"] = len(hass.states.async_all())
        result["rss_per_station_mib"] = (rss1 - rss0) / stations / MIB
        result["rss_per_entity_kib"] = (rss1 - rss0) / total / 1024

        c0 = CpuSample.now()
        for r in range(rounds):
            for entity in created:
                entity._attr_native_value = r + 1
                entity.async_write_ha_state()
            await hass.async_block_till_done()
        writes = CpuSample.now() - c0
        result["entities_created"] = len(created)
        result["write_cpu_per_state_us"] = writes.thread / max(1, rounds * len(created)) * 1e6
        result["write_rounds"] = rounds
        rss2 = settled_rss_bytes()
        result["rss_per_station_after_writes_mib"] = (rss2 - rss0) / stations / MIB
        t0 = time.perf_counter()
        for entry in hass.config_entries.async_entries(DOMAIN):
            await hass.config_entries.async_unload(entry.entry_id)
        result["unload_seconds"] = time.perf_counter() - t0
    return result


def main(argv: list[str] | None = None) -> int:
    """Entry point: print the measurements as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench_lib.bare")
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--entities", type=int, default=41, help="per station (41)")
    parser.add_argument("--rounds", type=int, default=3, help="state writes per entity (3)")
    args = parser.parse_args(argv)
    quiet_logs()
    json.dump(asyncio.run(run(args.stations, args.entities, args.rounds)), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
