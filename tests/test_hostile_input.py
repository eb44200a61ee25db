"""Whatever `check` accepts, renders: real-world and hostile inputs are
decoded completely, within bounds, where they are read. Each case runs the
real command in a subprocess (a traceback would show), with a time limit."""
from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from handouts.paths import DEFAULT_CONTENT, DEFAULT_SITES
from pdfread import reader, text_of

ROOT = Path(__file__).resolve().parent.parent
FAST = 10  # seconds: every hostile input is refused well within this


def run_cli(*args, timeout: float = 120, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``handouts ARGS`` in a new process (run from ``cwd``)."""
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, timeout=timeout)
    proc.out = proc.stdout.decode("utf-8", "replace")
    proc.err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in proc.out + proc.err, proc.err
    return proc


def refused(proc, message: str, code: int = 1) -> None:
    assert proc.returncode == code, (proc.returncode, proc.out, proc.err)
    assert message in proc.out + proc.err, proc.out + proc.err


def set_in_brand(brand_file: Path, text: str) -> Path:
    """Append (or, for a key already there, replace) top-level keys."""
    data = brand_file.read_text()
    for line in text.strip().splitlines():
        key = line.split(":")[0]
        lines = [ln for ln in data.splitlines() if not ln.startswith(f"{key}:")]
        data = "\n".join(lines) + "\n"
    brand_file.write_text(data + text)
    return brand_file


# --- Deck templates ------------------------------------------------------

def default_pptx() -> bytes:
    buf = io.BytesIO()
    Presentation().save(buf)
    return buf.getvalue()


def rezip(data: bytes, edit=lambda name, part: part, extra=()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, edit(name, zin.read(name)))
        for name, part in extra:
            zout.writestr(name, part)
    return out.getvalue()


def with_template(brand_dir: Path, data: bytes, name: str) -> Path:
    (brand_dir.parent / name).write_bytes(data)
    return set_in_brand(brand_dir, f"deck_template: {name}\n")


def test_potx_template_is_accepted(brand_dir, tmp_path):
    potx = rezip(default_pptx(), lambda n, p: p.replace(b"presentation.main+xml",
                                                        b"template.main+xml")
                 if n == "[Content_Types].xml" else p)
    brand = with_template(brand_dir, potx, "clinic.potx")
    assert run_cli("check", "--brand", brand).returncode == 0
    out = tmp_path / "d.pptx"
    proc = run_cli("deck", "crps", "--brand", brand, "-o", out)
    assert proc.returncode == 0, proc.err
    assert len(Presentation(str(out)).slides) > 10
    from test_readers import audit

    assert audit(out) == []


def test_template_with_a_corrupt_part_is_refused_at_check(brand_dir, tmp_path):
    data = bytearray(default_pptx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("ppt/slideMasters/slideMaster1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    for i in range(40):
        data[start + i] ^= 0x5A
    brand = with_template(brand_dir, bytes(data), "corrupt.pptx")
    refused(run_cli("check", "--brand", brand), "deck_template: deck template is damaged")
    refused(run_cli("deck", "--brand", brand, "-o", tmp_path / "d.pptx"), "is damaged")
    assert not list(tmp_path.glob("*.pptx"))


def test_template_zip_bomb_is_refused_quickly(brand_dir):
    bomb = rezip(default_pptx(), extra=[("ppt/media/huge.bin", b"\0" * (300 * 1024 * 1024))])
    assert len(bomb) < 1024 * 1024  # 300 MB of zeros packs small
    brand = with_template(brand_dir, bomb, "bomb.pptx")
    start = time.monotonic()
    refused(run_cli("check", "--brand", brand), "deck template unpacks to over 200 MB")
    assert time.monotonic() - start < FAST


# --- YAML ----------------------------------------------------------------

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def test_billion_laughs_is_refused_quickly(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(LAUGHS)
    start = time.monotonic()
    refused(run_cli("check", "--content", bomb, timeout=60),
            "values once its aliases are expanded")
    assert time.monotonic() - start < FAST


def test_alias_that_refers_to_itself(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.write_text("a: &a [1, *a]\n")
    refused(run_cli("check", "--brand", loop), f"{loop}:1: an alias refers to itself")


@pytest.mark.parametrize("option", ["--content", "--brand", "--sites"])
def test_devices_and_pipes_are_refused_without_reading(tmp_path, option):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    command = ["build", "--out-dir", tmp_path] if option == "--sites" else ["check"]
    for path in ("/dev/zero", fifo):
        refused(run_cli(*command, option, path, timeout=FAST), "is not a regular file")


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * (6 * 1024 * 1024))
    refused(run_cli("check", "--content", big), "content file is 6.0 MB; it may be at most 5 MB")


def test_duplicate_keys_name_both_lines(brand_dir, tmp_path):
    text = brand_dir.read_text()
    first = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("qr_url:"))
    brand_dir.write_text(text + "qr_url: https://elsewhere.example/\n")
    last = len(brand_dir.read_text().splitlines())
    refused(run_cli("check", "--brand", brand_dir),
            f"{brand_dir}:{last}: qr_url: duplicate key (first on line {first})")
    refused(run_cli("handout", "crps", "--brand", brand_dir, "-o", tmp_path / "x.pdf"),
            "duplicate key")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("day", ["2026-13-45", "2026-02-30"])
def test_impossible_dates_are_located(tmp_path, day):
    text = DEFAULT_CONTENT.read_text().replace('edition: "2026-11-25"', f"edition: {day}")
    path = tmp_path / "c.yaml"
    path.write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "edition:" in ln)
    refused(run_cli("check", "--content", path),
            f"{path}:{line}: meta.edition: '{day}' is not a date")


# --- Images --------------------------------------------------------------

def png(size, mode="RGB", color=(30, 80, 120)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def test_truncated_jpeg_logo_is_refused_at_check(brand_dir, tmp_path):
    from PIL import Image

    buf = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("RGB").save(buf, format="JPEG", quality=90)
    (brand_dir.parent / "logo.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    brand = set_in_brand(brand_dir, "logo: logo.jpg\n")
    refused(run_cli("check", "--brand", brand), "logo: logo image cannot be read")
    refused(run_cli("deck", "--brand", brand, "-o", tmp_path / "d.pptx"), "cannot be read")
    assert not list(tmp_path.glob("*.pptx"))


def test_logo_with_too_many_pixels_is_refused_quickly(brand_dir):
    (brand_dir.parent / "logo.png").write_bytes(png((13_300, 13_300), "1", 1))
    assert (brand_dir.parent / "logo.png").stat().st_size < 5 * 1024 * 1024
    start = time.monotonic()
    refused(run_cli("check", "--brand", brand_dir), "logo is 13,300 x 13,300 pixels")
    assert time.monotonic() - start < FAST


def test_large_logo_is_scaled_down_once(brand_dir, tmp_path):
    (brand_dir.parent / "logo.png").write_bytes(png((4000, 3000)))
    pdf, deck = tmp_path / "x.pdf", tmp_path / "x.pptx"
    assert run_cli("handout", "crps", "--brand", brand_dir, "-o", pdf).returncode == 0
    assert run_cli("deck", "--brand", brand_dir, "-o", deck).returncode == 0
    image = next(iter(reader(pdf.read_bytes()).pages[0].images)).image
    assert image.size == (1200, 900)
    from PIL import Image

    with zipfile.ZipFile(deck) as zf:
        media = [n for n in zf.namelist() if n.startswith("ppt/media/")]
        sizes = {Image.open(io.BytesIO(zf.read(n))).size for n in media}
    assert (1200, 900) in sizes and max(max(s) for s in sizes) <= 1200


# --- Spreadsheets --------------------------------------------------------

def write_csv(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_excel_csv_utf8_with_a_byte_order_mark(tmp_path):
    sites = write_csv(tmp_path / "s.csv", DEFAULT_SITES.read_text(), bom=True)
    shutil_logo = DEFAULT_SITES.parent / "logo.png"
    (tmp_path / "logo.png").write_bytes(shutil_logo.read_bytes())
    out = tmp_path / "out"
    proc = run_cli("build", "--sites", sites, "--out-dir", out, "-q", "--lang", "en")
    assert proc.returncode == 0, proc.err
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["downtown", "fhir",
                                                                  "lakeview", "northside"]


def test_duplicate_columns_are_refused(tmp_path):
    sites = write_csv(tmp_path / "s.csv", "site,name,phone,address,name\na,A,1,x,B\n")
    refused(run_cli("build", "--sites", sites, "--out-dir", tmp_path),
            f"{sites}:1: name: column given twice (columns 2 and 5)")


def test_semicolon_separated_file_gets_a_hint(tmp_path):
    sites = write_csv(tmp_path / "s.csv", "site;name;phone;address\na;A;1;x\n")
    refused(run_cli("build", "--sites", sites, "--out-dir", tmp_path),
            "the file looks separated by semicolons, not commas")


# --- QR codes and web addresses -------------------------------------------

def test_qr_url_too_long_for_a_qr_code(brand_dir):
    brand = set_in_brand(brand_dir, f"qr_url: https://example.org/{'a' * 2400}\n")
    refused(run_cli("check", "--brand", brand), "qr_url: is 2420 bytes long; a QR code")


@pytest.mark.parametrize("key", ["qr_url", "website"])
def test_only_web_addresses(brand_dir, tmp_path, key):
    if key == "website":
        text = brand_dir.read_text().replace("website: riverside-pain.example",
                                             "website: javascript:alert(1)")
        brand_dir.write_text(text)
        brand = brand_dir
    else:
        brand = set_in_brand(brand_dir, "qr_url: javascript:alert(1)\n")
    refused(run_cli("check", "--brand", brand), f"{key}: 'javascript:alert(1)' is not a web")
    sites = write_csv(tmp_path / "s.csv", f"site,name,phone,address,{key}\n"
                                          "a,A,1,x,javascript:alert(1)\n")
    refused(run_cli("build", "--sites", sites, "--out-dir", tmp_path),
            f"{sites}:2: {key}: 'javascript:alert(1)' is not a web")


def test_longest_qr_url_allowed_renders_a_small_code(brand_dir, tmp_path):
    from handouts.inputs.values import MAX_QR_BYTES
    from handouts.render.qr import qr_modules

    url = "https://example.org/" + "p" * (MAX_QR_BYTES - len("https://example.org/"))
    brand = set_in_brand(brand_dir, f"qr_url: {url}\n")
    assert run_cli("check", "--brand", brand).returncode == 0
    for cmd in (["handout", "crps", "-o", tmp_path / "x.pdf"], ["deck", "-o", tmp_path / "x.pptx"]):
        assert run_cli(*cmd, "--brand", brand).returncode == 0
    assert qr_modules(url)[0] <= 65


# --- Outputs ---------------------------------------------------------------

@pytest.mark.parametrize("args,name", [(["handout", "crps"], "wrong.pptx"),
                                       (["deck"], "wrong.pdf"),
                                       (["import", ROOT / "tests/data/source-article.txt"],
                                        "wrong.pdf")])
def test_output_extension_must_fit(tmp_path, args, name):
    refused(run_cli(*args, "-o", tmp_path / name), "give a name ending in", code=2)
    assert not list(tmp_path.iterdir())


def test_dash_is_standard_output(tmp_path):
    proc = run_cli("handout", "crps", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith(b"%PDF")
    assert "CRPS" in text_of(proc.stdout)
    proc = run_cli("deck", "crps", "-o", "-", cwd=tmp_path)
    assert len(Presentation(io.BytesIO(proc.stdout)).slides) > 10
    proc = run_cli("import", ROOT / "tests/data/source-article.txt", "-o", "-", cwd=tmp_path)
    assert yaml.safe_load(proc.stdout)["meta"]["title"].startswith("Understanding")
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_import_never_overwrites_its_article(tmp_path):
    article = tmp_path / "art.yaml"  # a name import would otherwise accept
    original = (ROOT / "tests/data/source-article.txt").read_text()
    article.write_text(original)
    refused(run_cli("import", article, "-o", article), "that is the file being read", code=2)
    assert article.read_text() == original


# --- Import --------------------------------------------------------------

def test_markdown_article_imports_with_clean_headings(tmp_path):
    from handouts.inputs.importer import is_heading

    lines = (ROOT / "tests/data/source-article.txt").read_text().splitlines()
    md, first = [], True
    for line in lines:
        if line.strip() and is_heading(line.strip()) and not line.strip()[0].isdigit():
            md.append(("# " if first else "## ") + line.strip())
            first = False
        else:
            md.append(line)
    article = tmp_path / "article.md"
    article.write_text("\n".join(md))
    out = tmp_path / "c.yaml"
    proc = run_cli("import", article, "-o", out)
    assert proc.returncode == 0 and "warning" not in proc.err
    data = yaml.safe_load(out.read_text())
    assert len(data["conditions"]) == 8
    assert not any("#" in c["title"] for c in data["conditions"])
    assert not data["meta"]["title"].startswith("#")


def test_import_warns_when_a_heading_ends_with_a_full_stop(tmp_path):
    text = (ROOT / "tests/data/source-article.txt").read_text()
    text = text.replace("Pelvic Pain and Interstitial Cystitis\n",
                        "Pelvic Pain and Interstitial Cystitis.\n", 1)
    article = tmp_path / "a.txt"
    article.write_text(text)
    proc = run_cli("import", article, "-o", tmp_path / "c.yaml")
    assert proc.returncode == 0
    assert "found 7 of the 8 known conditions; missing: pelvic-pain" in proc.err
    assert "'Pelvic Pain and Interstitial Cystitis.' looks like a heading" in proc.err


# --- Processes -------------------------------------------------------------

def many_sites(path: Path, n: int) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["site", "name", "phone", "address"])
        for i in range(n):
            w.writerow([f"site-{i:03d}", f"Clinic {i}", "(555) 010-0000", f"{i} Main St"])
    return path


def start_build(out: Path, sites: Path) -> subprocess.Popen:
    """A two-worker build in its own process group, as a terminal runs it."""
    return subprocess.Popen(
        [sys.executable, "-m", "handouts", "build", "--out-dir", str(out), "--sites", str(sites),
         "--jobs", "2", "-v", "--lang", "en"], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)


def wait_for_files(proc: subprocess.Popen, n: int) -> None:
    for _ in range(n):
        assert proc.stdout.readline().startswith("wrote ")


def ended(pid: int) -> bool:
    """Whether ``pid`` has ended (gone, or a zombie no one has reaped yet)."""
    try:
        return open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def whole(folder: Path) -> list[Path]:
    """Every file under ``folder``, each checked to be complete."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.rstrip().endswith(b"%%EOF")
        elif path.suffix == ".pptx":
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    return files


def test_workers_end_when_the_build_is_killed(tmp_path):
    proc = start_build(tmp_path / "out", many_sites(tmp_path / "s.csv", 20))
    wait_for_files(proc, 20)
    workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                             text=True).stdout.split()
    assert len(workers) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 3
    while not all(ended(int(w)) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(ended(int(w)) for w in workers)


def test_ctrl_c_stops_within_a_second_leaving_whole_files(tmp_path):
    out = tmp_path / "out"
    proc = start_build(out, many_sites(tmp_path / "s.csv", 50))
    wait_for_files(proc, 30)
    start = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    proc.wait(timeout=30)
    took = time.monotonic() - start
    assert proc.returncode == 1 and "Aborted!" in proc.stderr.read()
    assert took < 1.5, took  # a second, with slack for a busy CI machine
    files = whole(out)
    assert 30 <= len(files) < 200  # of 1,300
    assert not list(out.rglob("*.part"))


def test_second_build_into_the_same_folder_stops_cleanly(tmp_path):
    out = tmp_path / "out"
    first = start_build(out, many_sites(tmp_path / "s.csv", 10))
    wait_for_files(first, 1)
    second = run_cli("build", "--out-dir", out, "-q")
    refused(second, "another build is writing into this folder")
    first.communicate(timeout=120)
    assert first.returncode == 0
    import json

    manifest = json.loads((out / "manifest.json").read_text())
    # Every file, the manifest, the staff page (English only), fhir/bundle.json
    # and each site's two web fonts.
    assert len(manifest["files"]) == 430 and len(manifest["assets"]) == 2 * 10
    assert len(whole(out)) == 430 + 1 + 1 + 1 + 2 * 10


# --- Links are what they say (issue 26) ------------------------------------

def _contact_in_brand(brand_file: Path, key: str, value: str) -> Path:
    data = yaml.safe_load(brand_file.read_text())
    data["contact"][key] = value
    brand_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return brand_file


HOSTILE_CONTACTS = [
    ("email", "care@x.example?bcc=evil@evil.example", "has more than one @"),
    ("email", "care@x.example?subject=hi", "carries more than an address"),
    ("email", "care@x.example,evil@evil.example", "has more than one @"),
    ("email", "care at x.example", "has no @"),
    ("email", "care@x", "is not a valid address"),
    ("phone", "call us", "is not a phone number"),
    ("phone", "+1 (555) 010-0199;ext=...", "is not a phone number"),
    ("phone", "+1 (555) 010-0199 ext. 12", "is not a phone number"),
    ("phone", "555-01", "has 5 digits; a phone number has at least 7"),
    ("website", "https://user:secret@riverside-pain.example/", "carries a user name or password"),
    ("website", "javascript:alert(1)", "is not a web address"),
]


@pytest.mark.parametrize("key,value,problem", HOSTILE_CONTACTS)
def test_contact_fields_carry_an_address_and_nothing_else(brand_dir, tmp_path, key, value,
                                                           problem):
    brand = _contact_in_brand(brand_dir, key, value)
    line = next(i for i, text in enumerate(brand.read_text().splitlines(), 1)
                if text.strip().startswith(f"{key}:"))
    proc = run_cli("check", "--brand", brand)
    refused(proc, f"{brand}:{line}: contact.{key}: ")
    assert problem in proc.out + proc.err
    refused(run_cli("handout", "crps", "--brand", brand, "-o", tmp_path / "x.pdf"), problem)
    assert not (tmp_path / "x.pdf").exists()
    sites = tmp_path / "s.csv"
    with sites.open("w", newline="") as fh:
        w = csv.writer(fh)
        row = {"site": "a", "name": "A", "phone": "(555) 010-0199", "address": "1 Main St",
               key: value}
        w.writerow(list(row))
        w.writerow(list(row.values()))
    refused(run_cli("build", "--sites", sites, "--out-dir", tmp_path), f"{sites}:2: {key}: ")


def test_a_qr_address_with_a_password_is_refused(brand_dir):
    brand = set_in_brand(brand_dir, "qr_url: https://me:pw@riverside-pain.example/k\n")
    refused(run_cli("check", "--brand", brand), "carries a user name or password")


def _links_everywhere(brand):
    """The links each renderer made of ``brand``'s contact fields: the
    PDF's link annotations, the web page's hrefs, the deck's hyperlink
    relationships (every .rels part of the zip)."""
    import re as regex

    import lxml.html
    import pikepdf

    from conftest import render_pdf, render_pptx
    from handouts.assemble.jobs import load_inputs
    from handouts.inputs.target import Target
    from handouts.paths import DEFAULT_BRAND
    from handouts.render.html import render_web

    inp = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND)
    pdf = render_pdf(inp.content, brand, cond=inp.content.condition("crps")).data
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        in_pdf = [str(a.A.URI) for p in doc.pages for a in p.get("/Annots", []) if "/A" in a]
    web = render_web(inp.content, brand, Target("crps"), inp.review, inp.clinic).data
    in_web = lxml.html.document_fromstring(web.decode()).xpath("//a/@href")
    deck = render_pptx(inp.content, brand, inp.content.condition("crps")).data
    in_deck = []
    with zipfile.ZipFile(io.BytesIO(deck)) as zf:
        for name in zf.namelist():
            if name.endswith(".rels"):
                in_deck += regex.findall(r'Target="((?:tel|mailto|https?):[^"]*)"',
                                         zf.read(name).decode())
    return in_pdf, in_web, in_deck


def test_every_renderer_links_exactly_what_was_written(brand):
    contact = brand.contact.model_copy(update={
        "phone": "+1 (555) 010-0199;ext=12", "email": "front.desk+pain@riverside-pain.example",
        "website": "http://riverside-pain.example/ketamine"})
    in_pdf, in_web, in_deck = _links_everywhere(brand.model_copy(update={"contact": contact}))
    expected = ["tel:+15550100199;ext=12", "mailto:front.desk+pain@riverside-pain.example",
                "https://riverside-pain.example/ketamine"]
    assert in_pdf == [*expected, brand.qr_url]  # the QR code links where it leads, too
    # The web page links the phone under "When to call", then in the contact block.
    assert in_web == [expected[0], *expected]
    assert in_deck == []  # a deck prints its contact details; it links none


@pytest.mark.parametrize("key,value,_", HOSTILE_CONTACTS)
def test_no_renderer_links_a_value_that_is_not_an_address(brand, key, value, _):
    """Even past the brand file's types (a value set in code), no renderer
    makes a link of what is not an address."""
    contact = brand.contact.model_copy(update={key: value})
    for links in _links_everywhere(brand.model_copy(update={"contact": contact})):
        for href in links:
            assert "?" not in href and "," not in href and "@evil" not in href, href
            assert href != "tel:" and "secret" not in href and "javascript" not in href, href
            if href.startswith("tel:"):
                assert href in ("tel:5550100199",), href
