"""Handouts read back with pypdf: text, sizes, fonts, pages, metadata, bytes."""
import pytest

from conftest import invoke
from conftest import render_pdf
from handouts.inputs.layouts import load_layout
from handouts.render.wording import CHECKLIST, condition_heading, say, topic
from pdfread import fonts, printed_in_order, reader, runs, text_of
from test_clean_edition import find_spun

SLUGS = ["neuropathic-pain", "fibromyalgia", "crps", "migraine", "cancer-pain",
         "post-surgical-pain", "low-back-pain", "pelvic-pain"]
MAX_PAGES = {"standard": 6, "large-print": 10}  # three sheets, five in large print (docs/brand-and-layouts.md)


@pytest.fixture(scope="module")
def rendered(content, brand):
    """Every condition in both layouts on both papers, rendered once."""
    out = {}
    for layout in MAX_PAGES:
        for paper in ("letter", "a4"):
            for slug in SLUGS:
                out[slug, layout, paper] = render_pdf(
                    content, brand, layout, content.condition(slug), paper).data
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_handout_holds_what_a_patient_needs(rendered, content, brand, slug):
    text = text_of(rendered[slug, "standard", "letter"])
    cond = content.condition(slug)
    for needed in (cond.title, say("handout.about", topic=topic(cond)), cond.main_message,
                   *(q.question for q in content.faq),
                   brand.contact.phone, brand.clinic.name, "At a glance", "How ketamine may help",
                   "Talk with your care team", "DRAFT — not yet approved for patients",
                   "Page 1 of"):
        assert needed in text, needed
    for point in cond.key_points:  # medical words in them may be explained in brackets
        assert printed_in_order(point, text), point
    assert cond.body[0][:60] in text
    assert "Reviewed" not in text  # a draft never looks approved
    assert find_spun(text) == []


def test_page_counts_within_limits(rendered):
    for (slug, layout, paper), data in rendered.items():
        pages = len(reader(data).pages)
        assert 1 <= pages <= MAX_PAGES[layout], (slug, layout, paper, pages)


@pytest.mark.parametrize("layout", list(MAX_PAGES))
def test_smallest_reading_text_meets_layout_minimum(rendered, brand, content, layout):
    minimum = load_layout(layout).min_body_size
    data = rendered["crps", layout, "letter"]
    small_print = ("Reviewed", "Page ", "DRAFT — not yet approved", brand.disclaimer[:20],
                   "Scan with", "phone’s camera", "visit our", "to visit", "website.", brand.clinic.name,
                   "care team whether", "KET-")  # KET-: the running line, page furniture
    reading = [r for r in runs(data)
               if not any(s in r.text.replace("\u00a0", " ") for s in small_print)
               and r.text.strip() not in ("·",)]
    assert reading
    assert min(r.size for r in reading) >= minimum
    body_sizes = {r.size for r in runs(data) if content.condition("crps").body[1][:20] in r.text}
    assert body_sizes == {load_layout(layout).type.body.size}


def test_fonts_are_embedded_atkinson(rendered):
    found = fonts(rendered["crps", "standard", "letter"])
    assert found and all(found.values()), found
    assert any("AtkinsonHyperlegible" in name for name in found)
    assert all("+" in name for name in found)  # subset


def test_metadata(rendered, brand):
    r = reader(rendered["crps", "standard", "letter"])
    meta = r.metadata
    assert meta.title.startswith("Complex Regional Pain Syndrome (CRPS)")
    assert meta.author == brand.clinic.name
    assert "CRPS" in meta.subject and "ketamine" in meta["/Keywords"]
    root = r.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_same_input_same_bytes(content, brand, rendered):
    again = render_pdf(content, brand, "standard", content.condition("crps")).data
    assert again == rendered["crps", "standard", "letter"]


def test_paper_sizes(rendered):
    letter = reader(rendered["crps", "standard", "letter"]).pages[0].mediabox
    a4 = reader(rendered["crps", "standard", "a4"]).pages[0].mediabox
    assert (round(letter.width), round(letter.height)) == (612, 792)
    assert (round(a4.width), round(a4.height)) == (595, 842)


@pytest.mark.parametrize("layout", list(MAX_PAGES))
def test_line_length_is_readable(rendered, brand, layout):
    """Reading text stays near 75 characters a line (the footer's small print aside)."""
    page = reader(rendered["crps", layout, "letter"]).pages[0]
    lines = [ln for ln in page.extract_text().splitlines()
             if len(ln) > 20 and ln not in brand.disclaimer]
    assert 60 <= max(len(ln) for ln in lines) <= 78


def test_overview_booklet_has_every_section_and_bookmarks(content, brand):
    data = render_pdf(content, brand, "standard", None).data
    r = reader(data)
    titles = [o.title for o in r.outline]
    for cond in content.conditions:
        assert cond.title in titles
        assert cond.title in text_of(data)
    assert {"Common questions", "Talk with your care team", content.meta.title} <= set(titles)
    assert r.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_markup_characters_print_literally(content, brand):
    nasty = 'Tom & Jerry <b>bold</b> <font size=40>big</font> "quotes" \'single\' &amp; <br/>'
    cond = content.condition("crps").model_copy(update={"title": nasty, "body": (nasty,)})
    data = render_pdf(content, brand, "standard", cond).data
    text = text_of(data)
    assert text.count("Tom & Jerry <b>bold</b> <font size=40>big</font>") == 2
    assert "&amp; <br/>" in text


def test_vietnamese_and_spanish_render_with_fallback(content, brand):
    vi = "Đau mãn tính: ưạầổớờở. Español: ¿Qué es el dolor crónico? Niño, corazón."
    cond = content.condition("crps").model_copy(update={"body": (vi,)})
    data = render_pdf(content, brand, "standard", cond).data
    assert vi in text_of(data)
    assert any("NotoSans" in f for f in fonts(data))


def test_cli_writes_the_named_files(runner, tmp_path):
    out = tmp_path / "crps.pdf"
    result = invoke(runner, "handout", "crps", "-o", out)
    assert result.exit_code == 0 and result.output.strip() == f"Wrote {out}"
    assert out.read_bytes().startswith(b"%PDF")
    out2 = tmp_path / "x.pdf"
    result = invoke(runner, "handout", "sciatica", "--large-print", "--paper", "a4", "-o", out2)
    assert result.exit_code == 0
    assert round(reader(out2.read_bytes()).pages[0].mediabox.width) == 595
    assert "Lower Back Pain and Sciatica" in text_of(out2.read_bytes())


def test_cli_all_and_overview(runner, tmp_path):
    result = invoke(runner, "handout", "--all", "--out-dir", tmp_path)
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{s}-handout.pdf" for s in SLUGS)
    result = invoke(runner, "handout", "overview", "--out-dir", tmp_path)
    assert (tmp_path / "overview-handout.pdf").exists()


@pytest.mark.parametrize("args,code,message", [
    (["handout"], 2, 'Give a CONDITION, "overview", or --all.'),
    (["handout", "crps", "--all"], 2, "--all writes every condition"),
    (["handout", "migrane"], 2, "Did you mean 'migraine'?"),
    (["handout", "crps", "--layout", "tiny"], 1, "no layout named 'tiny'"),
    (["handout", "crps", "--layout", "deck"], 1, "layout 'deck' is a deck layout"),
    (["handout", "crps", "--layout", "../x"], 1, "'../x' is not a layout name"),
])
def test_cli_handout_errors(runner, tmp_path, args, code, message):
    result = invoke(runner, *args, "--out-dir", tmp_path)
    assert result.exit_code == code and message in result.output
    assert list(tmp_path.iterdir()) == []


def test_output_folder_problems(runner, tmp_path):
    afile = tmp_path / "f"
    afile.write_text("x")
    result = invoke(runner, "handout", "crps", "-o", tmp_path / "missing" / "x.pdf")
    assert result.exit_code == 1 and "output folder does not exist" in result.output
    result = invoke(runner, "handout", "crps", "-o", afile / "x.pdf")
    assert result.exit_code == 1 and "is a file, not a folder" in result.output
    result = invoke(runner, "handout", "crps", "-o", tmp_path)
    assert result.exit_code != 0


def test_no_heading_or_question_ends_a_page(rendered, content, brand):
    """A heading is never a page's last line, nor an FAQ question split from its answer."""
    headings = {"At a glance", "How ketamine works", "Common questions",
                "Talk with your care team", *(q.question for q in content.faq),
                *(condition_heading(c) for c in content.conditions)}
    for key, data in rendered.items():
        for page in reader(data).pages:
            lines = [ln.strip() for ln in page.extract_text().splitlines() if ln.strip()]
            # Drop the footer: disclaimer lines and the "Reviewed ... Page N of M" line.
            while lines and (lines[-1] in brand.disclaimer or lines[-1].startswith("Reviewed")
                             or "Page " in lines[-1]):
                lines.pop()
            assert lines and lines[-1] not in headings, (key, lines[-1])
            # An FAQ question's last line is never the page's last line either (the
            # checklist's questions have no answer to be kept with).
            checklist = {say(k) for k in CHECKLIST}
            assert not lines[-1].endswith("?") or lines[-1] in checklist, (key, lines[-1])


def test_reading_level_reads_what_the_handout_prints(rendered, content):
    """`check` scores a handout's body from the content; every piece it scores
    is in the printed handout, so the two cannot drift apart."""
    from handouts.report.levels import handout_texts

    for cond in content.conditions:
        text = text_of(rendered[cond.slug, "standard", "letter"])
        for piece in handout_texts(content, cond):
            assert printed_in_order(piece, text), (cond.slug, piece[:40])


def test_large_print_follows_the_large_print_guidance(content):
    """ACB/APH large print: reading text at least 18 pt, and nothing smaller
    than 14 pt (footer, captions, sources), in every condition's handout with
    the clinic's own sections."""
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.target import Target
    from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT
    from handouts.render.pdf import render_handout

    inputs = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    layout = load_layout("large-print")
    assert layout.min_body_size == 18 and layout.min_small_size == 14
    for slug in SLUGS:
        data = render_handout(inputs.content, inputs.brand, layout, Target(slug), "letter",
                              inputs.review, inputs.clinic).data
        sizes = [r.size for r in runs(data) if r.text.strip()]
        assert min(sizes) >= 14, slug
        body = {r.size for r in runs(data) if content.condition(slug).body[1][:20] in r.text}
        assert body == {18.0}, slug
        assert len(reader(data).pages) <= MAX_PAGES["large-print"], slug
