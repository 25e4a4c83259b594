"""Property: arbitrary JSON fed to every response parser raises nothing but AstrosError."""

from __future__ import annotations

from collections.abc import Callable
import contextlib
import inspect
import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.astros.api import AstrosError, parse, parse_v1, parse_v2

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(
        ["0", "1", "-1", "true", "false", "AP", "sleep", "03:00", "GMT+08:00", "1.2.3.4"]
    )
    | st.sampled_from(["02:A5:70:00:00:01", "2025-01-01T10:00:00Z", "aGVsbG8=", "{}", "[1]"])
)
KEYS = sorted(
    {
        "errorCode", "errorMsg", "data", "rebootRequired", "model", "isSuccess",
        "token", "expiredTime", "sn", "ethMacAddress", "name", "fwVersion", "uptime",
        "status", "type", "code", "hdmi", "vga", "resolution", "cec", "enable", "mode",
        "timeout", "time", "auto", "ip", "port", "enableDHCP", "setting", "mask",
        "ssid", "hideSSID", "security", "band", "networking_mode", "networkMode",
        "gatekeeper", "current", "new", "devName", "isAdminInit", "isAdminlInit", "mac",
        "id", "codeType", "codeValue", "curWallpaper", "allowRemoteView", "curLanguage",
        "imageSliderinterval", "allowAirPlay", "vgaEnable", "isAudioFromHDMI",
        "isAutoTime", "ntpServer", "timeZone", "curTimeMillis", "GMT", "dailyRebootTime",
        "channel", "autoProjection", "expiredDate", "process", "content", "fileName",
    }
)  # fmt: skip


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=6
    )


json_values = st.recursive(json_scalars, _extend, max_leaves=20)
# Documents as objects, and as the JSON strings the spec allows in ``data``.
documents = json_values | json_values.map(json.dumps)

PARSERS: dict[str, Callable[..., object]] = {
    "envelope": parse.parse_envelope,
    "firmware": parse.parse_firmware,
    "v1 api key": parse_v1.parse_api_key,
    "v1 device": parse_v1.parse_device,
    "v1 identity": parse_v1.parse_identity,
    "v1 general": parse_v1.parse_general,
    "v1 display": parse_v1.parse_display,
    "v1 power": parse_v1.parse_power,
    "v1 time": parse_v1.parse_time,
    "v1 network": parse_v1.parse_network,
    "v1 configuration": parse_v1.decode_configuration,
    "v2 login": parse_v2.parse_login,
    "v2 factory password": parse_v2.parse_factory_password,
    "v2 identity": parse_v2.parse_identity,
    "v2 general": parse_v2.parse_general,
    "v2 receivers": parse_v2.parse_receivers,
    "v2 display": parse_v2.parse_display,
    "v2 power": parse_v2.parse_power,
    "v2 time": parse_v2.parse_time,
    "v2 network": parse_v2.parse_network,
    "v2 pairing": parse_v2.parse_pairing,
    "v2 download": parse_v2.parse_download,
    "v2 Wi-Fi connection": parse_v2.parse_wifi_connection,
    "v2 configuration": parse_v2.decode_configuration,
}


def _arity(parser: Callable[..., object]) -> int:
    return len(inspect.signature(parser).parameters)


@settings(
    max_examples=int(os.environ.get("ASTROS_HYPOTHESIS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(name=st.sampled_from(sorted(PARSERS)), data=st.data())
def test_parsers_raise_only_astros_errors(name: str, data: st.DataObject) -> None:
    """Any JSON document: a model, or an AstrosError, never KeyError/TypeError/ValueError."""
    parser = PARSERS[name]
    args = [data.draw(documents) for _ in range(_arity(parser))]
    with contextlib.suppress(AstrosError):
        parser(*args)


@settings(max_examples=int(os.environ.get("ASTROS_HYPOTHESIS_EXAMPLES", "200")), deadline=None)
@given(body=json_values)
def test_envelope_around_any_data(body: Any) -> None:
    """Any ``data`` inside a valid envelope goes through every parser safely."""
    envelope = parse.parse_envelope({"errorCode": "0", "data": body, "rebootRequired": 1})
    assert envelope.error_code == 0 and envelope.reboot_required is True
    for parser in PARSERS.values():
        with contextlib.suppress(AstrosError):
            parser(*([envelope.data] * _arity(parser)))


@settings(max_examples=int(os.environ.get("ASTROS_HYPOTHESIS_EXAMPLES", "200")), deadline=None)
@given(
    blob=st.binary(max_size=64), prefix=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8"])
)
def test_image_header_reader_never_crashes(blob: bytes, prefix: bytes) -> None:
    """Arbitrary bytes after a PNG/JPEG signature: a size or None."""
    from custom_components.astros.api import image_format_and_size

    result = image_format_and_size(prefix + blob)
    assert result is None or result[0] in ("png", "jpeg")
