"""Layouts are data: inheritance, validation, and a new layout without code."""
import pytest

from handouts.errors import InvalidInput
from handouts.inputs.layouts import available, load_layout


def test_bundled_layouts():
    assert {"standard", "large-print", "deck"} <= set(available())
    std, large = load_layout("standard"), load_layout("large-print")
    assert std.type.body.size >= 12 and large.type.body.size >= 16
    assert large.box == std.box.model_copy(update={"bullet_indent": large.box.bullet_indent})
    assert large.max_line_chars == std.max_line_chars  # inherited


def test_a_new_layout_is_a_new_file(tmp_path, content, brand):
    import shutil

    from conftest import render_pdf
    from handouts.paths import LAYOUTS
    from pdfread import runs

    for name in ("standard.yaml", "large-print.yaml"):
        shutil.copy(LAYOUTS / name, tmp_path)
    (tmp_path / "poster.yaml").write_text(
        "extends: large-print\ndescription: Wall poster\nmin_body_size: 20\n"
        "type:\n  body: {size: 20, leading: 26}\n  question: {size: 20, leading: 26}\n"
        "  contact: {size: 20, leading: 26}\n")
    poster = load_layout("poster", tmp_path)
    assert poster.type.body.size == 20 and poster.type.title.size == 32
    data = render_pdf(content, brand, poster, content.condition("crps")).data
    body = content.condition("crps").body[1][:20]
    assert {r.size for r in runs(data) if body in r.text} == {20.0}


@pytest.mark.parametrize("text,message", [
    ("extends: standard\ntype:\n  body: {size: 10, leading: 12}\n",
     "type.body.size 10 pt is below this layout's min_body_size of 12 pt"),
    ("extends: standard\nmargins: {top: 0.2in, bottom: 1in, left: 1in, right: 1in}\n",
     "margins must be at least 0.5in"),
    ("extends: standard\nmargins: {top: 1, bottom: 1in, left: 1in, right: 1in}\n",
     "margins.top: '1' is not a length"),
    ("extends: nowhere\n", "no layout named 'nowhere'"),
    ("extends: bad\n", "layouts extend each other in a loop: bad -> bad"),
])
def test_bad_layouts(tmp_path, text, message):
    import shutil

    from handouts.paths import LAYOUTS

    shutil.copy(LAYOUTS / "standard.yaml", tmp_path)
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(InvalidInput) as info:
        load_layout("bad", tmp_path)
    assert message in info.value.format_message()


def test_deck_layout_refuses_small_text(tmp_path):
    import shutil

    from handouts.paths import LAYOUTS

    shutil.copy(LAYOUTS / "deck.yaml", tmp_path)
    (tmp_path / "tiny.yaml").write_text("extends: deck\nbody: {size: 18}\ntitle: {size: 30}\n")
    with pytest.raises(InvalidInput) as info:
        load_layout("tiny", tmp_path)
    msg = info.value.format_message()
    assert "body.size: input should be greater than or equal to 24" in msg
    assert "title.size: input should be greater than or equal to 36" in msg
