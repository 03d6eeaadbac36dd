"""Locate data shipped with the package (grammars, packs, schemas, samples).

In a wheel the top-level folders are copied under ``compiler/_data``; in a checkout (editable
install or running from source) they are read from the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory holding the shipped top-level folder ``name``."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"skillc data folder {name!r} is missing from this installation")


def samples_dir() -> Path:
    """Directory of the bundled sample accounts."""
    return _PACKAGE_DIR / "samples"
