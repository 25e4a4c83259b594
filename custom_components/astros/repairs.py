"""Repair issues of ASTROS stations.

``factory_password``
    The station still uses the admin password it left the factory with
    (v2 stations report it). Fixable: the flow asks for a new admin password
    (twice), sets it on the station, then stores it in the config entry. The
    maintenance coordinator checks it.
``reboot_required``
    The station reports that a change (network, resolution, imported
    configuration) takes effect only after a reboot. Fixable: the flow
    reboots the station. It goes away once the station stops reporting it.

Issue ids end with the config entry id; the issues of an entry are deleted
when it unloads.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import TextSelector, TextSelectorConfig, TextSelectorType

from .api import AstrosValidationError
from .api.const import ADMIN_PASSWORD_RULE
from .api.validate import validate_admin_password
from .compat import RepairsFlowResult, vol
from .const import DOMAIN, ISSUE_FACTORY_PASSWORD, ISSUE_REBOOT_REQUIRED, LOGGER
from .coordinator import AstrosConfigEntry
from .entity import configuration_url

CONF_ENTRY_ID = "entry_id"
CONF_PASSWORD_CONFIRM = "password_confirm"  # noqa: S105
_PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))


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
    """Raise and clear one station's issues as its coordinators learn more."""

    def __init__(self, hass: HomeAssistant, entry: AstrosConfigEntry) -> None:
        """Watch ``entry``'s coordinators."""
        self.hass = hass
        self.entry = entry

    def start(self) -> None:
        """Follow both coordinators until the entry unloads."""
        data = self.entry.runtime_data
        self.entry.async_on_unload(data.coordinator.async_add_listener(self._handle_update))
        self.entry.async_on_unload(data.maintenance.async_add_listener(self._handle_maintenance))
        self.entry.async_on_unload(self._async_stop)
        self._handle_update()
        self._handle_maintenance()

    @callback
    def _async_stop(self) -> None:
        async_delete_issues(self.hass, self.entry.entry_id)

    @callback
    def _handle_update(self) -> None:
        coordinator = self.entry.runtime_data.coordinator
        if coordinator.data is None or not coordinator.last_update_success:
            return
        issue = entry_issue_id(ISSUE_REBOOT_REQUIRED, self.entry.entry_id)
        if not coordinator.data.reboot_required:
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

    @callback
    def _handle_maintenance(self) -> None:
        uses_factory = self.entry.runtime_data.maintenance.data.factory_password
        issue = entry_issue_id(ISSUE_FACTORY_PASSWORD, self.entry.entry_id)
        if uses_factory:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue,
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_FACTORY_PASSWORD,
                translation_placeholders=_placeholders(self.entry),
                data={CONF_ENTRY_ID: self.entry.entry_id},
            )
        elif uses_factory is False:
            ir.async_delete_issue(self.hass, DOMAIN, issue)


def async_setup_issues(hass: HomeAssistant, entry: AstrosConfigEntry) -> None:
    """Start following a set-up entry's issues (call after runtime_data is set)."""
    StationIssues(hass, entry).start()


class StationRepairFlow(RepairsFlow):
    """A fix for an issue of one station."""

    def __init__(self, entry_id: str) -> None:
        """Remember which station the issue is about."""
        self._entry_id = entry_id

    def loaded_entry(self) -> AstrosConfigEntry | None:
        """The station's entry while it is loaded."""
        entry: AstrosConfigEntry | None = self.hass.config_entries.async_get_entry(self._entry_id)
        return entry if entry is not None and entry.state is ConfigEntryState.LOADED else None


class RebootRepairFlow(StationRepairFlow):
    """Reboot the station so that a pending change takes effect."""

    async def async_step_init(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Go straight to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask, then reboot."""
        if (entry := self.loaded_entry()) is None:
            return self.async_abort(reason="entry_not_loaded")
        errors: dict[str, str] = {}
        placeholders = _placeholders(entry)
        if user_input is not None:
            try:
                await entry.runtime_data.coordinator.async_reboot()
            except HomeAssistantError as err:
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


class FactoryPasswordRepairFlow(StationRepairFlow):
    """Replace the factory admin password: on the station first, then in the entry.

    Should the station refuse, nothing changed: the entry keeps the old
    password, which still works.
    """

    async def async_step_init(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Go straight to the password form."""
        return await self.async_step_password()

    async def async_step_password(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask for the new password twice, then set it."""
        if (entry := self.loaded_entry()) is None:
            return self.async_abort(reason="entry_not_loaded")
        errors: dict[str, str] = {}
        placeholders = {**_placeholders(entry), "rule": ADMIN_PASSWORD_RULE}
        if user_input is not None:
            new = user_input.get(CONF_PASSWORD, "")
            try:
                validate_admin_password(new)
            except AstrosValidationError:
                errors[CONF_PASSWORD] = "password_rule"
            else:
                if new != user_input.get(CONF_PASSWORD_CONFIRM):
                    errors[CONF_PASSWORD_CONFIRM] = "password_mismatch"
            if not errors:
                data = entry.runtime_data
                try:
                    await data.coordinator.async_execute(
                        lambda: data.client.async_set_admin_password(new)
                    )
                except HomeAssistantError as err:
                    LOGGER.debug("%s refused the new admin password: %s", entry.title, err)
                    errors["base"] = "password_refused"
                    placeholders["error"] = str(err)
                else:
                    self.hass.config_entries.async_update_entry(
                        entry, data={**entry.data, CONF_PASSWORD: new}
                    )
                    await data.maintenance.async_refresh()
                    ir.async_delete_issue(
                        self.hass, DOMAIN, entry_issue_id(ISSUE_FACTORY_PASSWORD, entry.entry_id)
                    )
                    return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="password",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_PASSWORD): _PASSWORD_SELECTOR,
                    vol.Required(CONF_PASSWORD_CONFIRM): _PASSWORD_SELECTOR,
                }
            ),
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
    if issue_id == entry_issue_id(ISSUE_FACTORY_PASSWORD, entry_id):
        return FactoryPasswordRepairFlow(entry_id)
    return RebootRepairFlow(entry_id)
