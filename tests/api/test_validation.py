"""Invalid values are refused before anything is sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import struct
from typing import Any

import pytest

from custom_components.astros.api import (
    AstrosClient,
    AstrosValidationError,
    LoginCodeMode,
    PowerMode,
    Resolution,
    WifiMode,
    WifiUpdate,
    image_format_and_size,
    validate_wallpaper_image,
)
from simulator import SimulatedStation

from .images import make_jpeg, make_png

Call = Callable[[AstrosClient], Awaitable[Any]]
BAD: dict[str, tuple[Call, str]] = {
    "empty name": (lambda c: c.async_set_name(""), "name"),
    "long name": (lambda c: c.async_set_name("A" * 17), "name"),
    "name with space": (lambda c: c.async_set_name("my room"), "name"),
    "language": (lambda c: c.async_set_language(7), "language"),  # type: ignore[arg-type]
    "fixed code missing": (lambda c: c.async_set_login_code(LoginCodeMode.FIXED), "login code"),
    "short code": (lambda c: c.async_set_login_code(LoginCodeMode.FIXED, "123"), "login code"),
    "code letters": (lambda c: c.async_set_login_code(LoginCodeMode.FIXED, "12a4"), "login code"),
    "code mode": (lambda c: c.async_set_login_code(5, "1234"), "login code mode"),  # type: ignore[arg-type]
    "wallpaper 6": (lambda c: c.async_set_wallpaper(6), "wallpaper slot"),
    "wallpaper -1": (lambda c: c.async_set_wallpaper(-1), "wallpaper slot"),
    "wallpaper bool": (lambda c: c.async_set_wallpaper(True), "wallpaper slot"),
    "upload slot 1": (
        lambda c: c.async_upload_wallpaper(1, make_png(300, 200), "a.png"),
        "wallpaper slot",
    ),
    "delete slot 0": (lambda c: c.async_delete_wallpaper(0), "wallpaper slot"),
    "upload gif": (
        lambda c: c.async_upload_wallpaper(2, b"GIF89a" + b"\x00" * 20, "a.gif"),
        "wallpaper image",
    ),
    "upload too large": (
        lambda c: c.async_upload_wallpaper(2, make_jpeg(4000, 2200), "a.jpg"),
        "wallpaper image",
    ),
    "upload too tall": (
        lambda c: c.async_upload_wallpaper(2, make_jpeg(3940, 2600), "a.jpg"),
        "wallpaper image",
    ),
    "upload square": (
        lambda c: c.async_upload_wallpaper(2, make_png(200, 200), "a.png"),
        "wallpaper image",
    ),
    "upload too wide": (
        lambda c: c.async_upload_wallpaper(2, make_png(401, 200), "a.png"),
        "wallpaper image",
    ),
    "upload str": (
        lambda c: c.async_upload_wallpaper(2, "not bytes", "a.png"),  # type: ignore[arg-type]
        "wallpaper image",
    ),
    "resolution unknown": (lambda c: c.async_set_resolution(Resolution.UNKNOWN), "resolution"),
    "resolution int": (lambda c: c.async_set_resolution(2), "resolution"),  # type: ignore[arg-type]
    "power mode": (lambda c: c.async_set_power(3, 5), "power mode"),  # type: ignore[arg-type]
    "power timeout": (lambda c: c.async_set_power(PowerMode.SLEEP, 7), "power timeout"),
    "power timeout bool": (lambda c: c.async_set_power(PowerMode.SLEEP, True), "power timeout"),
    "time zone": (lambda c: c.async_set_time_zone("Mars/Olympus"), "time zone"),
    "ntp empty": (lambda c: c.async_set_ntp_server(""), "NTP server"),
    "ntp space": (lambda c: c.async_set_ntp_server("pool ntp.org"), "NTP server"),
    "ntp bad ip": (lambda c: c.async_set_ntp_server("300.1.1.1"), "NTP server"),
    "ntp label": (lambda c: c.async_set_ntp_server("-bad.example"), "NTP server"),
    "ntp long": (lambda c: c.async_set_ntp_server("a" * 254), "NTP server"),
    "wifi band": (lambda c: c.async_set_wifi(WifiUpdate(band=3)), "Wi-Fi band"),  # type: ignore[arg-type]
    "wifi gatekeeper": (
        lambda c: c.async_set_wifi(WifiUpdate(gatekeeper=9)),  # type: ignore[arg-type]
        "gatekeeper",
    ),
    "wifi hide": (lambda c: c.async_set_wifi(WifiUpdate(hide_ssid="yes")), "hide SSID"),  # type: ignore[arg-type]
    "wifi mode": (lambda c: c.async_set_wifi(WifiUpdate(mode="AP")), "Wi-Fi mode"),  # type: ignore[arg-type]
    "reboot delay": (lambda c: c.async_reboot(delay=-1), "reboot delay"),
    "reboot reason": (lambda c: c.async_reboot(reason="x" * 65), "reboot reason"),
}
V2_BAD: dict[str, tuple[Call, str]] = {
    "slider 4": (lambda c: c.async_set_image_slider_interval(4), "image slider interval"),
    "slider 301": (lambda c: c.async_set_image_slider_interval(301), "image slider interval"),
    "receiver": (lambda c: c.async_set_receiver("tv", True), "receiver"),  # type: ignore[arg-type]
    "on-screen": (lambda c: c.async_set_on_screen_option("x", True), "on-screen option"),  # type: ignore[arg-type]
    "daily reboot time": (lambda c: c.async_set_daily_reboot(True, "04:00"), "daily reboot time"),  # type: ignore[arg-type]
    "power timeout 2": (lambda c: c.async_set_power(PowerMode.SLEEP, 2), "power timeout"),
}
V1_BAD: dict[str, tuple[Call, str]] = {
    "wifi client mode": (
        lambda c: c.async_set_wifi(WifiUpdate(mode=WifiMode.CLIENT)),
        "Wi-Fi mode",
    ),
    "power timeout 1": (lambda c: c.async_set_power(PowerMode.SLEEP, 1), "power timeout"),
}


async def _refused(client: AstrosClient, station: SimulatedStation, call: Call, field: str) -> None:
    with pytest.raises(AstrosValidationError) as err:
        await call(client)
    assert err.value.field == field
    assert err.value.allowed and err.value.allowed in str(err.value)
    assert station.requests == []


@pytest.mark.parametrize("case", list(BAD))
async def test_refused_before_sending(
    client: AstrosClient, station: SimulatedStation, case: str
) -> None:
    """Nothing reaches the station; the error says what is allowed."""
    await _refused(client, station, *BAD[case])


@pytest.mark.parametrize("case", list(V1_BAD) + list(V2_BAD))
async def test_generation_specific_refusals(
    client: AstrosClient, station: SimulatedStation, case: str
) -> None:
    """Checks that depend on the generation."""
    table = V1_BAD if station.api == "v1" else V2_BAD
    if case not in table:
        pytest.skip("other generation")
    await _refused(client, station, *table[case])


def test_image_headers() -> None:
    """PNG IHDR and JPEG SOFn sizes; anything else is unreadable."""
    assert image_format_and_size(make_png(300, 200)) == ("png", 300, 200)
    assert image_format_and_size(make_jpeg(1920, 1080)) == ("jpeg", 1920, 1080)
    assert image_format_and_size(make_jpeg(640, 400, sof=0xC2)) == ("jpeg", 640, 400)
    assert validate_wallpaper_image(bytearray(make_png(300, 200))) == "png"
    unreadable = [
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 4,
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IDAT" + b"\x00" * 8,
        b"\xff\xd8",
        b"\xff\xd8\x00\x00\x00\x00",  # not a marker
        b"\xff\xd8\xff\xda\x00\x08" + b"\x00" * 8,  # scan before any frame
        b"\xff\xd8\xff\xe0\x00\x01" + b"\x00" * 8,  # impossible length
        b"\xff\xd8\xff\xc0\x00\x05\x08\x00",  # frame header cut short
        b"\xff\xd8\xff\xd0\xff\xe0\x00\x04\x00\x00",  # restart marker, then nothing
    ]
    for data in unreadable:
        assert image_format_and_size(data) is None, data
    with pytest.raises(AstrosValidationError):
        validate_wallpaper_image(make_png(0, 0))


def _jpeg_with_padding(padding: int) -> bytes:
    """A 1920x1080 JPEG whose frame header follows ``padding`` bytes of comments."""
    jpeg = make_jpeg(1920, 1080)
    comments = b""
    while padding > 0:
        chunk = min(padding, 60000)
        comments += b"\xff\xfe" + struct.pack(">H", chunk + 2) + b"c" * chunk
        padding -= chunk
    return jpeg[:2] + comments + jpeg[2:]


def test_jpeg_frame_header_after_64_kib_is_unreadable() -> None:
    """Only the first 64 KiB are searched for the frame header (SOFn)."""
    early = _jpeg_with_padding(60000)
    assert early.index(b"\xff\xc0") < 64 * 1024
    assert image_format_and_size(early) == ("jpeg", 1920, 1080)
    late = _jpeg_with_padding(70000)
    assert late.index(b"\xff\xc0") > 64 * 1024
    assert image_format_and_size(late) is None
    with pytest.raises(AstrosValidationError, match="not a readable PNG or JPEG"):
        validate_wallpaper_image(late)


def test_validation_error_text() -> None:
    """The message names the field, the value and what is allowed."""
    err = AstrosValidationError("name", "a b", "letters")
    assert str(err) == "Invalid name 'a b': allowed is letters"
    assert isinstance(err, ValueError)
