"""`-o -` on a terminal (issue 28): a PDF or a deck is never dumped onto the
screen; text (a content file from `import`) still is, and a pipe gets the
bytes."""
from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from conftest import ARTICLE
from tools import read_terminal


def on_a_terminal(*args) -> tuple[int, bytes, bytes]:
    """Run handouts with its standard output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "handouts", *map(str, args)],
                            stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    shown = read_terminal(leader)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, shown, err


@pytest.mark.parametrize("command", [["handout", "crps"], ["deck", "crps"],
                                     ["handout", "crps", "--large-print"]])
def test_a_pdf_or_deck_is_not_written_to_a_terminal(command):
    rc, shown, err = on_a_terminal(*command, "-o", "-")
    assert rc != 0
    assert b"will not write a binary file to the terminal" in err
    assert b"%PDF" not in shown and b"PK" not in shown and len(shown) < 200


def test_text_goes_to_a_terminal_and_a_pdf_to_a_pipe():
    rc, shown, _ = on_a_terminal("import", ARTICLE, "-o", "-")
    assert rc == 0 and b"conditions:" in shown
    piped = subprocess.run([sys.executable, "-m", "handouts", "handout", "crps", "-o", "-"],
                           capture_output=True)
    assert piped.returncode == 0 and piped.stdout.startswith(b"%PDF")
