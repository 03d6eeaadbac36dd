"""`skillc serve --port`: 0 to 65535 (0 = any free port); anything else is a usage error that
says so, before anything starts, not a traceback."""

from __future__ import annotations

import pytest

from compiler.cli import main


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", f"--port={port}"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"'{port}' is not a port (0 to 65535" in err and "Traceback" not in err
