"""Development tools kept out of the wheel (sample-account generators)."""
