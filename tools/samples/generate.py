"""Write the bundled sample accounts: ``python -m tools.samples.generate`` (from the checkout root).

The output is deterministic (fixed seeds and timestamps); a test regenerates it and compares bytes.

**harbor_vet** (HubSpot account 4242, "Harbor Vet (HubSpot)", region US): a veterinary clinic in
Boston. Contacts 101-140, companies 201-210, deals 301-315, tickets 401-420, pets 501-525, calls
601-602, notes 701-702; owners Sam Rivera (9001), Priya Natarajan (9002), Tom Becker (9003).
The cast the demo and tests lean on:

- 101 **Maria Lopez**, phone ``+1 (617) 555-0123``: the returning caller of the demo. Gold VIP
  (``client_tier: vip_gold``), owns Biscuit (dog, 501) and Luna (cat, 502), has an open ticket
  "Biscuit limping after walk" (401, Support Pipeline, "Waiting on us"), a refill ticket in Clinic
  Requests (402), an enrolled wellness-plan deal (301), an earlier call (601) and a note (701).
- 102 James O'Connor ``617.555.0199``; 103 Aisha Khan ``+16175550142``; 104 David Chen
  ``(617) 555 0110``: the same kind of number spelled three other ways.
- 105 Emily Nguyen: no ``phone``, only ``mobilephone`` ``617-555-0175``.
- 106 Robert Smith and 107 Linda Smith share ``+1 617-555-0188``: the ambiguous caller.
- 108 Oliver Bennett ``+44 20 7946 0958`` and 109 Charlotte Hughes (mobile ``+44 7400 123456``):
  UK numbers in a US account.
- 110 Grace Whitfield: Platinum VIP with three pets; 111 Harold Fitzgerald holds the hidden option
  ``legacy_silver``; 112 Sofia Martins has no phone at all.
- 113-120 work at the partner companies 201-208 (kennels, a rescue, a police K9 unit...).

**small** (account 777, "Thistle Plumbing (HubSpot)", region GB): contacts, companies, deals and
tickets with 30-40 properties each, one pipeline each, no custom objects, no calls or notes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from compiler.account import fingerprint, parse_schema
from compiler.samples import SAMPLES_DIR
from tools.samples.check import check_records
from tools.samples.harbor_schema import harbor_vet_schema
from tools.samples.harbor_work import harbor_vet_records
from tools.samples.small import small_records, small_schema


def render(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def build() -> dict[str, str]:
    """File name -> content of every sample file; raises if a sample does not check."""
    files: dict[str, str] = {}
    for name, schema_raw, records in (
        ("harbor_vet", harbor_vet_schema(), harbor_vet_records()),
        ("small", small_schema(), small_records()),
    ):
        schema_raw["fingerprint"] = fingerprint(schema_raw)
        schema = parse_schema(schema_raw, source=f"{name}.schema.json")
        problems = check_records(schema, records)
        if problems:
            raise ValueError(
                f"{name}.records.json does not check:\n  " + "\n  ".join(problems[:20])
            )
        files[f"{name}.schema.json"] = render(schema_raw)
        files[f"{name}.records.json"] = render(records)
    return files


def main(out_dir: Path = SAMPLES_DIR) -> int:
    for file_name, text in build().items():
        (out_dir / file_name).write_text(text, encoding="utf-8")
        print(f"wrote {out_dir / file_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
