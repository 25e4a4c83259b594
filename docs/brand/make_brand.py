"""Draw the integration's brand images into ``custom_components/astros/brand/``.

The project's own artwork (not Astrogate's trademark): a presentation station
(a screen on a stand, the station's puck below it) with cast waves rising from
the screen's corner, and for the logo the word "ASTROS" beside it. Light
images are drawn in dark ink, ``dark_*`` ones in light ink for dark themes.

Home Assistant (2026.3 and later) serves these for a custom integration, and
HACS checks them: ``icon.png`` 256x256, ``icon@2x.png`` 512x512, ``logo.png``
with its shortest side 128..256 and ``logo@2x.png`` twice that, on a
transparent background, trimmed.

Run from the repository root with Pillow installed (any Python 3.13+)::

    python docs/brand/make_brand.py

The output is the same for the same Pillow version (the wordmark uses the
font Pillow ships, ``ImageFont.load_default``).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[2] / "custom_components" / "astros" / "brand"

#: drawing size of the mark; everything is drawn large, then scaled down
S = 2048
INK = {"light": (31, 58, 95, 255), "dark": (226, 234, 243, 255)}
ACCENT = {"light": (20, 150, 196, 255), "dark": (64, 196, 240, 255)}
SCREEN = {"light": (20, 150, 196, 46), "dark": (64, 196, 240, 56)}


def draw_mark(theme: str) -> Image.Image:
    """The station mark on an S x S transparent canvas."""
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    ink, accent = INK[theme], ACCENT[theme]
    line = S // 22
    # The screen.
    left, top, right, bottom = S * 0.06, S * 0.10, S * 0.94, S * 0.66
    d.rounded_rectangle((left, top, right, bottom), radius=S * 0.06, fill=SCREEN[theme])
    d.rounded_rectangle((left, top, right, bottom), radius=S * 0.06, outline=ink, width=line)
    # The stand and the station (a flat puck with a status light).
    d.rectangle((S * 0.46, bottom, S * 0.54, S * 0.78), fill=ink)
    d.rounded_rectangle((S * 0.22, S * 0.78, S * 0.78, S * 0.90), radius=S * 0.05, fill=ink)
    d.ellipse((S * 0.66, S * 0.815, S * 0.71, S * 0.865), fill=accent)
    # Cast waves from the screen's lower-left corner: a dot and three arcs.
    cx, cy = S * 0.18, S * 0.56
    dot = S * 0.045
    d.ellipse((cx - dot, cy - dot, cx + dot, cy + dot), fill=accent)
    for i, radius in enumerate((S * 0.14, S * 0.25, S * 0.36)):
        width = int(line * (1.0 if i < 2 else 0.95))
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        d.arc(box, start=270, end=360, fill=accent, width=width)
    return img


def trim(img: Image.Image) -> Image.Image:
    """Cut the transparent border away."""
    box = img.getchannel("A").getbbox()
    assert box is not None, "nothing drawn"
    return img.crop(box)


def square(img: Image.Image) -> Image.Image:
    """Centre on a transparent square canvas (the icon is 1:1)."""
    side = max(img.size)
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    canvas.paste(img, ((side - img.width) // 2, (side - img.height) // 2))
    return canvas


def draw_logo(theme: str) -> Image.Image:
    """The mark with the word "ASTROS" to its right, trimmed."""
    mark = trim(draw_mark(theme))
    font = ImageFont.load_default(size=int(mark.height * 0.62))
    text = "ASTROS"
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    x0, y0, x1, y1 = probe.textbbox((0, 0), text, font=font)
    gap = mark.height // 6
    width = mark.width + gap + (x1 - x0)
    img = Image.new("RGBA", (width, mark.height), (0, 0, 0, 0))
    img.paste(mark, (0, 0))
    d = ImageDraw.Draw(img)
    d.text(
        (mark.width + gap - x0, (mark.height - (y1 - y0)) // 2 - y0),
        text,
        font=font,
        fill=INK[theme],
    )
    return trim(img)


def scaled(img: Image.Image, *, height: int) -> Image.Image:
    width = round(img.width * height / img.height)
    return img.resize((width, height), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for theme, prefix in (("light", ""), ("dark", "dark_")):
        icon = square(trim(draw_mark(theme)))
        logo = draw_logo(theme)
        logo_1x = scaled(logo, height=128)
        outputs = {
            f"{prefix}icon.png": icon.resize((256, 256), Image.Resampling.LANCZOS),
            f"{prefix}icon@2x.png": icon.resize((512, 512), Image.Resampling.LANCZOS),
            f"{prefix}logo.png": logo_1x,
            f"{prefix}logo@2x.png": logo.resize(
                (2 * logo_1x.width, 2 * logo_1x.height), Image.Resampling.LANCZOS
            ),
        }
        for name, image in outputs.items():
            image.save(OUT / name, optimize=True)
            print(f"wrote {OUT / name} ({image.width}x{image.height})")


if __name__ == "__main__":
    main()
