import datetime as dt

import pytest
import yaml

from conftest import ARTICLE, assert_user_error, invoke
from handouts.inputs.content import load_content
from handouts.errors import InvalidInput
from handouts.inputs.importer import is_heading, parse_article

DAY = dt.date(2026, 11, 25)


def test_real_article_structure():
    data = parse_article(ARTICLE.read_text(encoding="utf-8"), "a.txt", DAY)
    assert data["meta"]["title"] == "Understanding the Role of Ketamine in Modern Pain Management"
    assert [c["slug"] for c in data["conditions"]] == [
        "neuropathic-pain", "fibromyalgia", "crps", "migraine", "cancer-pain",
        "post-surgical-pain", "low-back-pain", "pelvic-pain"]
    assert all(len(c["body"]) == 2 and c["key_points"] == [] for c in data["conditions"])
    assert len(data["faq"]) == 4
    assert data["faq"][3]["question"] == "Who is an awesome candidate for ketamine remedy?"
    assert data["conclusion"]["title"].startswith("Conclusion")
    assert len(data["introduction"]["what_it_is"]) == 1
    assert len(data["introduction"]["how_it_works"]) == 1


def test_text_is_kept_verbatim():
    text = ARTICLE.read_text(encoding="utf-8")
    data = parse_article(text, "a.txt", DAY)
    for cond in data["conditions"]:
        for para in cond["body"]:
            assert para in text


def test_import_then_check(runner, tmp_path):
    out = tmp_path / "c.yaml"
    result = invoke(runner, "import", ARTICLE, "-o", out, "--edition", "2026-11-25")
    assert result.exit_code == 0 and f"Wrote {out}" in result.output
    content = load_content(out)
    assert len(content.conditions) == 8 and len(content.faq) == 4
    result = invoke(runner, "check", "--content", out)
    assert result.exit_code == 0, result.output
    assert "8 conditions" in result.output and "4 FAQ entries" in result.output
    assert "warning: conditions.crps: no key points yet" in result.output


def test_import_is_reproducible(runner, tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    invoke(runner, "import", ARTICLE, "-o", a, "--edition", "2026-01-02")
    invoke(runner, "import", ARTICLE, "-o", b, "--edition", "2026-01-02")
    assert a.read_bytes() == b.read_bytes()
    assert yaml.safe_load(a.read_text())["meta"]["edition"] == "2026-01-02"


@pytest.mark.parametrize("text,expected", [
    ("", "the article is empty"),
    ("Title\nJust one paragraph of text.\n", "no condition sections found"),
    ("Title\nIntro.\nSection One\nBody.\nConclusion\nEnd.\n", "no FAQ"),
    ("Title\nIntro.\nSection One\nBody.\nFrequently Asked Questions\n1. Q?\nA.\n",
     "no conclusion"),
    ("Title\nIntro.\nSection One\nConclusion\nEnd.\nFrequently Asked Questions\n1. Q?\nA.\n",
     "a.txt:3: heading 'Section One' has no text under it"),
    ("Title\nIntro.\nSection One\nBody.\nConclusion\nEnd.\nFrequently Asked Questions\n1. Q?\n",
     "a.txt:8: question 'Q?' has no answer"),
    ("Title\nIntro.\nSection\nBody.\nConclusion\nEnd.\nFrequently Asked Questions\nOops.\n",
     "a.txt:8: text in the FAQ before its first numbered question"),
    ("A title that goes on.\nIntro.\nS\nB.\nConclusion\nE.\nFrequently Asked Questions\n1. Q?\nA.",
     "a.txt:1: the first line must be the title"),
])
def test_malformed_articles(text, expected):
    with pytest.raises(InvalidInput) as info:
        parse_article(text, "a.txt", DAY)
    assert expected in info.value.format_message()


def test_import_error_exits_1_without_writing(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Title\nOnly text.\n")
    out = tmp_path / "out.yaml"
    result = runner.invoke(__import__("handouts.cli", fromlist=["main"]).main, ["import", str(bad), "-o", str(out)])
    assert_user_error(result)
    assert "no condition sections found" in result.output and not out.exists()


def test_heading_rule():
    assert is_heading("Lower Back Pain and Sciatica")
    assert not is_heading("1. How long do the effects last?")
    assert not is_heading("A sentence that ends.")
