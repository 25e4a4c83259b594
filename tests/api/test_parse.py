"""Unit tests of the tolerant readers (no HTTP)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from custom_components.astros.api import (
    AstrosResponseError,
    FirmwareUpdateState,
    PowerMode,
    StatusInfo,
    WifiMode,
    parse,
    parse_v1,
    parse_v2,
    v1_station,
)
from custom_components.astros.api.keys import KeyGrant


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True), (0, False), (1, True), (2, None), ("TRUE", True), (" off ", False),
        ("maybe", None), (None, None), ({}, None), (1.0, None),
    ],
)  # fmt: skip
def test_to_bool(value: Any, expected: bool | None) -> None:
    """Booleans from the usual spellings only."""
    assert parse.to_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), ("5", 5), (" -1 ", -1), (5.0, 5), (5.5, None), (True, None), ("5a", None),
     (float("inf"), None), ([], None)],
)  # fmt: skip
def test_to_int(value: Any, expected: int | None) -> None:
    """Integers from numbers and numeric strings."""
    assert parse.to_int(value) == expected


def test_decode_json_string() -> None:
    """Only object or list strings are decoded; broken ones stay strings."""
    assert parse.decode_json_string('{"a": 1}') == {"a": 1}
    assert parse.decode_json_string(" [1] ") == [1]
    assert parse.decode_json_string("{broken") == "{broken"
    assert parse.decode_json_string("123") == "123"
    assert parse.as_list('["x"]') == ["x"]
    assert parse.as_list("x") is None
    assert parse.object_or_empty("nope") == {}


def test_envelope() -> None:
    """errorCode is required; the rest is optional."""
    envelope = parse.parse_envelope({"errorCode": "1001", "errorMsg": 5, "data": '{"a": 1}'})
    assert (envelope.error_code, envelope.message, envelope.data) == (1001, "", {"a": 1})
    assert (envelope.reboot_required, envelope.model, envelope.success) == (None, None, None)
    assert envelope.http_status == 200
    bodies: list[Any] = [[], {"errorMsg": "x"}, {"errorCode": "x"}, "text", None]
    for body in bodies:
        with pytest.raises(AstrosResponseError):
            parse.parse_envelope(body)


def test_modes() -> None:
    """Wi-Fi modes of both generations; power modes with 2 read as suspend."""
    assert parse.to_wifi_mode("AP") is WifiMode.ACCESS_POINT
    assert parse.to_wifi_mode("sta") is WifiMode.CLIENT
    assert parse.to_wifi_mode(2) is WifiMode.CLIENT
    assert parse.to_wifi_mode("1") is WifiMode.ACCESS_POINT
    assert parse.to_wifi_mode(7) is None
    assert parse.to_wifi_mode(None) is None
    assert parse.to_power_mode(2) is PowerMode.SUSPEND
    assert parse.to_power_mode("Sleep") is PowerMode.SLEEP
    assert parse.to_power_mode(None) is None


def test_mac_and_versions() -> None:
    """MACs normalised; versions compared numerically, else by difference."""
    assert parse.to_mac("02-A5-70-00-00-01") == "02:a5:70:00:00:01"
    assert parse.to_mac("02a570000001") == "02:a5:70:00:00:01"
    assert parse.to_mac("02:a5:70:00:00") is None
    assert parse.is_newer("1.10.0.0", "1.9.0.0")
    assert not parse.is_newer("1.2.0.0", "1.10.0.0")
    assert parse.is_newer("2.0", None)
    assert not parse.is_newer(None, "1.0.0.0")
    assert parse.is_newer("beta", "1.0.0.0")
    assert not parse.is_newer("beta", "beta")


def test_times() -> None:
    """HH:MM, RFC 3339, GMT offsets and epoch milliseconds."""
    assert parse.to_time_of_day("04:30") == dt.time(4, 30)
    assert parse.to_time_of_day("23:59:59") == dt.time(23, 59, 59)
    assert parse.to_time_of_day("24:00") is None
    assert parse.to_time_of_day("noon") is None
    assert parse.to_time_of_day(430) is None
    assert parse.to_datetime("2025-01-02T03:04:05Z") == dt.datetime(
        2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC
    )
    assert parse.to_datetime("yesterday") is None
    assert parse.to_datetime(5) is None
    eight = dt.timezone(dt.timedelta(hours=8))
    assert parse.to_utc_offset("GMT+08:00") == eight
    assert parse.to_utc_offset("+0800") == eight
    assert parse.to_utc_offset("GMT-03:30") == dt.timezone(-dt.timedelta(hours=3, minutes=30))
    assert parse.to_utc_offset("UTC") == dt.UTC
    assert parse.to_utc_offset("GMT+30:00") is None
    assert parse.to_utc_offset("CET") is None
    assert parse.to_utc_offset(8) is None
    assert parse.from_epoch_millis("0", None) == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    assert parse.from_epoch_millis(10**30, eight) is None
    assert parse.from_epoch_millis("x", eight) is None


def test_v1_parsers() -> None:
    """Key expiry, statuses, configuration."""
    assert parse_v1.parse_api_key({"token": "abc", "expiredTime": -1}) == KeyGrant("abc", None)
    grant = parse_v1.parse_api_key('{"token": "abc", "expiredTime": "100", "scope": "view_only"}')
    assert grant == KeyGrant("abc", 100.0, "view_only")
    with pytest.raises(AstrosResponseError):
        parse_v1.parse_api_key({"token": ""})
    assert parse_v1.parse_statuses("Sleeping, sharing,dancing") == {"sleeping", "sharing"}
    assert parse_v1.decode_configuration("aGk=") == b"hi"
    for bad in (None, "not base64!"):
        with pytest.raises(AstrosResponseError):
            parse_v1.decode_configuration(bad)


def test_v1_update_finished() -> None:
    """An update is over after a reboot, a new version, or a restarted uptime."""
    now = StatusInfo(firmware_version="1.0.0.0", uptime=50)
    assert not v1_station._RunningUpdate("1.0.0.0", 40).finished(now)
    assert v1_station._RunningUpdate("1.0.0.0", 40, rebooted=True).finished(now)
    assert v1_station._RunningUpdate("0.9.0.0", 40).finished(now)
    assert v1_station._RunningUpdate("1.0.0.0", 60).finished(now)
    assert v1_station._RunningUpdate("1.0.0.0", None).finished(now)


def test_v2_parsers() -> None:
    """Login, factory password spellings, lists, downloads, configuration, upload names."""
    assert parse_v2.parse_login({"token": "t"}) == "t"
    with pytest.raises(AstrosResponseError):
        parse_v2.parse_login({})
    assert parse_v2.parse_factory_password({"isAdminlInit": "true"}) is True
    assert parse_v2.parse_factory_password({"isAdminInit": 0}) is False
    assert parse_v2.parse_factory_password("nonsense") is None
    assert parse_v2.parse_wallpaper_slots([{"id": "3"}, {"id": 0}, "x", {"id": None}]) == (0, 3)
    assert parse_v2.parse_wallpaper_slots({"id": 1}) is None
    assert parse_v2.parse_supported_resolutions([{"id": -1}, {"id": 9}, {"id": "2"}]) == (2,)
    assert parse_v2.parse_supported_resolutions(None) is None
    download = parse_v2.parse_download({"process": "150", "status": "1"})
    assert (download.state, download.percent) == (FirmwareUpdateState.DOWNLOADING, 100)
    assert parse_v2.parse_download({"process": "40", "status": 2}).percent == 100
    assert (
        parse_v2.parse_download({"process": "40", "status": -1}).state is FirmwareUpdateState.FAILED
    )
    assert parse_v2.parse_download({"status": 7}).state is FirmwareUpdateState.IDLE
    assert parse_v2.parse_download({}).state is FirmwareUpdateState.IDLE
    assert parse_v2.decode_configuration({"fileName": "a", "content": "aGk="}) == b"hi"
    assert parse_v2.decode_configuration("aGk=") == b"hi"
    for bad in ({"content": 5}, {"content": "***"}):
        with pytest.raises(AstrosResponseError):
            parse_v2.decode_configuration(bad)
    assert parse_v2.wallpaper_upload_name(3, "C:\\pics\\my cat.JPEG", "jpeg") == "3-my_cat.JPEG"
    assert parse_v2.wallpaper_upload_name(2, "../x.png", "jpeg") == "2-x.png.jpg"
    assert parse_v2.wallpaper_upload_name(5, "...", "png") == "5-wallpaper.png"
