"""The station actions on one station, against the simulator.

Several stations at once: ``test_services_targets.py``; reading and writing
files (export and import of the configuration): ``test_files.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.astros.const import DOMAIN, MAX_WALLPAPER_BYTES
from simulator import FaultKind, SimulatedStation

from .helpers import async_wait_back

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + (640).to_bytes(4) + (360).to_bytes(4)


async def _call(hass: HomeAssistant, service: str, entry: MockConfigEntry, **data: Any) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, {"config_entry_id": entry.entry_id, **data}, blocking=True
    )


async def _refused(
    hass: HomeAssistant, service: str, entry: MockConfigEntry, key: str, **data: Any
) -> ServiceValidationError:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, service, entry, **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    return err.value


async def _failed(
    hass: HomeAssistant, service: str, entry: MockConfigEntry, key: str, **data: Any
) -> HomeAssistantError:
    """A failure that is not the person's input (not a ServiceValidationError)."""
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, service, entry, **data)
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == key
    return err.value


def _writes(station: SimulatedStation, since: int, *words: str) -> list[tuple[str, str]]:
    """Requests after the first ``since`` that are not reads and name one of ``words``."""
    return [
        (method, path)
        for method, path in station.requests[since:]
        if method != "GET" and any(word in path for word in words)
    ]


async def _select_wallpaper(entry: MockConfigEntry, slot: int) -> None:
    client = entry.runtime_data.client
    await entry.runtime_data.coordinator.async_execute(lambda: client.async_set_wallpaper(slot))


# upload_wallpaper


@pytest.mark.parametrize(
    ("api_version", "fmt", "name"),
    [
        ("v1", "PNG", "cat.png"),
        ("v1", "JPEG", "cat.jpeg"),
        ("v2", "JPEG", "cat.jpg"),
        ("v2", "PNG", "cat"),
    ],
)
async def test_upload_wallpaper(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
    fmt: str,
    name: str,
) -> None:
    """A valid image lands in the slot, byte for byte, under a name with its real kind."""
    path = make_image(name, (320, 180), fmt)
    assert 3 not in station.state.wallpapers
    await _call(hass, "upload_wallpaper", init_integration, slot=3, path=str(path))
    stored_name, content = station.state.wallpapers[3]
    assert content == path.read_bytes()
    assert stored_name.endswith(".png" if fmt == "PNG" else ".jpg")
    assert "cat" in stored_name


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_upload_wallpaper_refused_by_the_client(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
    allowed_dir: Path,
    tmp_path: Path,
) -> None:
    """Wrong files and slots are refused with what is allowed; nothing reaches the station."""
    entry = init_integration
    good = make_image("good.png", (320, 180))
    outside = tmp_path / "outside.png"
    outside.write_bytes(good.read_bytes())
    text = allowed_dir / "notes.png"
    text.write_text("not an image")
    before = len(station.requests)

    err = await _refused(
        hass, "upload_wallpaper", entry, "path_not_allowed", slot=2, path=str(outside)
    )
    assert err.translation_placeholders["path"] == str(outside)
    await _refused(
        hass,
        "upload_wallpaper",
        entry,
        "file_not_found",
        slot=2,
        path=str(allowed_dir / "missing.png"),
    )
    await _refused(hass, "upload_wallpaper", entry, "file_not_found", slot=2, path=str(allowed_dir))

    err = await _refused(hass, "upload_wallpaper", entry, "invalid_value", slot=2, path=str(text))
    assert err.translation_placeholders["field"] == "wallpaper image"
    assert err.translation_placeholders["value"] == "not a readable PNG or JPEG"
    assert "3940x2500" in err.translation_placeholders["allowed"]
    for name, size, fmt in (
        ("large.png", (4000, 2250), "PNG"),  # too wide, right ratio
        ("tall.png", (3000, 2500), "PNG"),  # fits, but width/height is 1.2
        ("square.jpg", (200, 200), "JPEG"),
        ("wide.png", (500, 200), "PNG"),  # 2.5
    ):
        path = make_image(name, size, fmt)
        err = await _refused(
            hass, "upload_wallpaper", entry, "invalid_value", slot=2, path=str(path)
        )
        kind = "png" if fmt == "PNG" else "jpeg"
        assert err.translation_placeholders["value"] == f"{kind} {size[0]}x{size[1]}"

    for slot in (0, 1, 6, -1):
        err = await _refused(
            hass, "upload_wallpaper", entry, "invalid_value", slot=slot, path=str(good)
        )
        assert err.translation_placeholders == {
            "field": "wallpaper slot",
            "value": str(slot),
            "allowed": "a whole number from 2 to 5",
        }
    assert _writes(station, before, "wallpaper", "upload") == []
    assert set(station.state.wallpapers) == {0, 1}


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_upload_wallpaper_refused_by_the_station(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
) -> None:
    """The active wallpaper cannot be replaced: the station says so, not the client."""
    entry = init_integration
    first = make_image("first.png", (320, 180))
    second = make_image("second.png", (640, 360))
    await _call(hass, "upload_wallpaper", entry, slot=4, path=str(first))
    await _select_wallpaper(entry, 4)
    assert station.state.wallpaper == 4
    before = len(station.requests)

    err = await _failed(
        hass, "upload_wallpaper", entry, "station_refused", slot=4, path=str(second)
    )
    assert err.translation_placeholders["code"] == "1005"
    assert "active wallpaper" in err.translation_placeholders["message"]
    assert len(_writes(station, before, "wallpaper", "upload")) == 1  # it was asked
    assert station.state.wallpapers[4][1] == first.read_bytes()


@pytest.mark.parametrize("api_version", ["v1"])
async def test_upload_wallpaper_size_cap(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    allowed_dir: Path,
) -> None:
    """A file above 8 MiB is refused before it is read whole; nothing is sent."""
    big = allowed_dir / "big.png"
    big.write_bytes(PNG_HEADER.ljust(MAX_WALLPAPER_BYTES + 1, b"\0"))
    before = len(station.requests)
    err = await _refused(
        hass, "upload_wallpaper", init_integration, "file_too_large", slot=2, path=str(big)
    )
    assert err.translation_placeholders == {"path": str(big), "max_megabytes": "8"}
    assert _writes(station, before, "wallpaper", "upload") == []


@pytest.mark.parametrize("api_version", ["v1"])
async def test_upload_wallpaper_unreadable_file(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    make_image: Callable[..., Path],
) -> None:
    """A file that cannot be read is a translated error naming the path and the reason."""
    path = make_image("locked.png")
    original_open = Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        # Tests run as root, where file permissions do not stop reading.
        if self == path:
            raise PermissionError(13, "Permission denied")
        return original_open(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "open", guarded_open)
        err = await _failed(
            hass, "upload_wallpaper", init_integration, "file_read_failed", slot=2, path=str(path)
        )
    assert err.translation_placeholders == {"path": str(path), "error": "Permission denied"}


@pytest.mark.parametrize("api_version", ["v1"])
async def test_upload_wallpaper_to_an_entity_target(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
) -> None:
    """An entity of the station is enough to name it; the response reports it."""
    path = make_image()
    response = await hass.services.async_call(
        DOMAIN,
        "upload_wallpaper",
        {ATTR_ENTITY_ID: "button.astros_1_restart", "slot": 5, "path": str(path)},
        blocking=True,
        return_response=True,
    )
    assert response == {
        "stations": [
            {
                "config_entry_id": init_integration.entry_id,
                "name": init_integration.title,
                "success": True,
                "error": None,
            }
        ]
    }
    assert station.state.wallpapers[5][1] == path.read_bytes()


# delete_wallpaper


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_delete_wallpaper(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
) -> None:
    """An uploaded wallpaper can be deleted; the client refuses slots 0, 1 and 6."""
    entry = init_integration
    await _call(hass, "upload_wallpaper", entry, slot=2, path=str(make_image()))
    assert 2 in station.state.wallpapers
    await _call(hass, "delete_wallpaper", entry, slot=2)
    assert 2 not in station.state.wallpapers

    before = len(station.requests)
    for slot in (0, 1, 6):
        err = await _refused(hass, "delete_wallpaper", entry, "invalid_value", slot=slot)
        assert err.translation_placeholders["field"] == "wallpaper slot"
        assert err.translation_placeholders["value"] == str(slot)
    assert _writes(station, before, "wallpaper") == []
    assert set(station.state.wallpapers) == {0, 1}


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_delete_wallpaper_refused_by_the_station(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    make_image: Callable[..., Path],
) -> None:
    """The station refuses to delete the active wallpaper and an empty slot."""
    entry = init_integration
    await _call(hass, "upload_wallpaper", entry, slot=5, path=str(make_image()))
    await _select_wallpaper(entry, 5)
    before = len(station.requests)

    err = await _failed(hass, "delete_wallpaper", entry, "station_refused", slot=5)
    assert err.translation_placeholders["code"] == "1005"
    assert 5 in station.state.wallpapers

    err = await _failed(hass, "delete_wallpaper", entry, "station_refused", slot=3)
    assert err.translation_placeholders["code"] == "1001"
    assert "empty" in err.translation_placeholders["message"]
    assert len(_writes(station, before, "wallpaper")) == 2  # both reached the station


# set_login_code


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_set_login_code(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A fixed 4-digit code (spaces around it do not count)."""
    await _call(hass, "set_login_code", init_integration, code=" 0427 ")
    assert station.state.login_code_type == 2
    assert station.state.login_code == "0427"


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_set_login_code_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """Anything but four digits is refused without showing the code; nothing is sent."""
    before = len(station.requests)
    code_before = station.state.login_code
    full_width = "\uff11\uff12\uff13\uff14"
    for code in ("123", "98765", "12a4", "", full_width):
        err = await _refused(hass, "set_login_code", init_integration, "invalid_value", code=code)
        assert err.translation_placeholders == {
            "field": "login code",
            "value": "***",
            "allowed": "exactly 4 digits (0-9)",
        }
        if code:
            assert code not in str(err)
    assert _writes(station, before, "logincode", "general") == []
    assert station.state.login_code == code_before


@pytest.mark.parametrize("api_version", ["v2"])
async def test_set_login_code_refused_by_the_station(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A station error is a translated failure, not a validation error."""
    station.faults.add(FaultKind.ERROR_CODE, path="general", method="PATCH", error_code=1200)
    err = await _failed(hass, "set_login_code", init_integration, "station_refused", code="1111")
    assert err.translation_placeholders["code"] == "1200"
    assert station.state.login_code != "1111"


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
    """v2 stations reboot at once; the client refuses a delay or a reason."""
    for options in ({"delay": 5}, {"reason": "x"}, {"delay": 1, "reason": "x"}):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, "reboot", init_integration, **options)
        assert err.value.translation_key == "unsupported"
        assert "delay or reason" in err.value.translation_placeholders["error"]
        assert not init_integration.runtime_data.coordinator.offline_expected()
    assert _writes(station, 0, "reboot") == []
    assert station.state.reboot_count == 0

    await _call(hass, "reboot", init_integration, delay=0)
    await async_wait_back(station)
    assert station.state.reboot_count == 1


@pytest.mark.parametrize("api_version", ["v1", "v2"])
async def test_reboot_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A refused reboot is an error and no outage is expected."""
    station.faults.add(FaultKind.ERROR_CODE, error_code=1200, path="reboot")
    err = await _failed(hass, "reboot", init_integration, "station_refused")
    assert err.translation_placeholders["code"] == "1200"
    assert not init_integration.runtime_data.coordinator.offline_expected()
    assert station.state.reboot_count == 0


@pytest.mark.parametrize("api_version", ["v1"])
async def test_reboot_unreachable(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """A station that does not answer is a communication error."""
    await station.go_offline()
    await _failed(hass, "reboot", init_integration, "communication_error")
    assert not init_integration.runtime_data.coordinator.offline_expected()


@pytest.mark.parametrize(
    "data", [{"delay": -1}, {"delay": 1441}, {"delay": "soon"}, {"reason": "x" * 65}]
)
async def test_reboot_schema(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    station: SimulatedStation,
    data: dict[str, Any],
) -> None:
    """Out-of-range options never reach the handler."""
    with pytest.raises(vol.Invalid):
        await _call(hass, "reboot", init_integration, **data)
    assert station.state.reboot_count == 0


# config entry checks


async def test_unknown_and_unloaded_entry(
    hass: HomeAssistant, init_integration: MockConfigEntry, station: SimulatedStation
) -> None:
    """An unknown, foreign or unloaded entry is refused."""
    code_before = station.state.login_code
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "set_login_code",
            {"config_entry_id": "nope", "code": "1234"},
            blocking=True,
        )
    assert err.value.translation_key == "entry_not_found"
    assert err.value.translation_placeholders == {"config_entry_id": "nope"}

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
    err2 = await _refused(hass, "set_login_code", init_integration, "entry_not_loaded", code="1234")
    assert err2.translation_placeholders == {"title": init_integration.title}
    assert station.state.login_code == code_before
