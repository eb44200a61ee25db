"""Every user error: one clear located message per problem, exit 1, no traceback."""
from pathlib import Path

import pytest

from conftest import assert_user_error, invoke
from handouts.paths import DEFAULT_CONTENT


def run_check(runner, *args):
    result = invoke(runner, "check", *args)
    if result.exit_code:
        assert_user_error(result)
    return result


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def content_with(tmp_path, old, new):
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, "content.yaml", text.replace(old, new, 1))


def test_malformed_yaml(runner, tmp_path):
    p = write(tmp_path, "c.yaml", "meta:\n  title: [unclosed\n")
    result = run_check(runner, "--content", p)
    assert result.exit_code == 1
    assert f"{p}:3: invalid YAML" in result.output


def test_top_level_not_a_mapping(runner, tmp_path):
    p = write(tmp_path, "c.yaml", "- just\n- a list\n")
    result = run_check(runner, "--content", p)
    assert f"{p}:1: the content file must be a YAML mapping" in result.output


def test_wrong_type_missing_and_unknown_keys_all_reported(runner, tmp_path):
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    text = text.replace("  title: Ketamine for Chronic Pain\n", "  titel: Ketamine for Chronic Pain\n")
    text = text.replace("    short_title: Fibromyalgia\n", "    short_title: [Fibromyalgia]\n")
    text = text.replace("    short_title: CRPS\n", "")
    p = write(tmp_path, "c.yaml", text)
    result = run_check(runner, "--content", p)
    assert result.exit_code == 1
    out = result.output
    assert "problems found" in out
    lines = {ln for ln in out.splitlines() if ln.startswith(str(p))}
    titel_line = text.splitlines().index("  titel: Ketamine for Chronic Pain") + 1
    assert f"{p}:{titel_line}: meta.titel: unknown key; did you mean 'title'?" in lines
    # A missing key is reported at its parent's line (meta:, the line above).
    assert f"{p}:{titel_line - 1}: meta.title: missing required key" in lines
    assert any("conditions[1].short_title: must be text" in ln for ln in lines)
    assert any("conditions[2].short_title: missing required key" in ln for ln in lines)


def test_empty_condition_body(runner, tmp_path):
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    start = text.index("  - slug: migraine")
    body = text.index("    body:", start)
    end = text.index("    key_points:", body)
    p = write(tmp_path, "c.yaml", text[:body] + "    body: []\n" + text[end:])
    result = run_check(runner, "--content", p)
    assert result.exit_code == 1
    assert "conditions[3].body: needs at least 1 item(s), found 0" in result.output


def test_duplicate_alias(runner, tmp_path):
    p = content_with(tmp_path, "aliases: [fibro, fms", "aliases: [sciatica, fms")
    result = run_check(runner, "--content", p)
    assert result.exit_code == 1
    assert "conditions[1].aliases[0]: 'sciatica' is already used by" not in result.output
    assert "'sciatica' is already used by 'fibromyalgia'" in result.output


def test_long_key_point_is_an_error_with_its_line(runner, tmp_path):
    long = "Fibromyalgia causes widespread pain, tiredness, thinking problems, and many other things too."
    p = content_with(tmp_path, "- With fibromyalgia, you hurt all over, tire, and have trouble thinking.",
                     f"- {long}")
    result = run_check(runner, "--content", p)
    assert result.exit_code == 1
    assert "conditions[1].key_points[0]: key point has 12 words" in result.output


def brand_with(brand_file: Path, old: str, new: str) -> Path:
    text = brand_file.read_text()
    assert old in text
    brand_file.write_text(text.replace(old, new, 1))
    return brand_file


def test_missing_logo(runner, brand_dir):
    (brand_dir.parent / "logo.png").unlink()
    result = run_check(runner, "--brand", brand_dir)
    assert result.exit_code == 1
    assert f"{brand_dir}:6: logo: logo file not found" in result.output


@pytest.mark.parametrize("data,expected", [
    (b"", "logo file is empty"),
    (b"GIF89a not a png", "logo is not a PNG or JPEG image"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "logo image cannot be read"),
])
def test_bad_logo_files(runner, brand_dir, data, expected):
    (brand_dir.parent / "logo.png").write_bytes(data)
    result = run_check(runner, "--brand", brand_dir)
    assert result.exit_code == 1 and expected in result.output


def test_huge_logo(runner, brand_dir):
    (brand_dir.parent / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024))
    result = run_check(runner, "--brand", brand_dir)
    assert result.exit_code == 1 and "logo file is 20.0 MB" in result.output


def test_bad_colour_and_low_contrast_reported_together(runner, brand_dir):
    brand_with(brand_dir, 'accent: "#117A65"', 'accent: "teal"')
    brand_with(brand_dir, 'text: "#1A1A1A"', 'text: "#AAAAAA"')
    result = run_check(runner, "--brand", brand_dir)
    assert result.exit_code == 1
    assert f"{brand_dir}:9: colors.accent: 'teal' is not a colour" in result.output
    assert (f"{brand_dir}:10: colors.text: contrast of text #AAAAAA on background #FFFFFF is "
            "2.32:1") in result.output


def test_low_contrast(runner, brand_dir):
    brand_with(brand_dir, 'text: "#1A1A1A"', 'text: "#AAAAAA"')
    result = run_check(runner, "--brand", brand_dir)
    assert result.exit_code == 1
    assert (f"{brand_dir}:10: colors.text: contrast of text #AAAAAA on background #FFFFFF is "
            "2.32:1; it must be at least 4.5:1") in result.output


def test_unknown_brand_key_suggests(runner, brand_dir):
    brand_with(brand_dir, "qr_url:", "qr_link:")
    result = run_check(runner, "--brand", brand_dir)
    assert "qr_link: unknown key; did you mean 'qr_url'?" in result.output
    assert "qr_url: missing required key" in result.output


def test_deck_template_not_pptx(runner, brand_dir):
    (brand_dir.parent / "t.pptx").write_text("not a zip")
    brand_with(brand_dir, "# deck_template: template.pptx", "deck_template: t.pptx")
    result = run_check(runner, "--brand", brand_dir)
    assert result.exit_code == 1 and "deck template is not a .pptx file" in result.output


def test_missing_files(runner, tmp_path):
    result = run_check(runner, "--content", tmp_path / "nope.yaml", "--brand", tmp_path / "b.yaml")
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}: content file not found" in result.output
    assert f"{tmp_path / 'b.yaml'}: brand file not found" in result.output


def test_list_with_bad_content_exits_1(runner, tmp_path):
    p = write(tmp_path, "c.yaml", "meta: {}\n")
    result = invoke(runner, "list", "--content", p)
    assert_user_error(result)
    assert result.output.startswith("Error: ")
