"""Repair issues of ASTROS stations.

``factory_password``
    The station still uses the admin password it left the factory with
    (v2 stations report it). Not fixable from Home Assistant: the person
    changes it on the station. Checked at setup and then at most every hour.
``reboot_required``
    The station reports that a change (network, resolution, imported
    configuration) takes effect only after a reboot. Fixable: the flow
    reboots the station. It goes away once the station stops reporting it.

Issue ids end with the config entry id; the issues of an entry are deleted
when it unloads.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from .api import AstrosError
from .api.models import Capability
from .compat import RepairsFlowResult, vol
from .const import (
    DOMAIN,
    FACTORY_PASSWORD_CHECK_INTERVAL,
    ISSUE_FACTORY_PASSWORD,
    ISSUE_REBOOT_REQUIRED,
    LOGGER,
    REBOOT_OFFLINE_SECONDS,
)
from .entity import configuration_url

if TYPE_CHECKING:
    from . import AstrosConfigEntry

CONF_ENTRY_ID = "entry_id"


def entry_issue_id(kind: str, entry_id: str) -> str:
    """The id of one kind of issue for one config entry."""
    return f"{kind}_{entry_id}"


def _placeholders(entry: AstrosConfigEntry) -> dict[str, str]:
    return {
        "name": entry.title,
        "url": configuration_url(
            entry.data[CONF_HOST], entry.data.get(CONF_PORT), entry.data.get(CONF_SSL, False)
        ),
    }


@callback
def async_delete_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every issue of a config entry."""
    for kind in (ISSUE_FACTORY_PASSWORD, ISSUE_REBOOT_REQUIRED):
        ir.async_delete_issue(hass, DOMAIN, entry_issue_id(kind, entry_id))


class StationIssues:
    """Raise and clear one station's issues as its state changes."""

    def __init__(self, hass: HomeAssistant, entry: AstrosConfigEntry) -> None:
        """Watch ``entry``'s coordinator."""
        self.hass = hass
        self.entry = entry
        self._password_checked_at: datetime | None = None
        self._password_check_running = False

    async def async_start(self) -> None:
        """Check once now, then follow every coordinator update until unload."""
        await self.async_check_factory_password()
        coordinator = self.entry.runtime_data.coordinator
        self.entry.async_on_unload(coordinator.async_add_listener(self._handle_update))
        self.entry.async_on_unload(self._async_stop)
        self._handle_update()

    @callback
    def _async_stop(self) -> None:
        async_delete_issues(self.hass, self.entry.entry_id)

    @callback
    def _handle_update(self) -> None:
        coordinator = self.entry.runtime_data.coordinator
        if coordinator.data is not None and coordinator.last_update_success:
            self._update_reboot_issue(reboot_required=coordinator.data.reboot_required)
        if (
            not self._password_check_running
            and self._password_checked_at is not None
            and dt_util.utcnow() - self._password_checked_at >= FACTORY_PASSWORD_CHECK_INTERVAL
        ):
            self._password_check_running = True
            self.entry.async_create_background_task(
                self.hass,
                self.async_check_factory_password(),
                f"{DOMAIN} factory password check {self.entry.entry_id}",
            )

    def _update_reboot_issue(self, *, reboot_required: bool) -> None:
        coordinator = self.entry.runtime_data.coordinator
        issue = entry_issue_id(ISSUE_REBOOT_REQUIRED, self.entry.entry_id)
        if not reboot_required:
            ir.async_delete_issue(self.hass, DOMAIN, issue)
        elif not coordinator.offline_expected():
            # While a reboot Home Assistant asked for runs, the old answer stays.
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue,
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_REBOOT_REQUIRED,
                translation_placeholders=_placeholders(self.entry),
                data={CONF_ENTRY_ID: self.entry.entry_id},
            )

    async def async_check_factory_password(self) -> None:
        """Ask whether the factory password is still set; raise or clear the issue."""
        client = self.entry.runtime_data.client
        try:
            if Capability.FACTORY_PASSWORD_CHECK not in client.capabilities:
                return
            try:
                uses_factory = await client.async_uses_factory_password()
            except AstrosError as err:
                LOGGER.debug("Factory password check of %s failed: %s", self.entry.title, err)
                return
        finally:
            self._password_checked_at = dt_util.utcnow()
            self._password_check_running = False
        issue = entry_issue_id(ISSUE_FACTORY_PASSWORD, self.entry.entry_id)
        if uses_factory:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue,
                is_fixable=False,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_FACTORY_PASSWORD,
                translation_placeholders=_placeholders(self.entry),
            )
        elif uses_factory is False:
            ir.async_delete_issue(self.hass, DOMAIN, issue)


async def async_setup_issues(hass: HomeAssistant, entry: AstrosConfigEntry) -> None:
    """Start following a set-up entry's issues (call after runtime_data is set)."""
    await StationIssues(hass, entry).async_start()


class RebootRepairFlow(RepairsFlow):
    """Reboot the station so that a pending change takes effect."""

    def __init__(self, entry_id: str) -> None:
        """Remember which station to reboot."""
        self._entry_id = entry_id

    async def async_step_init(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Go straight to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask, then reboot."""
        entry: AstrosConfigEntry | None = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        errors: dict[str, str] = {}
        placeholders = _placeholders(entry)
        if user_input is not None:
            coordinator = entry.runtime_data.coordinator
            client = entry.runtime_data.client
            # The station goes silent while it restarts: that is not an error.
            coordinator.expect_offline(REBOOT_OFFLINE_SECONDS)
            try:
                await coordinator.async_execute(client.async_reboot)
            except HomeAssistantError as err:
                coordinator.expect_offline(0)
                LOGGER.debug("Reboot of %s from the repair flow failed: %s", entry.title, err)
                errors["base"] = "reboot_failed"
                placeholders["error"] = str(err)
            else:
                return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            errors=errors,
            description_placeholders=placeholders,
        )


async def async_create_fix_flow(
    hass: HomeAssistant,
    issue_id: str,
    data: dict[str, Any] | None,
) -> RepairsFlow:
    """Create the flow that fixes a fixable issue."""
    if data is None or not isinstance(entry_id := data.get(CONF_ENTRY_ID), str):
        raise ValueError(f"Issue {issue_id} has no config entry")
    return RebootRepairFlow(entry_id)
