"""Bad input never crashes and never leaves a partial file."""
import io
import os
from pathlib import Path

import pytest
import yaml

from conftest import assert_user_error, invoke
from conftest import render_pdf, render_pptx
from handouts.paths import DEFAULT_CONTENT, atkinson
from pdfread import reader, text_of

CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


def edited_content(tmp_path, edit) -> Path:
    data = yaml.safe_load(DEFAULT_CONTENT.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "content.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def assert_clean_failure(result, folder: Path, message: str, code: int = 1):
    assert_user_error(result, code)
    assert message in result.output
    assert not [p for p in folder.iterdir() if p.suffix in (".pdf", ".pptx", ".part")]


def test_ten_thousand_word_paragraph_flows_without_clipping(content, brand):
    words = [f"word{i % 97}" for i in range(10_000)]
    para = " ".join(words) + "."
    cond = content.condition("crps").model_copy(update={"body": (para,)})
    data = render_pdf(content, brand, "standard", cond).data
    pages = len(reader(data).pages)
    assert pages > 10
    text = text_of(data)
    assert text.count("word96") == sum(1 for w in words if w == "word96")
    assert f"Page {pages} of {pages}" in text
    deck = render_pptx(content, brand, cond).data
    from pptx import Presentation

    prs = Presentation(io.BytesIO(deck))
    series = [s.shapes.title.text_frame.text for s in prs.slides
              if s.shapes.title.text_frame.text.startswith("CRPS in depth (")]
    assert len(series) > 5 and series[-1] == f"CRPS in depth ({len(series)}\u00a0of\u00a0{len(series)})"


def test_markup_in_decks_is_literal(content, brand):
    nasty = 'Tom & Jerry <b>bold</b> "x" \'y\' <p:sp/> &amp;'
    cond = content.condition("crps").model_copy(update={"key_points": (nasty, "b", "c")})
    from pptx import Presentation

    prs = Presentation(io.BytesIO(render_pptx(content, brand, cond).data))
    paragraphs = [p.text for s in prs.slides for sh in s.shapes if sh.has_text_frame
                  for p in sh.text_frame.paragraphs]
    assert nasty in paragraphs  # one bullet, every character as typed


def test_spanish_and_vietnamese_in_decks(content, brand):
    vi = "Đau mãn tính: ưạầổớờở; Español: ¿Qué es el dolor crónico? niño"
    cond = content.condition("crps").model_copy(update={"key_points": (vi, "b", "c")})
    from pptx import Presentation

    prs = Presentation(io.BytesIO(render_pptx(content, brand, cond).data))
    # Read as a viewer reads it: the last word's tie (a no-break space) is a space.
    assert any(vi in sh.text_frame.text.replace("\xa0", " ") for s in prs.slides
               for sh in s.shapes if sh.has_text_frame)


def test_chinese_without_a_cjk_font_names_the_letters(runner, tmp_path):
    path = edited_content(tmp_path, lambda d: d["conditions"][2].update(title="慢性疼痛 CRPS"))
    result = invoke(runner, "handout", "crps", "--content", path, "--out-dir", tmp_path)
    assert_clean_failure(result, tmp_path, "no font can draw '慢' (U+6162), '性' (U+6027), "
                                           "'疼' (U+75BC), '痛' (U+75DB)")


def test_chinese_with_a_cjk_font_named_by_the_brand(runner, tmp_path, brand_dir):
    if not CJK_FONT.exists():
        if os.environ.get("HANDOUTS_REQUIRE_TOOLS"):
            pytest.fail(f"{CJK_FONT} is required (fonts-droid-fallback)")
        pytest.skip("no CJK TrueType font installed (apt-get install fonts-droid-fallback)")
    text = brand_dir.read_text().replace(
        "# fonts:", f"fonts:\n  regular: {atkinson()}\n"
                    f"  bold: {atkinson('bold')}\n"
                    f"  family: Atkinson Hyperlegible\n  fallback: [{CJK_FONT}]\n# was fonts:", 1)
    brand_dir.write_text(text)
    path = edited_content(tmp_path, lambda d: d["conditions"][2].update(
        body=["慢性疼痛是一种常见的问题。 Chronic pain is common."]))
    out = tmp_path / "zh.pdf"
    result = invoke(runner, "handout", "crps", "--content", path, "--brand", brand_dir, "-o", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert "慢性疼痛是一种常见的问题" in text_of(data).replace(" ", "")
    from pdfread import fonts

    assert any("DroidSansFallback" in f for f in fonts(data)) and all(fonts(data).values())


def test_key_point_too_long_for_a_slide(runner, tmp_path):
    path = edited_content(tmp_path, lambda d: d["conditions"][0]["key_points"].__setitem__(
        0, "This key point is far too long to fit on one line of a seminar slide."))
    result = invoke(runner, "deck", "neuropathy", "--content", path, "--out-dir", tmp_path)
    assert_clean_failure(result, tmp_path, "conditions[0].key_points[0]: key point has 16 words")


def test_unsafe_yaml_tags_are_refused(runner, tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("meta: !!python/object/apply:os.system ['echo pwned']\n")
    result = invoke(runner, "check", "--content", p)
    assert result.exit_code == 1
    assert f"{p}:1: invalid YAML: could not determine a constructor" in result.output


def test_not_utf8(runner, tmp_path):
    p = tmp_path / "c.yaml"
    p.write_bytes(b"meta:\n  title: caf\xe9\n")
    result = invoke(runner, "check", "--content", p)
    assert result.exit_code == 1 and "not UTF-8 text" in result.output


def test_control_characters_are_removed(content, brand):
    cond = content.condition("crps").model_copy(update={"body": ("Bell\x07 and null\x00 here.",)})
    # A model built directly keeps them; the loader's validator removes them.
    from handouts.inputs.model import Condition

    clean = Condition.model_validate({**cond.model_dump(), "body": ["Bell\x07 and null\x00 here."]})
    assert clean.body == ("Bell and null here.",)
    data = render_pdf(content, brand, "standard", clean).data
    assert "Bell and null here." in text_of(data)


def test_failed_render_leaves_no_file_and_keeps_the_old_one(runner, tmp_path):
    out = tmp_path / "crps.pdf"
    out.write_bytes(b"%PDF old")
    path = edited_content(tmp_path, lambda d: d["conditions"][2].update(title="疼痛"))
    result = invoke(runner, "handout", "crps", "--content", path, "-o", out)
    assert result.exit_code == 1 and out.read_bytes() == b"%PDF old"
    assert not list(tmp_path.glob(".*.part"))
