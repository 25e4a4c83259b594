"""Tests of the config flow: user, reauth and reconfigure."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any
from unittest.mock import patch

from aiohttp import web
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.api import AstrosNegotiationError
from custom_components.astros.const import CONF_API_VERSION, DOMAIN
from simulator import SimulatedStation

from ..conftest import PASSWORD, USERNAME, created_entry_data, entry_data

OTHER_MAC = "02:a5:70:99:99:99"


def user_input(station: SimulatedStation, **changes: Any) -> dict[str, Any]:
    """What a person types into the user step."""
    return {
        CONF_HOST: station.host,
        CONF_PORT: station.port,
        CONF_SSL: False,
        "certificate": "verify",
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        **changes,
    }


@pytest.fixture
async def not_a_station() -> AsyncGenerator[int]:
    """An HTTP server on 127.0.0.1 that is not an ASTROS station; yields its port."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(text="<html>printer</html>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    port: int = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    yield port
    await runner.cleanup()


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_user_flow(hass: HomeAssistant, station: SimulatedStation, api_version: str) -> None:
    """A station of either generation is added; its MAC is the unique id."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(station, **{CONF_HOST: f" {station.host} "})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "ASTROS-1"
    assert result["data"] == created_entry_data(station, api_version)
    assert result["result"].unique_id == station.state.eth_mac
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED


async def test_user_flow_cannot_connect(hass: HomeAssistant, station: SimulatedStation) -> None:
    """An unreachable station: error on the host, then success once it answers."""
    await station.go_offline()
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "cannot_connect"}

    await station.go_online()
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_invalid_auth(hass: HomeAssistant, station: SimulatedStation) -> None:
    """A wrong password is reported on the password field."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(station, **{CONF_PASSWORD: "wrong-password"})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PASSWORD: "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_not_astros(
    hass: HomeAssistant, station: SimulatedStation, not_a_station: int
) -> None:
    """Something that answers HTTP but is no station."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(station, **{CONF_PORT: not_a_station})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "not_astros"}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_station_refused(hass: HomeAssistant, station: SimulatedStation) -> None:
    """A station that answers but refuses the test gets its own message, not "unknown"."""
    from simulator import FaultKind

    station.faults.add(
        FaultKind.ERROR_CODE, count=1, path="network/wifi/macaddress", error_code=1005
    )
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "station_refused"}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_unknown_error(
    hass: HomeAssistant, station: SimulatedStation, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected exception is logged and reported as unknown."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    with patch(
        "custom_components.astros.config_flow.async_detect",
        side_effect=RuntimeError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input(station)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "unknown"}
    assert "Unexpected error while connecting" in caplog.text

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize("api_version", ["v2"])
async def test_user_flow_factory_password(hass: HomeAssistant, station: SimulatedStation) -> None:
    """A v2 station still on its factory password is refused until it is changed."""
    station.state.password = "admin"
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(station, **{CONF_PASSWORD: "admin"})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PASSWORD: "factory_password"}

    station.state.password = "Changed2025"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(station, **{CONF_PASSWORD: "Changed2025"})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_PASSWORD] == "Changed2025"


async def test_user_flow_already_configured_updates_host(
    hass: HomeAssistant, station: SimulatedStation
) -> None:
    """A known station found at a new address updates its entry instead of adding one."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=station.state.eth_mac,
        data={**entry_data(station, "v1"), CONF_HOST: "192.0.2.10", CONF_PORT: None},
    )
    entry.add_to_hass(hass)

    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(station))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == station.host
    assert entry.data[CONF_PORT] == station.port
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_reauth(
    hass: HomeAssistant, station: SimulatedStation, init_integration: MockConfigEntry
) -> None:
    """New credentials are stored after an invalid attempt, and the entry reloads."""
    station.state.password = "Changed2025"
    result = await init_integration.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: "still-wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PASSWORD: "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: "Changed2025"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert init_integration.data[CONF_PASSWORD] == "Changed2025"
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED


async def test_reauth_wrong_station(hass: HomeAssistant, station: SimulatedStation) -> None:
    """Credentials of another station do not replace an entry's."""
    entry = MockConfigEntry(domain=DOMAIN, unique_id=OTHER_MAC, data=entry_data(station, "v1"))
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_station"


async def test_reconfigure(
    hass: HomeAssistant, station: SimulatedStation, mock_config_entry: MockConfigEntry
) -> None:
    """A new address is stored after a failed attempt; the credentials stay."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: "192.0.2.10"}
    )
    result = await mock_config_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    await station.go_offline()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: station.host,
            CONF_PORT: station.port,
            CONF_SSL: False,
            "certificate": "verify",
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "cannot_connect"}

    await station.go_online()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: station.host,
            CONF_PORT: station.port,
            CONF_SSL: False,
            "certificate": "verify",
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data[CONF_HOST] == station.host
    assert mock_config_entry.data[CONF_PASSWORD] == PASSWORD
    assert mock_config_entry.data[CONF_API_VERSION] == "v1"
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED


async def test_reconfigure_wrong_station(hass: HomeAssistant, station: SimulatedStation) -> None:
    """Pointing an entry at another station is refused."""
    entry = MockConfigEntry(domain=DOMAIN, unique_id=OTHER_MAC, data=entry_data(station, "v1"))
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: station.host, CONF_PORT: station.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_station"
    assert entry.data[CONF_PORT] == station.port


async def test_user_flow_no_key_form_works(hass: HomeAssistant, station: SimulatedStation) -> None:
    """A station refusing the key however it travels: a translated error, not "wrong password"."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    with patch(
        "custom_components.astros.config_flow.create_client",
        side_effect=AstrosNegotiationError("key_header", "no form of the key was accepted"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input(station)
        )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "negotiation_failed"}
