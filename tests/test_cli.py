import json
import pytest

from conftest import invoke
from tools import fresh_python
from handouts import __version__

from handouts.cli import main

COMMANDS = sorted(main.commands)


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_every_command_is_covered():
    assert COMMANDS == ["approve", "build", "check", "deck", "handout", "import", "init", "list",
                        "prints", "serve", "show", "upstream"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(runner, command):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: main {command} ")
    assert main.commands[command].help.split("\n")[0][:30] in result.output


def test_every_command_has_help_text(runner):
    from handouts.cli import main

    for name, command in main.commands.items():
        assert command.help, name
        if name not in ("import", "approve", "init", "upstream", "serve", "prints"):
            opts = {o for p in command.params for o in getattr(p, "opts", [])}
            assert {"--content", "--brand"} <= opts, name


def test_list_prints_slug_then_title(runner):
    result = invoke(runner, "list")
    lines = result.output.splitlines()
    assert result.exit_code == 0 and len(lines) == 8
    assert lines[0].split()[0] == "neuropathic-pain"
    assert lines[2].startswith("crps") and lines[2].endswith("Complex Regional Pain Syndrome (CRPS)")


def test_check_reports_both_files(runner):
    result = invoke(runner, "check")
    assert result.exit_code == 0
    for text in ("8 conditions", "4 FAQ entries", "Riverside Pain & Wellness Clinic",
                 "contrast: text 17.4:1", "OK"):
        assert text in result.output


@pytest.mark.parametrize("name", ["Sciatica", "phantom-limb", "interstitial-cystitis",
                                  "neuropathy", "CRPS"])
def test_condition_argument_matches_aliases(runner, name):
    result = invoke(runner, "show", name)
    assert result.exit_code == 0


def test_unknown_condition_exits_2(runner):
    result = invoke(runner, "show", "migrane")
    assert result.exit_code == 2
    assert "Unknown condition 'migrane'. Did you mean 'migraine'?" in result.output
    assert "neuropathic-pain, fibromyalgia, crps" in result.output


def test_list_does_not_import_renderers():
    def imported(*commands: str) -> list[str]:
        code = ("import sys, json; from click.testing import CliRunner; import handouts.cli as cli;"
                + "".join(f"CliRunner().invoke(cli.main, {c.split()!r});" for c in commands)
                + "print(json.dumps([m for m in sys.modules "
                  "if m.startswith(('reportlab', 'pptx'))]))")
        return json.loads(fresh_python(code))

    assert imported("--help", "list") == []
    # `check` reads the fonts' character maps (typographic quotes are not
    # ASCII) with ReportLab's TrueType reader, and lays out each one-sheet
    # summary with the PDF renderer (whether it fits two pages is the
    # renderer's own measure); it never loads the deck renderer.
    loaded = imported("check")
    assert [m for m in loaded if m.startswith("pptx")] == []
    assert "reportlab.platypus" in loaded


def test_show_prints_the_condition_as_the_handout_does(runner, content):
    result = invoke(runner, "show", "sciatica")
    assert result.exit_code == 0
    cond = content.condition("low-back-pain")
    lines = result.output.splitlines()
    assert lines[0] == f"{cond.title}  [low-back-pain]"
    assert lines[1] == "Also matches: " + ", ".join(cond.aliases)
    assert lines[3] == cond.main_message
    assert lines[5] == "At a glance:" and lines[6] == f"  - {cond.glance_points[0]}"
    assert "Ketamine for back pain and sciatica" in lines
    assert result.output.rstrip().endswith(cond.body[-1][-60:])
    # The section as printed: the edition's words, medical words explained in brackets.
    from pdfread import printed_in_order

    assert all(printed_in_order(p, result.output) for p in cond.body)
    assert "herniated (slipped) discs" in result.output  # explained by the text itself
    assert "infusions (medicine given slowly through a vein)" in result.output


def test_deck_title_option(runner, tmp_path):
    import io

    from pptx import Presentation

    out = tmp_path / "t.pptx"
    result = invoke(runner, "deck", "crps", "--title", "Living Better With CRPS", "-o", out)
    assert result.exit_code == 0
    prs = Presentation(io.BytesIO(out.read_bytes()))
    assert prs.slides[0].shapes.title.text_frame.text == "Living Better With CRPS"
    assert prs.core_properties.title == "Living Better With CRPS"
    default = tmp_path / "d.pptx"
    invoke(runner, "deck", "crps", "-o", default)
    first = Presentation(io.BytesIO(default.read_bytes())).slides[0]
    assert first.shapes.title.text_frame.text == "Ketamine for CRPS"


def test_the_pdf_renderer_does_not_import_a_web_client():
    """`handouts handout` and a build worker making handouts import the PDF
    renderer: its XML escaping is our own, since xml.sax.saxutils brings
    urllib.request, http.client and ssl (15 ms of each such process's start;
    python-pptx imports them anyway)."""
    code = ("import sys, handouts.render.pdf;"
            "print(sorted(m for m in ('urllib.request', 'http.client', 'ssl') "
            "if m in sys.modules))")
    assert fresh_python(code).strip() == "[]"


def test_a_reader_that_stops_early_is_not_an_error():
    """`handouts list | head -1`: the reader closes the pipe before the
    command writes; the command stops quietly, with no "internal error"."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "handouts", "show", "crps"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command has started, let alone written
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "internal error" not in err and "Traceback" not in err, err

