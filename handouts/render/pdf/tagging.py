"""Tagged PDF (PDF/UA-1): the structure tree, built as the pages are drawn.

ReportLab writes no structure tree, but it lets a canvas add operators and
objects of its own. This module uses only that:

- :class:`Node` is a structure element (``H1``, ``P``, ``LI``, ``Figure``,
  ``Link``...). The story makes the nodes in reading order, under one
  ``Document`` node, before anything is drawn, and hangs each on the
  flowable that shows it.
- :class:`Tagger` rides on the canvas. Everything a page draws is an
  artifact (``/Artifact BMC ... EMC``) unless a tagged flowable is drawing:
  then its operators are a marked-content sequence with the page's next
  MCID, recorded on the node. Rules, boxes, tints, running headers,
  footers and the draft mark are therefore artifacts by construction.
- A draft's band at the top of each page is a paragraph of its own
  (:meth:`Tagger.band`), placed in the tree before everything that begins on
  its page: a screen reader reads it first on every page.
- :meth:`Tagger.finish` writes the tree through ReportLab's own PDF objects:
  ``StructTreeRoot`` with its ``ParentTree``, each page's ``StructParents``
  and ``/Tabs /S``, link annotations as ``OBJR`` kids, ``MarkInfo`` and the
  XMP metadata with the PDF/UA identifier.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
)

from ...libs import reportlab_canvas
from .. import xml
from .pagestart import place_bands

ARTIFACT_BEGIN = "/Artifact BMC"
END = "EMC"


class Node:
    """A structure element: ``role`` (a standard structure type), its
    children in reading order, and for a figure its alternative text.
    Content reaches a node as (page index, MCID) pairs while drawing.
    (A plain class with slots: a handout makes a few hundred.)"""

    __slots__ = ("role", "parent", "alt", "kids", "lang")

    def __init__(self, role: str, parent: Node | None = None, alt: str | None = None,
                 lang: str | None = None):
        self.role, self.parent, self.alt, self.lang = role, parent, alt, lang
        self.kids: list = []  # Node, (page, mcid), or _Annotation

    def __repr__(self) -> str:
        return f"Node({self.role!r}, alt={self.alt!r}, kids={len(self.kids)})"

    def add(self, role: str, alt: str | None = None, lang: str | None = None) -> Node:
        """A new last child of this node (``lang``: its language, when not
        the document's)."""
        node = Node(role, self, alt, lang)
        self.kids.append(node)
        return node


class Tagged:
    """Mixin for a flowable that shows a node's content: set ``tag`` (the
    node); for a bulleted list item also ``label``, which gets the bullet
    (the paragraph's first text object) while ``tag`` gets the rest; for a
    link ``link`` = (url, description), an annotation over what is drawn.
    A flowable drawn a second time (a table's repeated heading row) is an
    artifact the second time."""

    tag: Node | None = None
    label: Node | None = None
    link: tuple[str, str] | None = None

    def ink_width(self) -> float:
        """Width of what this flowable draws, in points (for a link's box)."""
        return self.width

    def drawOn(self, canv, x, y, _sW=0):  # noqa: N802 - ReportLab's name
        tagger = getattr(canv, "tagger", None)
        if tagger is None or self.tag is None or self.__dict__.get("_shown"):
            return super().drawOn(canv, x, y, _sW)
        self._shown = True
        label = self.label if getattr(self, "bulletText", None) else None
        opened = tagger.open(canv, label or self.tag)
        try:
            tagger.then = self.tag if label is not None else None
            super().drawOn(canv, x, y, _sW)
            tagger.then = None
        finally:
            if opened:
                tagger.close(canv)
        if self.link is not None:
            url, description = self.link
            tagger.link(canv, getattr(self, "link_tag", None) or self.tag, url,
                        (x, y, x + self.ink_width(), y + self.height), description)
        return None


@dataclass(frozen=True)
class _Annotation:
    """A link annotation that belongs to a node: its page and the name
    ReportLab gave it."""

    page: int
    name: str


class Tagger:
    """Marks a canvas's content and builds its structure tree. ``lang`` is
    the document's language (BCP 47), ``title`` its title for the XMP."""

    def __init__(self, lang: str, title: str):
        self.root = Node("Document")
        self.lang, self.title = lang, title
        self.page = 0  # index of the page being drawn
        self._next_mcid: dict[int, int] = {}
        self._open: Node | None = None
        self.link_count = 0
        self.then: Node | None = None  # see Tagged: the node after a list item's bullet
        self.switched_at: int | None = None  # where the last switch began in the page's code
        self._links: list[str] = []  # annotation names, by parent-tree key
        self._bands: dict[int, Node] = {}  # page index -> its draft band's paragraph

    def band(self, index: int) -> Node:
        """The paragraph of page ``index``'s draft band: outside the story's
        order until :meth:`finish` puts it first among what the page begins."""
        node = self._bands.get(index)
        if node is None:
            node = self._bands[index] = Node("P", self.root)
        return node

    # -- content streams ------------------------------------------------
    def start_page(self, canv, index: int) -> None:
        """A new page ``index`` (from 0) begins: its content is an artifact
        until a node is marked."""
        self.page = index
        canv.addLiteral(ARTIFACT_BEGIN)

    def end_page(self, canv) -> None:
        """The page's content ends: close the artifact."""
        canv.addLiteral(END)

    def resume(self, index: int) -> None:
        """Draw on page ``index`` again (its footer, at the end)."""
        self.page = index

    def _begin(self, canv, node: Node) -> None:
        mcid = self._next_mcid.get(self.page, 0)
        self._next_mcid[self.page] = mcid + 1
        node.kids.append((self.page, mcid))
        canv.addLiteral(f"{END}\n/{node.role} <</MCID {mcid}>> BDC")

    @contextlib.contextmanager
    def marked(self, canv, node: Node | None):
        """Operators drawn inside are ``node``'s content (an artifact when
        ``node`` is None, or when a node is already open: the outer one
        holds them)."""
        opened = self.open(canv, node)
        try:
            yield
        finally:
            if opened:
                self.close(canv)

    def open(self, canv, node: Node | None) -> bool:
        """What follows is ``node``'s content, unless ``node`` is None or a
        node is open already (then the outer one holds it). Returns whether
        it opened ``node``: then :meth:`close` must follow."""
        if node is None or self._open is not None:
            return False
        self._open = node
        self._begin(canv, node)
        return True

    def close(self, canv) -> None:
        """End the open node's content: what follows is an artifact."""
        self._open = None
        canv.addLiteral(f"{END}\n{ARTIFACT_BEGIN}")

    def switch(self, canv, node: Node) -> None:
        """Inside :meth:`marked`: what follows is ``node``'s content (a
        list item's body after its label)."""
        self.switched_at = reportlab_canvas.operator_count(canv)
        canv.addLiteral(END)
        mcid = self._next_mcid.get(self.page, 0)
        self._next_mcid[self.page] = mcid + 1
        node.kids.append((self.page, mcid))
        canv.addLiteral(f"/{node.role} <</MCID {mcid}>> BDC")
        self._open = node

    def after_text(self, canv) -> None:
        """A text object was drawn: if it was a list item's bullet, what
        follows is the item's body."""
        if self.then is not None:
            self.switch(canv, self.then)
            self.then = None

    def link(self, canv, node: Node, url: str, rect: tuple[float, float, float, float],
             description: str) -> None:
        """A link annotation over ``rect`` (current coordinates) to ``url``,
        described by ``description``, as a kid of ``node``."""
        key = self.link_count
        self.link_count += 1
        # F 4: printed (a link is part of the page, like its text).
        canv.linkURL(url, rect, relative=1, thickness=0, Contents=PDFString(description), F=4,
                     StructParent=_LINK_KEYS + key)
        name = reportlab_canvas.last_annotation_name(canv)
        node.kids.append(_Annotation(self.page, name))
        self._links.append(name)

    # -- objects ---------------------------------------------------------
    def finish(self, canv, pages: list) -> None:
        """Write the structure tree, the pages' entries and the catalog's:
        call after the last page is shown. ``pages`` are ReportLab's page
        objects in order."""
        doc = reportlab_canvas.document(canv)
        page_refs = [PDFObjectReference(f"Page{i + 1}") for i in range(len(pages))]
        by_page: list[dict[int, PDFObjectReference]] = [{} for _ in pages]
        links: dict[str, PDFObjectReference] = {}
        root_ref = PDFObjectReference("StructTreeRoot")
        place_bands(self.root, self._bands)
        drawn = _with_content(self.root)
        register = doc.Reference

        def write(node: Node, parent_ref) -> PDFObjectReference:
            elem = _Elem(node.role, parent_ref, node.alt, node.lang)
            ref = register(elem)
            marks = [k for k in node.kids if type(k) is tuple]
            page = marks[0][0] if marks else None
            if page is not None and all(m[0] == page for m in marks):
                elem.page = page_refs[page]
            kids = elem.kids
            for k in node.kids:
                kind = type(k)
                if kind is tuple:
                    page, mcid = k
                    by_page[page][mcid] = ref
                    kids.append(mcid if elem.page is not None else
                                _Kid("MCR", page_refs[page], mcid=mcid))
                elif kind is Node:
                    if k in drawn:
                        kids.append(write(k, ref))
                else:
                    links[k.name] = ref
                    kids.append(_Kid("OBJR", page_refs[k.page], obj=doc.refAnnotation(k.name)))
            return ref

        top = write(self.root, root_ref) if self.root in drawn else None
        nums: list = []
        for index, page in enumerate(pages):
            reportlab_canvas.add_page_entries(page, StructParents=index, Tabs=PDFName("S"))
            marks = by_page[index]
            nums += [index, PDFArray([marks[m] for m in sorted(marks)])]
        for key, name in enumerate(self._links):
            nums += [_LINK_KEYS + key, links[name]]
        tree = PDFDictionary({
            "Type": PDFName("StructTreeRoot"),
            "K": top if top is not None else PDFArray([]),
            "ParentTree": PDFDictionary({"Nums": PDFArray(nums)}),
            "ParentTreeNextKey": _LINK_KEYS + self.link_count,
        })
        doc.Reference(tree, "StructTreeRoot")
        cat = doc.Catalog
        cat.StructTreeRoot = root_ref
        cat.MarkInfo = PDFDictionary({"Marked": "true"})  # a str is written as is
        cat.Metadata = self._metadata()

    def _metadata(self) -> PDFStream:
        return PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                         xml.xmp_packet(self.title, self.lang), filters=[])


def _with_content(root: Node) -> set[Node]:
    """The nodes under ``root`` (itself included) that hold drawn content,
    themselves or below: the others are left out of the tree."""
    found: set[Node] = set()

    def visit(node: Node) -> bool:
        has = False
        for k in node.kids:
            has = (visit(k) if type(k) is Node else True) or has
        if has:
            found.add(node)
        return has

    visit(root)
    return found


class _Kid(PDFObject):
    """A marked-content reference (``MCR``: ``mcid`` on ``page``) or an
    object reference (``OBJR``: annotation ``obj`` on ``page``)."""

    def __init__(self, kind: str, page, mcid: int | None = None, obj=None):
        self.kind, self.page, self.mcid, self.obj = kind, page, mcid, obj

    def format(self, document) -> bytes:
        what = (b"/MCID %d" % self.mcid if self.obj is None
                else b"/Obj " + self.obj.format(document))
        return (b"<< /Type /" + self.kind.encode() + b" /Pg " + self.page.format(document)
                + b" " + what + b" >>")


class _Elem(PDFObject):
    """A structure element, written directly: a handout has a few hundred,
    and ReportLab's general dictionaries took 3 ms a handout to write them."""

    def __init__(self, role: str, parent, alt: str | None, lang: str | None = None):
        self.role, self.parent, self.alt, self.lang = role, parent, alt, lang
        self.page = None  # the page of all its marked content, if one
        self.kids: list = []  # MCIDs, _Kids and references to elements

    def format(self, document) -> bytes:
        out = [b"<< /Type /StructElem /S /", self.role.encode(), b" /P ",
               self.parent.format(document)]
        if self.page is not None:
            out += [b" /Pg ", self.page.format(document)]
        kids = [b"%d" % k if isinstance(k, int) else k.format(document) for k in self.kids]
        out += [b" /K ", kids[0]] if len(kids) == 1 else [b" /K [", b" ".join(kids), b"]"]
        if self.alt:
            out += [b" /Alt ", PDFString(self.alt).format(document)]
        if self.lang:
            out += [b" /Lang ", PDFString(self.lang).format(document)]
        out.append(b" >>")
        return b"".join(out)


# Parent-tree keys of link annotations start after any page's (a handout has
# far fewer pages than this).
_LINK_KEYS = 1000
