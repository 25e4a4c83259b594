"""The real client sets up against replayed diagnostics (issue 11, "from the field back
into the tests").

``tests/fixtures/replay/v1.json`` and ``v2.json`` were made by
``python -m tests.fixtures.replay.generate``: the real client against a simulated
station speaking a non-default dialect (``simulator_dialect`` in each file), dumped as
the integration's diagnostics hold it. Here ``simulator --replay`` serves each file as a
station, and the client detects it, logs in and reads every section, both from scratch
and starting from the stored ``negotiated`` readings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from custom_components.astros.api import ConnectionSettings, Section, async_connect
from simulator import Simulator
from simulator.replay import Replay

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "replay"
SECRETS = ("Astros2025", "PodSecret99", "WifiSecret99")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """The client does not need Home Assistant: no hass instance per test."""


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """Real sockets on 127.0.0.1 (Home Assistant's test plugin blocks them otherwise)."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def _load(api: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / f"{api}.json").read_text("utf-8"))
    return document


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_fixture_is_a_diagnostics_download_without_secrets(api: str) -> None:
    document = _load(api)
    assert document["simulator_dialect"] != "default"
    data = document["data"]
    assert data["api_version"] == api
    assert data["raw_answers"]
    text = json.dumps(document)
    for secret in SECRETS:
        assert secret not in text
    assert Replay.from_diagnostics(document).api == api


@pytest.mark.parametrize("stored", [False, True])
@pytest.mark.parametrize("api", ["v1", "v2"])
async def test_client_sets_up_against_the_replay(
    session: aiohttp.ClientSession, api: str, stored: bool
) -> None:
    document = _load(api)
    data = document["data"]
    replay = Replay.from_diagnostics(document)
    async with Simulator(replay=replay) as sim:
        station = sim.stations[0]
        settings = ConnectionSettings(
            host=station.host, port=station.port, username="admin", password="anything"
        )
        negotiated = data["negotiated"] if stored else None
        client = await async_connect(session, settings, negotiated=negotiated)
        assert client.api_version == api
        identity = await client.async_get_identity()
        state = await client.async_fetch()
    answers = data["raw_answers"]
    if api == "v1":
        device = answers["GET /api/v1/device"]["data"]
        assert (identity.mac, identity.name) == (device["ethMacAddress"], device["name"])
        assert state.status is not None
        assert state.status.name == device["name"]
    else:
        general = answers["GET /api/v2/station/general"]["data"]
        ethernet = answers["GET /api/v2/station/ethernet"]["data"]
        assert (identity.mac, identity.name) == (ethernet["mac"], general["devName"])
        assert state.general is not None
        assert state.general.name == general["devName"]
    assert state.failed_sections == frozenset()
    # only the endpoints the recorded station lacked are unsupported
    if api == "v2":
        # wifi/connection answers only in client mode: recordings of an access point lack it.
        assert state.unsupported_sections == {Section.APP_BYOM, Section.WIFI_CONNECTION}
    for section in set(client.sections) - state.unsupported_sections:
        assert getattr(state, section.value) is not None, section
