"""Fixtures of the feature tests (the shared ones live in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Generator
import io
from pathlib import Path
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from PIL import Image
import pytest


@pytest.fixture
def allowed_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A folder the actions may read and write."""
    folder = tmp_path / "allowed"
    folder.mkdir()
    hass.config.allowlist_external_dirs = {str(folder)}
    return folder


@pytest.fixture
def make_image(allowed_dir: Path) -> Callable[..., Path]:
    """Write an image file into the allowed folder and return its path."""

    def make(
        name: str = "wallpaper.png", size: tuple[int, int] = (320, 180), fmt: str = "PNG"
    ) -> Path:
        buffer = io.BytesIO()
        Image.new("RGB", size, (10, 120, 200)).save(buffer, format=fmt)
        path = allowed_dir / name
        path.write_bytes(buffer.getvalue())
        return path

    return make


@pytest.fixture(autouse=True)
def fast_firmware_progress() -> Generator[None]:
    """Ask for firmware progress every 50 ms instead of every 1.5 s."""
    with patch("custom_components.astros.firmware.PROGRESS_INTERVAL", 0.05):
        yield


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """The simulator needs real sockets on 127.0.0.1 (pytest-socket blocks them otherwise)."""
