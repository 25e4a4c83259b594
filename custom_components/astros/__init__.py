"""The Astrogate ASTROS integration."""
