import pytest

from conftest import invoke
from handouts import __version__

COMMANDS = ["list", "check", "import", "show"]


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(runner, command):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_every_command_has_help_text(runner):
    from cli import main

    for name, command in main.commands.items():
        assert command.help, name
        if name not in ("import",):
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
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; import cli;"
            "CliRunner().invoke(cli.main, ['--help']);"
            "CliRunner().invoke(cli.main, ['list']); CliRunner().invoke(cli.main, ['check']);"
            "bad=[m for m in sys.modules if m.startswith(('reportlab','pptx'))]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
