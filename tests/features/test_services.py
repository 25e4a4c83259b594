"""The integration's actions against the simulator."""

from __future__ import annotations

from collections.abc import Callable
import io
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.astros.const import DOMAIN
from custom_components.astros.services import check_wallpaper
from simulator import FaultKind, SimulatedStation

from .helpers import async_wait_back


async def _call(hass: HomeAssistant, service: str, entry: MockConfigEntry, **data: Any) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, {"config_entry_id": entry.entry_id, **data}, blocking=True
    )


async def _refused(
    hass: HomeAssistant, service: str, entry: MockConfigEntry, key: str, **data: Any
) -> ServiceValidationError:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, service, entry, **data)
    assert err.value.translation_key == key
    return err.value


# upload_wallpaper


@pytest.mark.parametrize(
    ("api_version", "fmt", "name"),
    [("v1", "PNG", "cat.png"), ("v2", "JPEG", "cat.jpg"), ("v2", "PNG", "cat")],
)
async def test_upload_wallpaper(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
    fmt: str,
    name: str,
) -> None:
    """A valid image lands in the slot."""
    path = make_image(name, (320, 180), fmt)
    await _call(hass, "upload_wallpaper", init_integration, slot=3, path=str(path))
    assert 3 in station.state.wallpapers
    assert station.state.wallpapers[3][1] == path.read_bytes()


@pytest.mark.parametrize("api_version", ["v2"])
async def test_upload_wallpaper_refusals(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
    allowed_dir: Path,
    tmp_path: Path,
) -> None:
    """Each wrong input has its own message and nothing reaches the station."""
    entry = init_integration
    good = make_image("good.png", (320, 180))
    outside = tmp_path / "outside.png"
    outside.write_bytes(good.read_bytes())
    text = allowed_dir / "notes.png"
    text.write_text("not an image")
    large = make_image("large.png", (4000, 2250))
    tall = make_image("tall.png", (3000, 2500))  # fits, but width/height is 1.2
    square = make_image("square.jpg", (200, 200), "JPEG")
    wide = make_image("wide.png", (500, 200))
    uploads_before = list(station.requests)

    err = await _refused(
        hass, "upload_wallpaper", entry, "path_not_allowed", slot=2, path=str(outside)
    )
    assert "outside.png" in err.translation_placeholders["path"]
    await _refused(
        hass,
        "upload_wallpaper",
        entry,
        "file_not_found",
        slot=2,
        path=str(allowed_dir / "missing.png"),
    )
    await _refused(hass, "upload_wallpaper", entry, "file_not_found", slot=2, path=str(allowed_dir))
    await _refused(hass, "upload_wallpaper", entry, "wallpaper_not_image", slot=2, path=str(text))
    err = await _refused(
        hass, "upload_wallpaper", entry, "wallpaper_too_large", slot=2, path=str(large)
    )
    assert err.translation_placeholders == {
        "width": "4000",
        "height": "2250",
        "max_width": "3940",
        "max_height": "2500",
    }
    await _refused(hass, "upload_wallpaper", entry, "wallpaper_bad_ratio", slot=2, path=str(tall))
    await _refused(hass, "upload_wallpaper", entry, "wallpaper_bad_ratio", slot=2, path=str(square))
    await _refused(hass, "upload_wallpaper", entry, "wallpaper_bad_ratio", slot=2, path=str(wide))
    for slot in (0, 1, 6, -1):
        await _refused(
            hass,
            "upload_wallpaper",
            entry,
            "wallpaper_slot_out_of_range",
            slot=slot,
            path=str(good),
        )
    # The active wallpaper cannot be replaced.
    await _call(hass, "upload_wallpaper", entry, slot=4, path=str(good))
    client = entry.runtime_data.client
    await entry.runtime_data.coordinator.async_execute(lambda: client.async_set_wallpaper(4))
    assert station.state.wallpaper == 4
    await _refused(hass, "upload_wallpaper", entry, "wallpaper_slot_active", slot=4, path=str(good))
    uploads = [r for r in station.requests[len(uploads_before) :] if "upload" in r[1]]
    assert len(uploads) == 1


@pytest.mark.parametrize("api_version", ["v1"])
async def test_upload_too_big_file(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    make_image: Callable[..., Path],
) -> None:
    """Files above the size limit are not read."""
    path = make_image("big.png")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("custom_components.astros.services.MAX_FILE_BYTES", 10)
        await _refused(
            hass, "upload_wallpaper", init_integration, "file_too_large", slot=2, path=str(path)
        )


@pytest.mark.parametrize("api_version", ["v1"])
async def test_upload_unreadable_file(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    make_image: Callable[..., Path],
) -> None:
    """An I/O error while reading is a translated error."""
    path = make_image("locked.png")
    with (
        pytest.MonkeyPatch.context() as mp,
        pytest.raises(HomeAssistantError) as err,
    ):
        mp.setattr(Path, "read_bytes", _raise_oserror)
        await _call(hass, "upload_wallpaper", init_integration, slot=2, path=str(path))
    assert err.value.translation_key == "file_read_failed"


def _raise_oserror(*_args: Any, **_kwargs: Any) -> Any:
    raise PermissionError(13, "Permission denied")


def test_check_wallpaper_headers() -> None:
    """Broken headers are not images; zero sizes are refused."""
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + b"\x00" * 8
    with pytest.raises(ServiceValidationError):
        check_wallpaper(png, "zero.png")
    with pytest.raises(ServiceValidationError):
        check_wallpaper(b"\xff\xd8\xff\xd9", "empty.jpg")
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (1920, 1080)).save(buffer, format="JPEG")
    assert check_wallpaper(buffer.getvalue(), "ok.jpg") == ("jpeg", 1920, 1080)


# delete_wallpaper


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_delete_wallpaper(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
) -> None:
    """An uploaded wallpaper can be deleted, but not the active one nor slots 0/1."""
    entry = init_integration
    await _call(hass, "upload_wallpaper", entry, slot=2, path=str(make_image()))
    assert 2 in station.state.wallpapers
    await _call(hass, "delete_wallpaper", entry, slot=2)
    assert 2 not in station.state.wallpapers

    await _refused(hass, "delete_wallpaper", entry, "wallpaper_slot_out_of_range", slot=1)
    await _refused(hass, "delete_wallpaper", entry, "wallpaper_slot_out_of_range", slot=6)
    await _call(hass, "upload_wallpaper", entry, slot=5, path=str(make_image()))
    client = entry.runtime_data.client
    await entry.runtime_data.coordinator.async_execute(lambda: client.async_set_wallpaper(5))
    assert station.state.wallpaper == 5
    await _refused(hass, "delete_wallpaper", entry, "wallpaper_slot_active", slot=5)
    assert 5 in station.state.wallpapers


@pytest.mark.parametrize("api_version", ["v2"])
async def test_delete_empty_slot(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """v2 lists the occupied slots: deleting an empty one is refused up front."""
    await _refused(hass, "delete_wallpaper", init_integration, "wallpaper_slot_empty", slot=3)


# set_login_code


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_set_login_code(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A fixed 4-digit code; anything else is refused."""
    await _call(hass, "set_login_code", init_integration, code="0427")
    assert station.state.login_code_type == 2
    assert station.state.login_code == "0427"
    for code in ("123", "12345", "12a4", ""):
        await _refused(hass, "set_login_code", init_integration, "login_code_invalid", code=code)
    assert station.state.login_code == "0427"


# reboot


@pytest.mark.parametrize("api_version", ["v1"])
async def test_reboot_v1_with_delay_and_reason(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """v1 stations take a delay and a reason."""
    await _call(hass, "reboot", init_integration, delay=0, reason="Weekly maintenance")
    await async_wait_back(station)
    assert station.state.reboot_count == 1
    assert station.state.last_reboot_reason == "Weekly maintenance"
    assert init_integration.runtime_data.coordinator.offline_expected()


@pytest.mark.parametrize("api_version", ["v2"])
async def test_reboot_v2(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """v2 stations reboot at once; a delay or a reason is refused."""
    await _refused(hass, "reboot", init_integration, "reboot_options_unsupported", delay=5)
    await _refused(hass, "reboot", init_integration, "reboot_options_unsupported", reason="x")
    assert station.state.reboot_count == 0
    await _call(hass, "reboot", init_integration, delay=0)
    await async_wait_back(station)
    assert station.state.reboot_count == 1


@pytest.mark.parametrize("api_version", ["v2"])
async def test_reboot_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A refused reboot is an error and no outage is expected."""
    station.faults.add(FaultKind.ERROR_CODE, error_code=1200, path="reboot")
    with pytest.raises(HomeAssistantError):
        await _call(hass, "reboot", init_integration)
    assert not init_integration.runtime_data.coordinator.offline_expected()


async def test_reboot_schema(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """A negative delay never reaches the handler."""
    with pytest.raises(vol.Invalid):
        await _call(hass, "reboot", init_integration, delay=-1)


# configuration export / import


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_export_import_configuration(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """Export to a file and to a folder, change the station, import the file back."""
    target = allowed_dir / "room.json"
    response = await hass.services.async_call(
        DOMAIN,
        "export_configuration",
        {"config_entry_id": init_integration.entry_id, "path": str(target)},
        blocking=True,
        return_response=True,
    )
    assert response == {"path": str(target)}
    assert target.stat().st_size > 0

    response = await hass.services.async_call(
        DOMAIN,
        "export_configuration",
        {"config_entry_id": init_integration.entry_id, "path": str(allowed_dir)},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    written = Path(str(response["path"]))
    assert written.parent == allowed_dir
    assert written.name.startswith("astros_1-configuration-")
    assert written.read_bytes() == target.read_bytes()  # noqa: ASYNC240

    station.state.name = "Changed"
    await _call(hass, "import_configuration", init_integration, path=str(target))
    assert station.state.name == "ASTROS-1"


@pytest.mark.parametrize("api_version", ["v2"])
async def test_configuration_refusals(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
    tmp_path: Path,
) -> None:
    """Paths outside the allowlist, missing folders and empty files are refused."""
    entry = init_integration
    await _refused(
        hass, "export_configuration", entry, "path_not_allowed", path=str(tmp_path / "x.json")
    )
    await _refused(
        hass,
        "export_configuration",
        entry,
        "folder_not_found",
        path=str(allowed_dir / "missing" / "x.json"),
    )
    await _refused(
        hass, "import_configuration", entry, "path_not_allowed", path=str(tmp_path / "x.json")
    )
    await _refused(
        hass,
        "import_configuration",
        entry,
        "file_not_found",
        path=str(allowed_dir / "missing.json"),
    )
    empty = allowed_dir / "empty.json"
    empty.write_bytes(b"  \n")
    await _refused(hass, "import_configuration", entry, "configuration_empty", path=str(empty))

    station.faults.add(FaultKind.ERROR_CODE, error_code=1200, path="system/config")
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "export_configuration", entry, path=str(allowed_dir / "x.json"))
    assert err.value.translation_key == "station_refused"
    assert not (allowed_dir / "x.json").exists()


@pytest.mark.parametrize("api_version", ["v1"])
async def test_export_write_failure(
    hass: HomeAssistant, init_integration: MockConfigEntry, allowed_dir: Path
) -> None:
    """A failed write is a translated error."""
    with (
        pytest.MonkeyPatch.context() as mp,
        pytest.raises(HomeAssistantError) as err,
    ):
        mp.setattr(Path, "write_bytes", _raise_oserror)
        await _call(
            hass, "export_configuration", init_integration, path=str(allowed_dir / "x.json")
        )
    assert err.value.translation_key == "file_write_failed"


# config entry checks


async def test_unknown_and_unloaded_entry(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An unknown, foreign or unloaded entry is refused."""
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "set_login_code",
            {"config_entry_id": "nope", "code": "1234"},
            blocking=True,
        )
    assert err.value.translation_key == "entry_not_found"

    other = MockConfigEntry(domain="other_domain", title="Other")
    other.add_to_hass(hass)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "set_login_code",
            {"config_entry_id": other.entry_id, "code": "1234"},
            blocking=True,
        )
    assert err.value.translation_key == "entry_not_found"

    await hass.config_entries.async_unload(init_integration.entry_id)
    await _refused(hass, "set_login_code", init_integration, "entry_not_loaded", code="1234")
