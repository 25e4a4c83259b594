"""Export and import of the configuration: the files the actions read and write.

The station side runs against the simulator; the file side on a real file
system in a temporary folder. Only failures a real file system cannot be made
to produce here (tests run as root) are simulated by patching ``os``.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
import re
import stat
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.astros.const import DOMAIN, MAX_CONFIGURATION_BYTES
from custom_components.astros.files import read_file
from simulator import FaultKind, SimulatedStation

EXPORT = "export_configuration"
IMPORT = "import_configuration"


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configuration folder of our own (the default one belongs to the test plugin)."""
    folder = tmp_path / "config"
    (folder / "www").mkdir(parents=True)
    (folder / "astros").mkdir()
    monkeypatch.setattr(hass.config, "config_dir", str(folder))
    hass.config.allowlist_external_dirs = {str(folder)}
    return folder


async def _call(
    hass: HomeAssistant, service: str, entry: MockConfigEntry, **data: Any
) -> dict[str, Any] | None:
    return await hass.services.async_call(
        DOMAIN,
        service,
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
        return_response=service == EXPORT,
    )


async def _refused(
    hass: HomeAssistant, service: str, entry: MockConfigEntry, key: str, **data: Any
) -> ServiceValidationError:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, service, entry, **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    return err.value


def _config_requests(station: SimulatedStation, method: str) -> int:
    """How many times the station was asked for (GET) or given (else) its configuration."""
    return sum(
        1
        for verb, path in station.requests
        if ("admin/configuration" in path or "system/config" in path)
        and (verb == "GET") == (method == "GET")
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _names(folder: Path) -> list[str]:
    """The names in ``folder`` (temporary files included), sorted."""
    return sorted(path.name for path in folder.iterdir())


def _lexists(path: Path) -> bool:
    """Whether anything, even a dangling link, has that name."""
    return os.path.lexists(path)


# Export


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_export_to_a_file(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """The station's file, as it sent it, readable only by its owner; no temporary file left."""
    target = allowed_dir / "room.json"
    response = await _call(hass, EXPORT, init_integration, path=str(target))
    assert response == {"path": str(target)}
    assert _read(target) == station.state.last_config_export.encode()
    assert json.loads(_read(target))["settings"]["name"] == station.state.name
    assert _mode(target) == 0o600
    assert not target.is_symlink()
    assert _names(allowed_dir) == ["room.json"]


@pytest.mark.parametrize("api_version", ["v2"])
async def test_export_to_a_folder(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A folder gets a file named after the station and the time."""
    response = await _call(hass, EXPORT, init_integration, path=str(allowed_dir))
    assert response is not None
    written = Path(response["path"])
    assert written.parent == allowed_dir
    assert re.fullmatch(r"astros_1-configuration-\d{8}-\d{6}\.json", written.name)
    assert _read(written) == station.state.last_config_export.encode()
    assert _mode(written) == 0o600
    assert _names(allowed_dir) == [written.name]


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_to_a_relative_path(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    config_dir: Path,
) -> None:
    """A relative path is inside the configuration folder; the response gives it in full."""
    hass.config.allowlist_external_dirs = {str(config_dir / "astros")}
    response = await _call(hass, EXPORT, init_integration, path="astros/room.json")
    assert response == {"path": str(config_dir / "astros" / "room.json")}
    assert (config_dir / "astros" / "room.json").read_bytes() == (
        station.state.last_config_export.encode()
    )
    # The configuration folder itself is not allowed.
    await _refused(hass, EXPORT, init_integration, "path_not_allowed", path="room.json")
    assert not (config_dir / "room.json").exists()


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_refuses_an_existing_file(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """An existing file stays as it is unless overwrite is set; then it is replaced."""
    target = allowed_dir / "room.json"
    target.write_text("keep me")
    target.chmod(0o644)
    err = await _refused(hass, EXPORT, init_integration, "file_exists", path=str(target))
    assert err.translation_placeholders == {"path": str(target)}
    assert _read(target) == b"keep me"

    response = await _call(hass, EXPORT, init_integration, path=str(target), overwrite=True)
    assert response == {"path": str(target)}
    assert _read(target) == station.state.last_config_export.encode()
    assert _mode(target) == 0o600
    assert _names(allowed_dir) == ["room.json"]


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_refuses_a_dangling_link(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
    tmp_path: Path,
) -> None:
    """A link to a file that does not exist yet is not followed, even with overwrite."""
    elsewhere = tmp_path / "elsewhere.json"
    link = allowed_dir / "room.json"
    link.symlink_to(elsewhere)
    err = await _refused(hass, EXPORT, init_integration, "file_exists", path=str(link))
    assert err.translation_placeholders == {"path": str(link)}
    assert not _lexists(elsewhere)
    assert link.is_symlink()

    await _call(hass, EXPORT, init_integration, path=str(link), overwrite=True)
    assert not _lexists(elsewhere)
    assert not link.is_symlink()  # the link itself was replaced
    assert _read(link) == station.state.last_config_export.encode()
    assert _mode(link) == 0o600


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_overwrite_replaces_a_link_not_its_target(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
    tmp_path: Path,
) -> None:
    """A link is replaced by the file; the file it pointed to stays as it was."""
    other = allowed_dir / "other.json"
    other.write_text("keep me")
    link = allowed_dir / "room.json"
    link.symlink_to(other)
    await _refused(hass, EXPORT, init_integration, "file_exists", path=str(link))
    await _call(hass, EXPORT, init_integration, path=str(link), overwrite=True)
    assert _read(other) == b"keep me"
    assert not link.is_symlink()
    assert _read(link) == station.state.last_config_export.encode()

    # A link to a file outside the allowed folders is refused, overwrite or not.
    secret = tmp_path / "secrets.yaml"
    secret.write_text("api_key: 123")
    link.unlink()
    link.symlink_to(secret)
    for overwrite in (False, True):
        await _refused(
            hass,
            EXPORT,
            init_integration,
            "path_not_allowed",
            path=str(link),
            overwrite=overwrite,
        )
    assert _read(secret) == b"api_key: 123"
    assert link.is_symlink()


@pytest.mark.parametrize("api_version", ["v2"])
async def test_export_refuses_www(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    config_dir: Path,
) -> None:
    """www is published without login: refused even though it is allowed, before asking."""
    www = config_dir / "www"
    (www / "sub").mkdir()
    link = config_dir / "astros" / "to-www"
    link.symlink_to(www)
    for path in (
        str(www / "room.json"),
        str(www),
        str(www / "sub"),
        "www/room.json",
        str(link),  # a folder link into www
        str(link / "room.json"),
    ):
        err = await _refused(hass, EXPORT, init_integration, "path_published", path=path)
        assert err.translation_placeholders == {"path": path}
    assert _config_requests(station, "GET") == 0
    assert [p.name for p in www.rglob("*")] == ["sub"]


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_refuses_other_places(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
    tmp_path: Path,
) -> None:
    """Outside the allowlist or in a missing folder: refused before asking the station."""
    outside = tmp_path / "x.json"
    await _refused(hass, EXPORT, init_integration, "path_not_allowed", path=str(outside))
    await _refused(
        hass,
        EXPORT,
        init_integration,
        "folder_not_found",
        path=str(allowed_dir / "missing" / "x.json"),
    )
    link = allowed_dir / "out"
    link.symlink_to(tmp_path)
    await _refused(hass, EXPORT, init_integration, "path_not_allowed", path=str(link / "x.json"))
    assert _config_requests(station, "GET") == 0
    assert not outside.exists()


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_export_refused_login_starts_reauth(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A password changed on the station: translated error, reauthentication, no file."""
    station.state.password = "Changed2025"
    station.expire_tokens()
    target = allowed_dir / "room.json"
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, EXPORT, init_integration, path=str(target))
    assert err.value.translation_key == "authentication_failed"
    await hass.async_block_till_done()
    flows = init_integration.async_get_active_flows(hass, {SOURCE_REAUTH})
    assert len(list(flows)) == 1
    assert _names(allowed_dir) == []


@pytest.mark.parametrize("api_version", ["v2"])
async def test_export_refused_by_the_station(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A station error writes nothing and starts no reauthentication."""
    station.faults.add(FaultKind.ERROR_CODE, error_code=1200, path="system/config")
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, EXPORT, init_integration, path=str(allowed_dir / "x.json"))
    assert err.value.translation_key == "station_refused"
    assert err.value.translation_placeholders["code"] == "1200"
    assert _names(allowed_dir) == []
    assert not list(init_integration.async_get_active_flows(hass, {SOURCE_REAUTH}))


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_write_failure(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    allowed_dir: Path,
) -> None:
    """A full disk is a translated error; no temporary file is left behind."""
    real_open = os.open

    def full_disk(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if str(path).startswith(str(allowed_dir)):
            descriptor = real_open(path, flags, mode, **kwargs)
            os.close(descriptor)  # created, then the write fails
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, mode, **kwargs)

    with pytest.MonkeyPatch.context() as patch, pytest.raises(HomeAssistantError) as err:
        patch.setattr(os, "open", full_disk)
        await _call(hass, EXPORT, init_integration, path=str(allowed_dir / "x.json"))
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "file_write_failed"
    assert err.value.translation_placeholders == {
        "path": str(allowed_dir / "x.json"),
        "error": "No space left on device",
    }
    assert _names(allowed_dir) == []


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_without_hard_links(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file system without hard links still gets the file, and still no overwrite."""

    def no_links(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = allowed_dir / "room.json"
    await _call(hass, EXPORT, init_integration, path=str(target))
    assert _read(target) == station.state.last_config_export.encode()
    assert _mode(target) == 0o600
    assert _names(allowed_dir) == ["room.json"]
    await _refused(hass, EXPORT, init_integration, "file_exists", path=str(target))


@pytest.mark.parametrize("api_version", ["v1"])
@pytest.mark.parametrize("hard_links", [True, False])
async def test_export_never_replaces_a_file_that_appeared_meanwhile(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    allowed_dir: Path,
    hard_links: bool,
) -> None:
    """Another writer creates the file between the check and the rename: it is kept."""
    target = allowed_dir / "room.json"
    real_link = os.link

    def racing_link(source: Any, destination: Any, **kwargs: Any) -> None:
        Path(destination).write_bytes(b"the other writer's")
        if not hard_links:
            raise OSError(errno.EPERM, "Operation not permitted")
        real_link(source, destination, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "link", racing_link)
        err = await _refused(hass, EXPORT, init_integration, "file_exists", path=str(target))
    assert err.translation_placeholders == {"path": str(target)}
    assert _read(target) == b"the other writer's"
    assert _names(allowed_dir) == ["room.json"]


# Import


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_export_then_import(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A file exported from the station brings its settings back."""
    target = allowed_dir / "room.json"
    await _call(hass, EXPORT, init_integration, path=str(target))
    station.state.name = "Changed"
    await _call(hass, IMPORT, init_integration, path=str(target))
    assert station.state.name == "ASTROS-1"
    assert station.state.last_config_import is not None


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_import_size_cap(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A file above 4 MiB is refused and not sent."""
    big = allowed_dir / "big.json"
    big.write_bytes(b'{"padding": "' + b"x" * MAX_CONFIGURATION_BYTES + b'"}')
    err = await _refused(hass, IMPORT, init_integration, "file_too_large", path=str(big))
    assert err.translation_placeholders == {"path": str(big), "max_megabytes": "4"}
    assert _config_requests(station, "PUT") == 0


async def test_read_file_limit_is_inclusive(hass: HomeAssistant, allowed_dir: Path) -> None:
    """Exactly the limit is read; one byte more is refused."""
    file = allowed_dir / "ten.bin"
    file.write_bytes(b"0123456789")
    assert await hass.async_add_executor_job(read_file, hass, str(file), 10) == b"0123456789"
    with pytest.raises(ServiceValidationError) as err:
        await hass.async_add_executor_job(read_file, hass, str(file), 9)
    assert err.value.translation_key == "file_too_large"


@pytest.mark.parametrize("api_version", ["v2"])
async def test_import_v2_must_be_json(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A v2 station imports the JSON it exported: anything else is refused here."""
    for name, content in (("old.cfg", b"eyJmb3JtYXQiOiAi"), ("cut.json", b'{"format": ')):
        path = allowed_dir / name
        path.write_bytes(content)
        err = await _refused(
            hass, IMPORT, init_integration, "configuration_not_json", path=str(path)
        )
        assert err.translation_placeholders == {"path": str(path)}
    assert _config_requests(station, "PUT") == 0


@pytest.mark.parametrize("api_version", ["v1"])
async def test_import_v1_leaves_the_format_to_the_station(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """v1 files need not be JSON: the station judges, and refuses garbage."""
    path = allowed_dir / "garbage.cfg"
    path.write_bytes(b"not a configuration")
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, IMPORT, init_integration, path=str(path))
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "station_refused"
    assert err.value.translation_placeholders["code"] == "1001"
    assert _config_requests(station, "POST") == 1
    assert station.state.last_config_import is None


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_import_refusals(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
    config_dir: Path,
    tmp_path: Path,
) -> None:
    """Missing, empty, outside or published files are refused before anything is sent."""
    hass.config.allowlist_external_dirs = {str(allowed_dir), str(config_dir)}
    empty = allowed_dir / "empty.json"
    empty.write_bytes(b"  \n")
    published = config_dir / "www" / "room.json"
    published.write_text("{}")
    outside = tmp_path / "x.json"
    outside.write_text("{}")

    await _refused(hass, IMPORT, init_integration, "path_not_allowed", path=str(outside))
    await _refused(
        hass, IMPORT, init_integration, "file_not_found", path=str(allowed_dir / "missing.json")
    )
    await _refused(hass, IMPORT, init_integration, "file_not_found", path=str(allowed_dir))
    await _refused(hass, IMPORT, init_integration, "configuration_empty", path=str(empty))
    await _refused(hass, IMPORT, init_integration, "path_published", path=str(published))
    await _refused(hass, IMPORT, init_integration, "path_published", path="www/room.json")
    assert _config_requests(station, "PUT") == 0


@pytest.mark.parametrize("api_version", ["v2"])
async def test_import_refused_login_starts_reauth(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A refused login while importing also starts reauthentication."""
    target = allowed_dir / "room.json"
    await _call(hass, EXPORT, init_integration, path=str(target))
    station.state.password = "Changed2025"
    station.expire_tokens()
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, IMPORT, init_integration, path=str(target))
    assert err.value.translation_key == "authentication_failed"
    await hass.async_block_till_done()
    assert len(list(init_integration.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1
    assert station.state.last_config_import is None
