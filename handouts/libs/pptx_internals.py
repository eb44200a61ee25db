"""What the deck skeleton needs from python-pptx below its documented API.

python-pptx documents presentations, slides, layouts, placeholders and
shapes; making a skeleton also needs its package layer (parts, their names
and content types, relationships) and its XML elements (the slide list, a
notes placeholder's text body, the presentation's font list). Those calls
are here, each a small function, so that ``render/pptx/template.py`` reads
as what it does. They are adapters, not speed-ups: the skeleton cannot be
made without them. python-pptx's own tests cover the methods they call,
and ours (``tests/test_deck.py``, ``tests/test_templates.py``) read every
deck back; python-pptx is held to the tested versions in pyproject.toml.
"""
from __future__ import annotations

from typing import Iterator


def drop_slides(prs) -> None:
    """Remove a presentation's slides, keeping its masters and layouts."""
    sld_ids = prs.element.get_or_add_sldIdLst()
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.rId)
        sld_ids.remove(sld_id)


def related_partname(part_owner, reltype: str) -> str:
    """The name of the part that ``part_owner`` (a slide, a notes slide:
    anything with a ``part``) relates to by ``reltype``."""
    return str(part_owner.part.part_related_by(reltype).partname)


def partname(part_owner) -> str:
    """The part name of a slide layout (or anything with a ``part``)."""
    return str(part_owner.part.partname)


def add_part(prs, name: str, content_type: str, blob: bytes, reltype: str) -> str:
    """Add a part ``name`` to the presentation, related to it by
    ``reltype``; returns the relationship's id."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    part = Part(PackURI(name), content_type, prs.part.package, blob)
    return prs.part.relate_to(part, reltype)


def ensure_view_props(prs) -> None:
    """Give a template without view properties (LibreOffice writes none)
    python-pptx's default ones: PowerPoint offers to repair a deck that lacks
    them."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    if any(r.reltype == RT.VIEW_PROPS for r in prs.part.rels.values()):
        return
    default = Presentation().part.part_related_by(RT.VIEW_PROPS)
    add_part(prs, str(default.partname), default.content_type, default.blob, RT.VIEW_PROPS)


def part_names(prs) -> set[str]:
    """Every part name the presentation's package holds."""
    return {str(p.partname) for p in prs.part.package.iter_parts()}


def parts(prs) -> Iterator[tuple[str, str, str]]:
    """Each part of the package: (name, extension, content type)."""
    for part in prs.part.package.iter_parts():
        yield str(part.partname), part.partname.ext.lower(), part.content_type


def default_content_types() -> frozenset[tuple[str, str]]:
    """(extension, content type) pairs a package gives as defaults."""
    from pptx.opc.spec import default_content_types as defaults

    return frozenset(defaults)


def relationships(prs) -> list[tuple[str, str, str, bool]]:
    """The presentation part's relationships: (id, type, target, external)."""
    return [(r.rId, r.reltype, r.target_ref, r.is_external) for r in prs.part.rels.values()]


def set_embedded_fonts(prs, listing: str | None) -> None:
    """Replace the presentation's ``p:embeddedFontLst`` with ``listing``
    (its XML; ``None`` for none), in its place in the schema's sequence:
    after the slide and notes sizes (and smart tags)."""
    from lxml import etree

    root = prs.element
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    for old in root.findall("p:embeddedFontLst", ns):
        root.remove(old)
    if listing is None:
        return
    anchor = root.find("p:smartTags", ns)
    if anchor is None:
        anchor = root.find("p:notesSz", ns)
    anchor.addnext(etree.fromstring(listing))


def presentation_xml_with_slot(prs, slot: str) -> bytes:
    """The presentation part's XML, with comment ``slot`` where the slide
    list's entries go."""
    from lxml import etree

    prs.element.get_or_add_sldIdLst().append(etree.Comment(slot))
    return prs.part.blob


def notes_xml_with_slot(notes, slot: str) -> bytes:
    """A notes slide's XML with its notes placeholder's paragraphs replaced
    by comment ``slot``."""
    from lxml import etree

    body = notes.notes_placeholder.element.txBody
    for p in list(body):
        if etree.QName(p).localname == "p":
            body.remove(p)
    body.append(etree.Comment(slot))
    return notes.part.blob
