"""The brand images Home Assistant (2026.3+) and HACS read from ``brand/``.

Names and sizes from Home Assistant's brands rules: ``icon.png`` 256x256 and
``icon@2x.png`` 512x512 (square), ``logo.png`` with its shortest side between
128 and 256 and ``logo@2x.png`` exactly twice its size, each with a ``dark_``
variant; PNG with an alpha channel, transparent background, trimmed (the
drawing touches the edges). Sizes come from the PNG header (standard
library); the pixel checks use Pillow (Home Assistant's own dependency).
"""

from __future__ import annotations

from pathlib import Path
import struct

import pytest

BRAND = Path(__file__).resolve().parents[2] / "custom_components" / "astros" / "brand"
NAMES = [
    f"{prefix}{kind}{scale}.png"
    for prefix in ("", "dark_")
    for kind in ("icon", "logo")
    for scale in ("", "@2x")
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGBA = 6  # PNG colour type: truecolour with alpha


def _header(path: Path) -> tuple[int, int, int]:
    """Width, height and colour type from the IHDR chunk."""
    data = path.read_bytes()[:33]
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height, _depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def test_exactly_the_supported_names() -> None:
    assert sorted(p.name for p in BRAND.iterdir()) == sorted(NAMES)


@pytest.mark.parametrize("prefix", ["", "dark_"])
def test_sizes(prefix: str) -> None:
    assert _header(BRAND / f"{prefix}icon.png")[:2] == (256, 256)
    assert _header(BRAND / f"{prefix}icon@2x.png")[:2] == (512, 512)
    width, height, _ = _header(BRAND / f"{prefix}logo.png")
    assert 128 <= min(width, height) <= 256
    assert _header(BRAND / f"{prefix}logo@2x.png")[:2] == (width * 2, height * 2)


@pytest.mark.parametrize("name", NAMES)
def test_transparent_and_trimmed(name: str) -> None:
    image_module = pytest.importorskip("PIL.Image")
    assert _header(BRAND / name)[2] == RGBA
    with image_module.open(BRAND / name) as image:
        alpha = image.getchannel("A")
        width, height = image.size
        corners = [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]
        assert all(alpha.getpixel(xy) == 0 for xy in corners), "the background is not transparent"
        # Trimmed: something is drawn on the edges of the longer side (an icon is
        # centred on its square, so only its longer side touches).
        box = alpha.point(lambda a: 255 if a > 16 else 0).getbbox()
        assert box is not None
        left, top, right, bottom = box
        if right - left >= bottom - top:
            assert left <= 2 and right >= width - 2, f"not trimmed: {box} of {image.size}"
        else:
            assert top <= 2 and bottom >= height - 2, f"not trimmed: {box} of {image.size}"


@pytest.mark.parametrize("kind", ["icon", "logo"])
def test_dark_variant_differs(kind: str) -> None:
    """The dark variant is drawn for dark backgrounds, not a copy."""
    assert (BRAND / f"{kind}.png").read_bytes() != (BRAND / f"dark_{kind}.png").read_bytes()
