"""UPDATE_GOLDEN=1 rewrites a golden file that differs but still fails that run (issue 9 #21)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import test_dsl_golden
from dsl_fixtures import FIXTURES


def test_update_golden_rewrites_and_still_reports_the_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = sorted((FIXTURES / "good").glob("*.binding"))[0]
    binding = tmp_path / source.name
    shutil.copy(source, binding)
    golden = binding.with_suffix(".json")
    golden.write_text('{"stale": true}\n', encoding="utf-8")
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    with pytest.raises(AssertionError, match="differs"):
        test_dsl_golden.test_good_binding_compiles_to_golden_plan(binding)
    assert json.loads(golden.read_text(encoding="utf-8")) != {"stale": True}
    # The rewritten file is the right one: the next run passes, with or without the variable.
    test_dsl_golden.test_good_binding_compiles_to_golden_plan(binding)
    monkeypatch.delenv("UPDATE_GOLDEN")
    test_dsl_golden.test_good_binding_compiles_to_golden_plan(binding)
