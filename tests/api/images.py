"""Tiny PNG and JPEG files built by hand (no Pillow)."""

from __future__ import annotations

import struct
import zlib


def make_png(width: int, height: int) -> bytes:
    """A valid grey PNG of ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def make_jpeg(width: int, height: int, *, sof: int = 0xC0) -> bytes:
    """A JPEG header (SOI, APP0, a comment, SOFn, SOS, EOI) with the given frame size."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = b"astros test"
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    return (
        b"\xff\xd8"
        + segment(0xE0, app0)
        + b"\xff"  # a fill byte before the next marker
        + segment(0xFE, comment)
        + segment(sof, frame)
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x00" * 8
        + b"\xff\xd9"
    )
