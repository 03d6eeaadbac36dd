"""Run every benchmark module (``bench/bench_*.py``, each with ``run() -> dict``) and print JSON.

Usage: ``python -m bench [NAME ...]`` where NAME selects modules by substring.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    if argv:
        names = [n for n in names if any(sel in n for sel in argv)]
    failed = False
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        try:
            figures = module.run()
        except Exception as exc:  # a broken benchmark must not hide the others' figures
            figures = {"error": f"{type(exc).__name__}: {exc}"}
            failed = True
        figures["bench_seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps({"bench": name.removeprefix("bench_"), **figures}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
