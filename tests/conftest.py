"""Shared fixtures.

Importing the integration here makes Home Assistant's loader find it instead of
the pytest plugin's own ``custom_components`` package.

Fixtures for integration tests (all against the simulator over real HTTP on
127.0.0.1):

``api_version``
    ``"v1"`` by default; parametrize it to change the station's generation::

        @pytest.mark.parametrize("api_version", ["v1", "v2"])
        async def test_x(hass, init_integration): ...

``simulator``
    A running :class:`simulator.Simulator` with one station of
    ``api_version`` (reboots and updates take 0.3 s). The station's identity
    is fixed (see ``STATION_MACS``) so that snapshots are stable.
``station``
    Its :class:`simulator.SimulatedStation` (``station.state`` is the
    station's mutable state, ``station.requests`` the requests it answered).
``mock_config_entry``
    A ``MockConfigEntry`` for that station (unique id = its Ethernet MAC),
    not yet added to Home Assistant.
``init_integration``
    Adds and sets up ``mock_config_entry``; returns it.
``entity_registry_enabled_by_default``
    Creates every entity enabled, including those disabled by default.
``snapshot``
    Home Assistant's snapshot format, stored in ``snapshots/`` beside the tests.
``check_translations`` (autouse)
    Fails a test that shows a config flow step, error or abort, raises a
    ``HomeAssistantError`` from an action, or creates a repair issue whose
    translation is missing from the integration's ``translations/en.json``
    (or lacks one of the placeholders it uses). Override ``ignore_translations``
    to list full keys (``component.astros.exceptions.x.message``) to skip.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Generator, Iterator
import logging
from pathlib import Path
import string
from typing import Any
from unittest.mock import PropertyMock, patch

from homeassistant.config_entries import ConfigEntriesFlowManager, OptionsFlowManager
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    MAJOR_VERSION,
)
from homeassistant.core import Context, HomeAssistant, ServiceRegistry, ServiceResponse
from homeassistant.data_entry_flow import FlowHandler, FlowManager, FlowResult, FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

import custom_components.astros  # noqa: F401
from custom_components.astros.const import CONF_API_VERSION, DOMAIN
from simulator import SimulatedStation, Simulator

USERNAME = "admin"
PASSWORD = "Astros2025"
#: Fixed identity of the simulated station (MACs normally come from a counter).
STATION_MACS = {"v1": "02:a5:70:00:01:01", "v2": "02:a5:70:00:02:01"}
STATION_WIFI_MACS = {"v1": "02:a5:71:00:01:01", "v2": "02:a5:71:00:02:01"}
STATION_SERIAL = "AST00000101"
STATION_LOGIN_CODE = "4321"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let every test load custom integrations."""


# Simulator and config entry


def _is_our_deprecation(record: logging.LogRecord) -> bool:
    """Whether Home Assistant reported a deprecated call made by this integration.

    Home Assistant reports most deprecations through logging, not warnings:
    ``helpers.frame`` names the integration, ``helpers.deprecation`` the caller.
    """
    if record.levelno < logging.WARNING:
        return False
    message = record.getMessage()
    if record.name == "homeassistant.helpers.frame":
        return "integration 'astros'" in message
    return "deprecated" in message and " from astros" in message


@pytest.fixture(autouse=True)
def fail_on_home_assistant_deprecations(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test in which Home Assistant reports deprecated usage by the integration."""
    yield
    reports = [
        record.getMessage()
        for when in ("setup", "call")
        for record in caplog.get_records(when)  # type: ignore[arg-type]
        if _is_our_deprecation(record)
    ]
    assert not reports, "Home Assistant reported deprecated usage:\n" + "\n".join(reports)


@pytest.fixture
def api_version() -> str:
    """Generation of the simulated station; parametrize to change it."""
    return "v1"


def fix_identity(station: SimulatedStation, api: str) -> None:
    """Give a simulated station a stable identity and login code."""
    station.state.eth_mac = STATION_MACS[api]
    station.state.wifi_mac = STATION_WIFI_MACS[api]
    station.state.serial = STATION_SERIAL
    station.state.login_code = STATION_LOGIN_CODE


@pytest.fixture
async def simulator(api_version: str, socket_enabled: None) -> AsyncGenerator[Simulator]:
    """One running simulated station of ``api_version`` with fast reboots and updates.

    ``socket_enabled`` lets the simulator open its listening socket (Home
    Assistant's test plugin blocks socket creation; connections stay limited
    to 127.0.0.1).
    """
    async with Simulator(
        api=api_version,
        stations=1,
        port=0,
        username=USERNAME,
        password=PASSWORD,
        reboot_seconds=0.3,
        update_seconds=0.3,
    ) as sim:
        fix_identity(sim.stations[0], api_version)
        yield sim


@pytest.fixture
def station(simulator: Simulator) -> SimulatedStation:
    """The simulated station."""
    return simulator.stations[0]


def entry_data(station: SimulatedStation, api_version: str) -> dict[str, Any]:
    """Config entry data pointing at ``station``."""
    return {
        CONF_HOST: station.host,
        CONF_PORT: station.port,
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_API_VERSION: api_version,
    }


@pytest.fixture
def mock_config_entry(station: SimulatedStation, api_version: str) -> MockConfigEntry:
    """A config entry for the simulated station (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=station.state.name,
        unique_id=station.state.eth_mac,
        data=entry_data(station, api_version),
        entry_id="01JASTROS0000000000000000",
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set the integration up for the simulated station."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create every entity enabled, including those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


class ReleaseSnapshotExtension(HomeAssistantSnapshotExtension):
    """Home Assistant's snapshot format, one folder per Home Assistant release year.

    Registry entries and states gain and change fields between releases, so
    the suite keeps ``snapshots/ha<year>/`` beside the tests for each
    supported release line.
    """

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """``snapshots/ha<major version>`` beside the test file."""
        return str(Path(super().dirname(test_location=test_location)) / f"ha{MAJOR_VERSION}")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in the format and folder of the running Home Assistant release."""
    return snapshot.use_extension(ReleaseSnapshotExtension)


# Translations (adapted from Home Assistant core's tests/components/conftest.py)


@pytest.fixture
def ignore_translations() -> str | list[str]:
    """Full translation keys a test may use without a translation."""
    return []


def _check_placeholders(
    full_key: str,
    translation: str,
    placeholders: dict[str, str] | None,
    errors: dict[str, str],
) -> None:
    for _, name, _, _ in string.Formatter().parse(translation):
        if name is not None and (placeholders is None or name not in placeholders):
            errors[full_key] = f"Placeholder `{name}` of {full_key} is not provided"


async def _check_translation(  # noqa: PLR0917
    hass: HomeAssistant,
    errors: dict[str, str],
    category: str,
    component: str,
    key: str,
    placeholders: dict[str, str] | None,
    *,
    required: bool = True,
) -> None:
    full_key = f"component.{component}.{category}.{key}"
    translations = await async_get_translations(hass, "en", category, [component])
    if (translation := translations.get(full_key)) is not None:
        _check_placeholders(full_key, translation, placeholders, errors)
        return
    if not required or component != DOMAIN:
        return
    if errors.get(full_key) in {"unused", "used"}:  # listed in ignore_translations
        errors[full_key] = "used"
        return
    errors[full_key] = f"Translation not found: `{full_key}` (add it to translations/en.json)"


async def _check_flow_result(
    manager: FlowManager,
    flow: FlowHandler,
    result: FlowResult,
    errors: dict[str, str],
) -> None:
    if result["type"] is FlowResultType.CREATE_ENTRY:
        return
    if isinstance(manager, ConfigEntriesFlowManager):
        category, component = "config", flow.handler
    elif isinstance(manager, OptionsFlowManager):
        entry = flow.hass.config_entries.async_get_entry(flow.handler)
        if entry is None:
            return
        category, component = "options", entry.domain
    else:
        return
    placeholders = result.get("description_placeholders")
    if result["type"] is FlowResultType.FORM:
        if step_id := result.get("step_id"):
            for header in ("title", "description"):
                await _check_translation(
                    flow.hass,
                    errors,
                    category,
                    component,
                    f"step.{step_id}.{header}",
                    placeholders,
                    required=False,
                )
        for error in (result.get("errors") or {}).values():
            await _check_translation(
                flow.hass, errors, category, component, f"error.{error}", placeholders
            )
    elif result["type"] is FlowResultType.ABORT:
        await _check_translation(
            flow.hass, errors, category, component, f"abort.{result['reason']}", placeholders
        )


@pytest.fixture(autouse=True)
async def check_translations(ignore_translations: str | list[str]) -> AsyncGenerator[None]:
    """Fail the test if it used a translation key missing from translations/en.json."""
    if not isinstance(ignore_translations, list):
        ignore_translations = [ignore_translations]
    errors = dict.fromkeys(ignore_translations, "unused")
    pending: set[Any] = set()

    original_handle_step = FlowManager._async_handle_step
    original_create_issue = ir.IssueRegistry.async_get_or_create
    original_call = ServiceRegistry.async_call

    async def handle_step(self: FlowManager, flow: FlowHandler, *args: Any) -> FlowResult:
        result = await original_handle_step(self, flow, *args)
        await _check_flow_result(self, flow, result, errors)
        return result

    def create_issue(
        self: ir.IssueRegistry, domain: str, issue_id: str, *args: Any, **kwargs: Any
    ) -> ir.IssueEntry:
        issue = original_create_issue(self, domain, issue_id, *args, **kwargs)
        if issue.translation_key is not None:
            pending.add(
                _check_translation(
                    self.hass,
                    errors,
                    "issues",
                    issue.domain,
                    f"{issue.translation_key}.title",
                    issue.translation_placeholders,
                )
            )
            if not issue.is_fixable:
                pending.add(
                    _check_translation(
                        self.hass,
                        errors,
                        "issues",
                        issue.domain,
                        f"{issue.translation_key}.description",
                        issue.translation_placeholders,
                    )
                )
        return issue

    async def service_call(  # noqa: PLR0917
        self: ServiceRegistry,
        domain: str,
        service: str,
        service_data: dict[str, Any] | None = None,
        blocking: bool = False,
        context: Context | None = None,
        target: dict[str, Any] | None = None,
        return_response: bool = False,
    ) -> ServiceResponse:
        try:
            return await original_call(
                self, domain, service, service_data, blocking, context, target, return_response
            )
        except HomeAssistantError as err:
            if err.translation_key is not None and err.translation_domain is not None:
                pending.add(
                    _check_translation(
                        self._hass,
                        errors,
                        "exceptions",
                        err.translation_domain,
                        f"{err.translation_key}.message",
                        err.translation_placeholders,
                    )
                )
            raise

    with (
        patch("homeassistant.data_entry_flow.FlowManager._async_handle_step", handle_step),
        patch(
            "homeassistant.helpers.issue_registry.IssueRegistry.async_get_or_create",
            create_issue,
        ),
        patch("homeassistant.core.ServiceRegistry.async_call", service_call),
    ):
        yield

    await asyncio.gather(*pending)
    unused = [key for key, value in errors.items() if value == "unused"]
    if unused:
        pytest.fail(f"Unused ignore_translations: {', '.join(unused)}")
    for description in errors.values():
        if description not in {"used", "unused"}:
            pytest.fail(description)
