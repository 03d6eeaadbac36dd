"""The generators of the bundled sample accounts (``compiler/samples/*.json``)."""
