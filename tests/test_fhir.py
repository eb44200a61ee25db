"""fhir/bundle.json: the build's handouts as a FHIR R4 Bundle an EHR can import,
validated with fhir.resources (a test dependency only), built from a real
build's manifest: a project whose English edition (and clinic file) Dana
Reyes approved, and whose Spanish edition is a draft.

fhir.resources has no R4 module on pydantic 2; its R4B one validates: R4B
changed none of Bundle, DocumentReference, Attachment, CodeableConcept or
Reference. It leaves the codes of required bindings unchecked, so the
tests check those (document and composition status) themselves."""
import base64
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from handouts.assemble.fhir import (BUNDLE_PATH, FhirAttachment, FhirDocument,
                                    documents_from_entries, fhir_bundle, write_fhir_bundle)
from handouts.assemble.jobs import Edition, load_inputs
from handouts.assemble.run import Entry
from conftest import complete_clinic
from pdfread import reader

ROOT = Path(__file__).resolve().parent.parent
APPROVER = "Dana Reyes, MD"
APPROVED_ON = (dt.date.today() - dt.timedelta(days=30)).isoformat()  # due in 11 months
# FHIR R4's required value sets for the codes fhir.resources does not check.
DOCUMENT_STATUS = {"current", "superseded", "entered-in-error"}
COMPOSITION_STATUS = {"preliminary", "final", "amended", "entered-in-error"}


def validated(data: bytes) -> Bundle:
    """``data`` parsed and validated as an R4 Bundle (fhir.resources 8 is
    pydantic 2 throughout; 7.1, in the oldest environment, pydantic's v1 API)."""
    parse = getattr(Bundle, "model_validate_json", None) or Bundle.parse_raw
    return parse(data)


def _cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    result = subprocess.run([sys.executable, "-m", "handouts", *map(str, args)], cwd=cwd,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project's build in English (approved) and Spanish (draft), its
    manifest rows, its editions and its bundle (written by write_fhir_bundle)."""
    top = tmp_path_factory.mktemp("fhir")
    _cli("init", "proj", cwd=top)
    proj, out = top / "proj", top / "out"
    complete_clinic(proj / "brand/clinic-info.yaml")
    for what in ((), ("--clinic",)):
        _cli("approve", *what, "--by", APPROVER, "--on", APPROVED_ON, "--lang", "en", cwd=proj)
    _cli("build", "--out-dir", out, "--lang", "en,es", "-q", cwd=proj)
    entries = [Entry(**row) for row in json.loads((out / "manifest.json").read_text())["files"]]
    editions = _editions(proj)
    path = write_fhir_bundle(out, entries, editions)
    assert path == out / BUNDLE_PATH
    return dict(out=out, proj=proj, entries=entries, editions=editions, data=path.read_bytes(),
                bundle=json.loads(path.read_bytes()))


def _editions(proj):
    editions = []
    for tag, suffix in (("", ""), ("es", ".es")):
        inputs = load_inputs(proj / f"content/ketamine-pain{suffix}.yaml",
                             proj / "brand/brand.yaml", proj / f"brand/clinic-info{suffix}.yaml")
        editions.append(Edition(inputs.content, inputs.review, inputs.clinic, tag))
    return editions


def _documents(bundle):
    return [e["resource"] for e in bundle["entry"]]


def _by_language(bundle, language):
    docs = [d for d in _documents(bundle) if d["language"] == language]
    assert docs, f"no document in {language}"
    return docs


def _walk(value):
    """Every (key, value) pair and every value anywhere in ``value``."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield None, v
            yield from _walk(v)


def test_the_bundle_is_valid_fhir_r4(built):
    bundle = validated(built["data"])
    assert bundle.type == "collection"
    assert {e.resource.get_resource_type() for e in bundle.entry} == {"DocumentReference"}
    for entry in built["bundle"]["entry"]:
        doc = entry["resource"]
        assert entry["fullUrl"] == f"urn:uuid:{doc['id']}"
        assert doc["status"] == "current" and doc["status"] in DOCUMENT_STATUS
        assert doc["docStatus"] in COMPOSITION_STATUS
    # FHIR's JSON: no empty arrays, objects or strings, anywhere.
    for key, value in _walk(built["bundle"]):
        assert value not in ([], {}, ""), key


def test_the_json_is_written_in_a_fixed_form(built):
    data = built["data"]
    text = data.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(built["bundle"], indent=2, ensure_ascii=False) + "\n"
    assert "é" in text  # Spanish titles stay UTF-8, not \u escapes
    assert list(built["bundle"]) == ["resourceType", "type", "entry"]
    assert list(_documents(built["bundle"])[0])[:2] == ["resourceType", "id"]


def test_one_document_per_patient_pdf_with_the_education_note_type(built):
    pdfs = sorted("../" + e.path for e in built["entries"] if e.kind in ("handout", "booklet"))
    docs = _documents(built["bundle"])
    assert sorted(d["content"][0]["attachment"]["url"] for d in docs) == pdfs
    assert len(pdfs) == 34  # 8 conditions in two layouts and a booklet, in two languages
    assert not any(".pptx" in a["url"] for d in docs for c in d["content"]
                   for a in [c["attachment"]])
    for doc in docs:
        assert doc["type"]["coding"] == [{"system": "http://loinc.org", "code": "34895-3",
                                          "display": "Education note"}]


def test_a_draft_is_preliminary_and_names_no_approver(built):
    spanish = built["editions"][1].content
    assert built["editions"][1].review.status == "draft"
    for doc in _by_language(built["bundle"], spanish.meta.language):
        assert doc["docStatus"] == "preliminary"
        assert "authenticator" not in doc
        assert doc["date"] == f"{spanish.meta.edition.isoformat()}T12:00:00Z"
        assert {c["attachment"]["creation"] for c in doc["content"]} == {
            spanish.meta.edition.isoformat()}


def test_an_approved_handout_is_final_and_names_its_approver(built):
    english = built["editions"][0]
    assert english.review.status == "approved"
    for doc in _by_language(built["bundle"], english.content.meta.language):
        assert doc["docStatus"] == "final"
        assert doc["authenticator"] == {"display": APPROVER}
        assert doc["date"] == f"{APPROVED_ON}T12:00:00Z"
        assert {c["attachment"]["creation"] for c in doc["content"]} == {APPROVED_ON}


def test_each_attachment_is_the_file_it_names(built):
    folder = (built["out"] / BUNDLE_PATH).parent
    rows = {e.path: e for e in built["entries"]}
    for doc in _documents(built["bundle"]):
        for content in doc["content"]:
            att = content["attachment"]
            path = (folder / att["url"]).resolve()
            data = path.read_bytes()
            assert att["hash"] == base64.b64encode(hashlib.sha1(data).digest()).decode()
            assert att["size"] == len(data) == rows[path.relative_to(built["out"]).as_posix()].bytes
            assert att["contentType"] == {".pdf": "application/pdf", ".html": "text/html"}[path.suffix]
            assert att["language"] == doc["language"]


def test_titles_are_the_printed_titles(built):
    folder = (built["out"] / BUNDLE_PATH).parent
    for doc in _documents(built["bundle"]):
        att = doc["content"][0]["attachment"]
        printed = reader((folder / att["url"]).read_bytes()).metadata.title
        assert att["title"] == doc["description"] == printed


def test_the_same_input_gives_the_same_bytes(built):
    entries = list(built["entries"])
    random.Random(25).shuffle(entries)
    again = fhir_bundle(documents_from_entries(entries, _editions(built["proj"]), built["out"]))
    assert again == built["data"]
    # Ids are name-based on the file's path: the same in any build, anywhere.
    crps = next(e for e in built["bundle"]["entry"]
                if e["resource"]["content"][0]["attachment"]["url"]
                == "../main/handouts/crps-handout.pdf")
    assert crps["fullUrl"] == "urn:uuid:bfa1a94b-82f1-5083-9cb9-9b703257aac7"


def test_no_patient_data(built):
    for key, value in _walk(built["bundle"]):
        assert key is None or not {"subject", "patient"} & {key.lower()}, key
        assert not (isinstance(value, str) and value.startswith("Patient/")), value


def test_a_web_page_is_the_second_attachment_of_its_standard_handout(built, tmp_path):
    """Web pages (kind "web", .html) join the standard-layout PDF of the same
    site, condition and language; one with no such PDF is a document alone."""
    english = built["editions"][0].content.meta.language

    def row(path, kind, condition, layout="standard"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(path.encode())
        return Entry(path, kind, "north", condition, layout, None, None, None, "approved",
                     len(path), "", english)

    rows = [row("north/handouts/crps-handout.pdf", "handout", "crps"),
            row("north/handouts/crps-handout-large-print.pdf", "handout", "crps", "large-print"),
            row("north/web/crps.html", "web", "crps", "web"),
            row("north/web/migraine.html", "web", "migraine", "web")]
    docs = documents_from_entries(rows, built["editions"], tmp_path)
    urls = [[a.url for a in d.attachments] for d in docs]
    assert urls == [["../north/handouts/crps-handout-large-print.pdf"],
                    ["../north/handouts/crps-handout.pdf", "../north/web/crps.html"],
                    ["../north/web/migraine.html"]]
    web = docs[1].attachments[1]
    assert web.content_type == "text/html" and web.size == len(b"north/web/crps.html")
    assert web.title == docs[1].title
    validated(fhir_bundle(docs))


def test_a_document_says_what_it_needs():
    pdf = FhirAttachment.of("../a/handouts/x.pdf", b"%PDF", "X")
    assert pdf.sha1 == base64.b64encode(hashlib.sha1(b"%PDF").digest()).decode()
    with pytest.raises(ValueError, match="approver"):
        FhirDocument("X", "en-US", "approved", None, dt.date(2026, 1, 1), (pdf,))
    with pytest.raises(ValueError, match="review"):
        FhirDocument("X", "en-US", "final", None, dt.date(2026, 1, 1), (pdf,))
    with pytest.raises(ValueError, match="attachment"):
        FhirDocument("X", "en-US", "draft", None, dt.date(2026, 1, 1), ())
    changed = FhirDocument("X", "en-US", "changed", APPROVER, dt.date(2026, 1, 1), (pdf,))
    resource = _documents(json.loads(fhir_bundle([changed])))[0]
    assert resource["docStatus"] == "preliminary" and "authenticator" not in resource
    with pytest.raises(ValueError, match="more than one"):
        fhir_bundle([changed, changed])
    assert json.loads(fhir_bundle([])) == {"resourceType": "Bundle", "type": "collection"}
