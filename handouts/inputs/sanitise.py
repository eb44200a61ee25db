"""What a clinic's PowerPoint template may not carry into a deck: macros,
ActiveX controls, OLE objects (embedded programs' data) and every link out of
the file (images linked to a share, hyperlinks to the web or ``javascript:``).

Each is removed from every part of the template (masters, layouts, notes and
handout masters, themes and the template's own slides), with a message naming
the part; where removing it would leave the part broken, the template is
refused instead. Per kind:

- macros (``vbaProject.bin`` and its signatures, a macro-enabled content
  type): the parts and the relationship to them removed, the presentation
  typed as a plain one;
- ActiveX controls: the ``p:control`` (and its fallback picture), the
  relationship and the ``activeX`` parts removed;
- OLE objects and embedded packages: the shape that shows the object removed,
  with its relationship and the embedded part;
- external relationships: a hyperlink's ``a:hlinkClick`` (or hover) removed,
  the shape kept; a linked image's link removed (a picture with nothing but
  the link removed with it); a shape showing linked media removed; a link
  nothing refers to removed.

Anything else that refers to one of them (a link in a place this module does
not know) refuses the template, naming the part and the element.
"""
from __future__ import annotations

import posixpath
import re

from lxml import etree

from .hostile import (ACTIVEX, MACRO_MAINS, MACROS, OLE, PRESENTATION_MAIN, TEMPLATE_MAIN,
                      part_kind)

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"

_KIND_BY_RELTYPE = {"vbaProject": MACROS, "vbaProjectSignature": MACROS,
                    "vbaProjectSignatureAgile": MACROS, "vbaProjectSignatureV3": MACROS,
                    "control": ACTIVEX, "activeXControlBinary": ACTIVEX,
                    "oleObject": OLE, "package": OLE}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HYPERLINKS = {(_A, "hlinkClick"), (_A, "hlinkHover"), (_A, "hlinkMouseOver")}
# What is removed, whole, around a reference that cannot stay: the nearest of these.
_UNITS = {(_P, "sp"), (_P, "pic"), (_P, "graphicFrame"), (_P, "cxnSp"), (_P, "contentPart"),
          (_P, "control"), (_C, "externalData")}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Refused(ValueError):
    """A template this module cannot clean without breaking it (a message)."""


def _shown(target: str) -> str:
    """A link's target as a message shows it: printable, at most 100 characters."""
    clean = "".join(c if c.isprintable() else "?" for c in target)
    return clean if len(clean) <= 100 else clean[:99] + "…"


def _source_of(rels_name: str) -> str:
    """The part whose relationships ``rels_name`` holds ('' for the package)."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[:-len(".rels")]).lstrip("/")


def rels_of(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _content_types(data: bytes) -> tuple[object, dict[str, str], dict[str, str]]:
    root = etree.fromstring(data, _PARSER)
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                for el in root if el.tag == f"{{{_TYPES}}}Default"}
    overrides = {el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "")
                 for el in root if el.tag == f"{{{_TYPES}}}Override"}
    return root, defaults, overrides


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def sanitise(parts: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """``parts`` (zip name -> bytes, ``[Content_Types].xml`` among them)
    without macros, ActiveX controls, OLE objects and external
    relationships, and a message (``PART: what was removed``) for each
    removal. Raises :class:`Refused` where a removal would break a part."""
    types_root, defaults, overrides = _content_types(parts["[Content_Types].xml"])

    def ctype(name: str) -> str:
        extension = posixpath.splitext(name)[1][1:].lower()
        return overrides.get(name.lower()) or defaults.get(extension, "")

    hostile = {name: kind for name in parts if (kind := part_kind(name, ctype(name)))}
    hostile.update({rels_of(name): kind for name in list(hostile) if rels_of(name) in parts})
    out = dict(parts)
    messages: list[str] = []
    told: set[str] = set()  # hostile parts a message already names
    led_to: set[str] = set()  # parts removed relationships led to
    for rels_name in [n for n in parts if n.endswith(".rels")]:
        source = _source_of(rels_name)
        if rels_name in hostile or source in hostile:
            told.update(_targets(parts[rels_name], source))
            continue
        edited = _clean_part(source, parts.get(source), parts[rels_name], hostile, messages,
                             led_to)
        if edited is not None:
            out[rels_name], new_source = edited
            if new_source is not None:
                out[source] = new_source
    for name, kind in hostile.items():
        if name not in told | led_to and not name.endswith(".rels"):
            messages.append(f"{name}: {kind} removed")
    # The parts only removed relationships led to (an embedded workbook), and theirs.
    dropped = set(hostile) | {name for target in led_to if target in parts
                              for name in (target, rels_of(target)) if name in parts}
    for name in dropped:
        out.pop(name, None)
    _retype(types_root, dropped, out, messages)
    return out, messages


def _targets(rels: bytes, source: str) -> set[str]:
    root = etree.fromstring(rels, _PARSER)
    return {_resolve(source, el.get("Target", "")) for el in root if isinstance(el.tag, str)}


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def _retype(root, dropped: set[str], out: dict[str, bytes], messages: list[str]) -> None:
    """``[Content_Types].xml`` without the dropped parts' entries and a
    macro type, the presentation typed as a plain one (a .potx's too)."""
    changed = False
    for el in list(root):
        part = el.get("PartName", "").lstrip("/")
        content_type = el.get("ContentType", "")
        if part in dropped or (el.tag == f"{{{_TYPES}}}Default" and part_kind("", content_type)):
            root.remove(el)
            changed = True
        elif content_type in MACRO_MAINS:
            el.set("ContentType", PRESENTATION_MAIN)
            messages.append(f"{part}: macro-enabled ({content_type}) made a plain presentation")
            changed = True
        elif content_type == TEMPLATE_MAIN:
            el.set("ContentType", PRESENTATION_MAIN)  # all that tells a .potx from a .pptx
            changed = True
    if changed:
        out["[Content_Types].xml"] = _xml(root)


def _classify(rel, source: str, hostile: dict[str, str]) -> tuple[str, str] | None:
    """(kind, target) of a relationship that must go, else ``None``."""
    target = rel.get("Target", "")
    reltype = rel.get("Type", "").rsplit("/", 1)[-1]
    if rel.get("TargetMode", "").lower() == "external" or _SCHEME.match(target):
        return "external", target
    if reltype in _KIND_BY_RELTYPE:
        return _KIND_BY_RELTYPE[reltype], _resolve(source, target)
    resolved = _resolve(source, target)
    if resolved in hostile:
        return hostile[resolved], resolved
    return None


def _clean_part(source: str, part: bytes | None, rels: bytes, hostile: dict[str, str],
                messages: list[str], led_to: set[str]) -> tuple[bytes, bytes | None] | None:
    """(new relationships, new part or ``None`` if unchanged) for ``source``,
    or ``None`` when nothing in it must go."""
    rels_root = etree.fromstring(rels, _PARSER)
    gone: dict[str, tuple[str, str, str]] = {}  # id -> (kind, target, relationship type)
    for rel in [el for el in rels_root if isinstance(el.tag, str)]:
        found = _classify(rel, source, hostile)
        if found is None:
            continue
        gone[rel.get("Id", "")] = (*found, rel.get("Type", "").rsplit("/", 1)[-1])
        rels_root.remove(rel)
        if found[0] != "external":
            led_to.add(found[1])
    if not gone:
        return None
    shown = source or "[package]"
    new_part = None
    referred: set[str] = set()
    if part is not None and source.endswith(".xml"):
        root = etree.fromstring(part, _PARSER)
        referred = _remove_references(root, shown, gone, messages)
        if referred:
            new_part = _xml(root)
    for rid, (kind, target, reltype) in gone.items():
        if rid not in referred:
            what = _what(kind, reltype, target)
            messages.append(f"{shown}: {what} removed")
    return _xml(rels_root), new_part


def _what(kind: str, reltype: str, target: str) -> str:
    if kind != "external":
        return f"{kind} ({target})"
    noun = {"image": "image link", "hyperlink": "hyperlink", "oleObject": "linked OLE object",
            "audio": "media link", "video": "media link", "media": "media link"}
    return f"external {noun.get(reltype, 'link')} to {_shown(target)}"


def _remove_references(root, shown: str, gone: dict[str, tuple[str, str, str]],
                       messages: list[str]) -> set[str]:
    """Remove from ``root`` every reference to a relationship in ``gone``;
    return the ids referred to. Raises :class:`Refused`."""
    found = [(el, key, el.get(key)) for el in root.iter() if isinstance(el.tag, str)
             for key in el.attrib if key.startswith(f"{{{R}}}") and el.get(key) in gone]
    for el, key, rid in found:
        if not _attached(el, root):
            continue  # inside something removed already
        kind, target, reltype = gone[rid]
        what = _what(kind, reltype, target)
        qname = etree.QName(el)
        if (qname.namespace, qname.localname) in _HYPERLINKS:
            el.getparent().remove(el)
            messages.append(f"{shown}: {what} removed (the shape is kept)")
            continue
        if qname.localname == "blip" and qname.namespace == _A:
            del el.attrib[key]
            unit = _unit(el)
            if el.get(f"{{{R}}}embed") or el.get(f"{{{R}}}link") or unit is None \
                    or etree.QName(unit).localname != "pic":
                messages.append(f"{shown}: {what} removed")
                continue
        else:
            unit = _unit(el)
        if unit is None:
            raise Refused(f"{shown}: {what} in <{qname.localname}> cannot be removed without "
                          "breaking the template; remove it in PowerPoint and save the "
                          "template again")
        name = _name(unit)
        _remove_unit(unit)
        messages.append(f"{shown}: {what} removed, with {name}")
    left = {el.get(key) for el in root.iter() if isinstance(el.tag, str)
            for key in el.attrib if key.startswith(f"{{{R}}}")}
    if left & set(gone):  # pragma: no cover - every reference above is removed or refused
        raise Refused(f"{shown}: a removed link is still referred to")
    return {rid for _, _, rid in found}


def _attached(el, root) -> bool:
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False


def _unit(el):
    while el is not None:
        q = etree.QName(el)
        if (q.namespace, q.localname) in _UNITS:
            return el
        el = el.getparent()
    return None


def _name(unit) -> str:
    local = etree.QName(unit).localname
    names = [el.get("name") for el in unit.iter() if isinstance(el.tag, str)
             and etree.QName(el).localname == "cNvPr" and el.get("name")]
    if local == "control" and unit.get("name"):
        names = [unit.get("name")]
    label = {"pic": "picture", "sp": "shape", "graphicFrame": "object", "cxnSp": "connector",
             "control": "control", "externalData": "data link", "contentPart": "ink"}[local]
    return f'its {label} "{_shown(names[0])}"' if names else f"its {label}"


def _remove_unit(unit) -> None:
    """Remove ``unit``; one alternative of ``mc:AlternateContent`` takes the
    whole choice with it, and a control list left empty goes too."""
    parent = unit.getparent()
    if parent is not None and etree.QName(parent).namespace == _MC:
        unit = parent.getparent()
        parent = unit.getparent()
    parent.remove(unit)
    q = etree.QName(parent)
    if (q.namespace, q.localname) == (_P, "controls") and len(parent) == 0:
        parent.getparent().remove(parent)
