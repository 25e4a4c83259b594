"""Long-running fault soak of the integration (marked slow)."""
