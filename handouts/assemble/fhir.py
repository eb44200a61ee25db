"""A record an EHR can import: the build's handouts as a FHIR R4 Bundle.

``fhir/bundle.json``, beside the manifest, is a ``Bundle`` of type
``collection`` holding one ``DocumentReference`` per printed handout (each
PDF file: a condition's handout or the overview booklet, per site, language
and layout). The handout's web page, where the build makes one, is a second
attachment of its standard-layout PDF's document: the same text, another
format. Decks are for presenters, not patients, and are left out.

Each document says what an EHR needs to file and show it, and nothing about
any patient (no ``subject``): status ``current``; ``docStatus`` ``final``
when the text is approved, else ``preliminary``; its type, the LOINC
Document Ontology's "Education note" (34895-3); its language; the approver
as ``authenticator`` (a display name, only when approved); its files as
attachments (URL relative to the bundle's folder, content type, size, SHA-1
in base64, title, creation date).

The same input gives the same bytes: ids and ``fullUrl`` s are name-based
UUIDs (version 5) of the files' paths, dates are the approval's (else the
edition's), never the clock's, and the JSON's keys keep a fixed order.
Only the standard library is used here; the tests validate the output with
a FHIR library.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import posixpath
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote

if TYPE_CHECKING:
    from ..inputs.model import Content
    from .jobs import Edition
    from .run import Entry

BUNDLE_PATH = "fhir/bundle.json"  # relative to the output folder, beside manifest.json

# LOINC 34895-3 "Education note": the Document Ontology's type for a document
# of patient education (type of service: Education; scale Doc, as US Core's
# document-type value set asks). IHE's antepartum education document uses it,
# and France's shared record names it "patient information sheet". 69730-0
# (Instructions) is used as a section's code (C-CDA's Instructions section),
# not as a document's type.
DOCUMENT_TYPE = {"system": "http://loinc.org", "code": "34895-3", "display": "Education note"}

# The namespace of every id in the bundle. Fixed for good: changing it
# changes every document's id, and an EHR would file them all again.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:handouts:fhir:document")

HANDOUT_KINDS = ("handout", "booklet")  # the manifest's kinds that are patient PDFs
WEB_KIND = "web"  # a handout's web page (path ending .html)
CONTENT_TYPES = {".pdf": "application/pdf", ".html": "text/html"}
REVIEW_STATES = ("approved", "draft", "changed", "overdue")


@dataclass(frozen=True)
class FhirAttachment:
    """One file of a document: a PDF or a web page."""

    url: str  # relative to the bundle's folder, '/'-separated, percent-encoded
    content_type: str  # "application/pdf" or "text/html"
    size: int  # bytes
    sha1: str  # the SHA-1 of the bytes, base64 (as FHIR's Attachment.hash is)
    title: str

    @classmethod
    def of(cls, url: str, data: bytes, title: str, content_type: str | None = None
           ) -> "FhirAttachment":
        """The attachment for the file at ``url`` holding ``data`` (its
        content type from its suffix unless given)."""
        if content_type is None:
            content_type = CONTENT_TYPES[posixpath.splitext(url)[1].lower()]
        return cls(url, content_type, len(data), sha1_base64(data), title)


@dataclass(frozen=True)
class FhirDocument:
    """What one handout's DocumentReference says."""

    title: str  # as the handout prints it (its PDF's title)
    language: str  # BCP 47, e.g. "en-US"
    review: str  # "approved", "draft", "changed" or "overdue" (see ReviewState)
    approver: str | None  # "Dana Reyes, MD"; printed as authenticator only when approved
    date: dt.date  # the approval's day when approved, else the edition's
    attachments: tuple[FhirAttachment, ...]  # the PDF first

    def __post_init__(self) -> None:
        if self.review not in REVIEW_STATES:
            raise ValueError(f"review must be one of {', '.join(REVIEW_STATES)}, "
                             f"not {self.review!r}")
        if not self.attachments:
            raise ValueError(f"{self.title}: a document needs at least one attachment")
        if self.approved and not self.approver:
            raise ValueError(f"{self.title}: an approved document needs its approver")

    @property
    def approved(self) -> bool:
        return self.review == "approved"

    @property
    def id(self) -> str:
        """A name-based UUID of the first attachment's URL: the same file,
        the same id, build after build."""
        return str(uuid.uuid5(NAMESPACE, self.attachments[0].url))


def sha1_base64(data: bytes) -> str:
    """The SHA-1 of ``data`` as FHIR writes it: base64 of the 20 bytes."""
    return base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")


def _instant(day: dt.date) -> str:
    # DocumentReference.date is an instant: a time and zone are required. We
    # know only the day, so noon UTC: the same calendar day from UTC-11 to
    # UTC+11, where a clinic's EHR shows it. (Attachment.creation takes the
    # day alone.)
    return f"{day.isoformat()}T12:00:00Z"


def _attachment(att: FhirAttachment, language: str, day: dt.date) -> dict:
    return {"contentType": att.content_type, "language": language, "url": att.url,
            "size": att.size, "hash": att.sha1, "title": att.title,
            "creation": day.isoformat()}


def document_reference(doc: FhirDocument) -> dict:
    """``doc`` as a DocumentReference (a dict in FHIR R4's element order)."""
    resource = {
        "resourceType": "DocumentReference",
        "id": doc.id,
        "language": doc.language,
        "status": "current",
        "docStatus": "final" if doc.approved else "preliminary",
        "type": {"coding": [dict(DOCUMENT_TYPE)]},
        "date": _instant(doc.date),
    }
    if doc.approved:
        resource["authenticator"] = {"display": doc.approver}
    resource["description"] = doc.title
    resource["content"] = [{"attachment": _attachment(a, doc.language, doc.date)}
                           for a in doc.attachments]
    return resource


def fhir_bundle(documents: Iterable[FhirDocument]) -> bytes:
    """The Bundle (type ``collection``) of ``documents``, as UTF-8 JSON with
    a 2-space indent and a final newline. The documents are sorted by their
    first attachment's URL, so the same documents give the same bytes in any
    order. Raises ``ValueError`` for two documents of the same file."""
    docs = sorted(documents, key=lambda d: d.attachments[0].url)
    urls = [d.attachments[0].url for d in docs]
    if len(set(urls)) != len(urls):
        twice = sorted({u for u in urls if urls.count(u) > 1})
        raise ValueError(f"more than one document for {', '.join(twice)}")
    bundle: dict = {"resourceType": "Bundle", "type": "collection"}
    if docs:  # FHIR's JSON has no empty arrays
        bundle["entry"] = [{"fullUrl": f"urn:uuid:{d.id}", "resource": document_reference(d)}
                           for d in docs]
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def printed_title(content: "Content", condition: str | None) -> str:
    """The title a handout's PDF carries: the edition's for the overview
    booklet (``condition`` None), else "{condition}: {edition}" in the
    content's language (as handouts.render.pdf.document writes it)."""
    if condition is None:
        return content.meta.title
    from ..render.wording import say, speaking

    with speaking(content.meta.language):
        return say("pdf.title", condition=content.condition(condition).title,
                   edition=content.meta.title)


def relative_url(path: str, bundle_path: str = BUNDLE_PATH) -> str:
    """The URL of ``path`` (relative to the output folder) from the bundle's
    folder: ``riverside/handouts/crps-handout.pdf`` ->
    ``../riverside/handouts/crps-handout.pdf``."""
    rel = posixpath.relpath(path, posixpath.dirname(bundle_path) or ".")
    return quote(rel, safe="/")


def documents_from_entries(entries: Iterable["Entry"], editions: Iterable["Edition"],
                           out_dir: Path) -> list[FhirDocument]:
    """One document per patient PDF among the build's manifest rows
    (``entries``, kinds "handout" and "booklet"), sorted by path, each with
    the web page (kind "web", a ``.html`` path) of the same site, condition
    and language as a second attachment of its standard-layout PDF; a web
    page with no such PDF is a document of its own. ``editions`` are the
    build's, one per language: they give the title, the approver and the
    dates. The files are read from ``out_dir`` for their size and SHA-1.
    Raises ``KeyError`` for a row in a language no edition has."""
    by_language = {e.content.meta.language: e for e in editions}
    rows = sorted(entries, key=lambda e: e.path)
    pdfs = [e for e in rows if e.kind in HANDOUT_KINDS and e.path.endswith(".pdf")]
    pages = {(w.site, w.condition, w.language): w for w in rows
             if w.kind == WEB_KIND and w.path.endswith(".html")}
    out_dir = Path(out_dir)
    documents = []
    for row in pdfs:
        web = pages.pop((row.site, row.condition, row.language), None) \
            if row.layout == "standard" else None
        documents.append(_document(by_language[row.language], row,
                                   [row, web] if web else [row], out_dir))
    for web in pages.values():  # a page with no standard-layout PDF of its own
        documents.append(_document(by_language[web.language], web, [web], out_dir))
    return sorted(documents, key=lambda d: d.attachments[0].url)


def _document(edition: "Edition", row: "Entry", files: list["Entry"],
              out_dir: Path) -> FhirDocument:
    content, review = edition.content, edition.review
    title = printed_title(content, row.condition)
    approved = row.review == "approved"
    return FhirDocument(
        title=title, language=row.language, review=row.review,
        approver=(review.approved_by or None) if approved else None,
        date=review.approved_on if approved and review.approved_on else content.meta.edition,
        attachments=tuple(FhirAttachment.of(relative_url(f.path),
                                            (out_dir / f.path).read_bytes(), title)
                          for f in files))


def write_fhir_bundle(out_dir: Path, entries: Iterable["Entry"],
                      editions: Iterable["Edition"]) -> Path:
    """Write ``fhir/bundle.json`` into ``out_dir`` for the build's
    ``entries`` (its manifest rows) and ``editions``; returns its path."""
    from .output import write_atomic

    path = Path(out_dir) / BUNDLE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, fhir_bundle(documents_from_entries(entries, editions, out_dir)))
