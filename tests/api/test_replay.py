"""Diagnostics from the field become a station: the client sets up against each replay fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from custom_components.astros.api import ConnectionSettings, Section, async_connect
from simulator import Replay, Simulator

FIXTURES: dict[str, dict[str, Any]] = {
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted((Path(__file__).parent.parent / "fixtures" / "replay").glob("*.json"))
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
async def test_setup_against_replay(session: aiohttp.ClientSession, name: str) -> None:
    """Detect, log in (any password: secrets are redacted), identify, fetch every section."""
    document: dict[str, Any] = FIXTURES[name]["data"]
    async with Simulator(replay=Replay.from_diagnostics(FIXTURES[name])) as sim:
        station = sim.stations[0]
        settings = ConnectionSettings(
            host=station.host, port=station.port, username="admin", password="anything"
        )
        client = await async_connect(session, settings, negotiated=document["negotiated"])
        assert str(client.api_version) == document["api_version"]
        identity = await client.async_get_identity()
        state = await client.async_fetch()
        assert state.failed_sections == frozenset()
        stored = document["raw_answers"]
        base = "/api/v1/device" if client.api_version == "v1" else "/api/v2/station"
        if client.api_version == "v2":
            general = stored[f"GET {base}/general"]["data"]
            assert state.general is not None and state.general.name == general["devName"]
            assert identity.mac == stored[f"GET {base}/ethernet"]["data"]["mac"]
            lacks_byom = f"GET {base}/conference/appBYOM" not in stored
            assert (Section.APP_BYOM in state.unsupported_sections) is lacks_byom
        else:
            device = stored[f"GET {base}"]["data"]
            assert state.status is not None and state.status.name == device["name"]
            assert identity.serial_number == device["sn"]
        # The client's own record of the replayed answers matches what was stored.
        for key, body in client.raw_answers.items():
            if key in stored and "remote/apikey" not in key:
                assert body == stored[key], key
