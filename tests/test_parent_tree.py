"""The structure tree's parent tree, read back with pypdf: every page's
``/StructParents`` and every link annotation's ``/StructParent`` is its own
key; each key finds what it should (a page's marked content, in MCID order;
an annotation's ``Link`` element, which holds it as an ``OBJR``); and
``/ParentTreeNextKey`` is past them all. (pdfua and the tagged-PDF tests
pass even when an annotation's key is a page's: a reader then finds the
wrong element for one or the other.)"""
from __future__ import annotations

import re

import pytest

from conftest import render_pdf
from pdfread import reader


def number_tree(node) -> list[tuple[int, object]]:
    """(key, value) pairs of a number tree, in order, duplicates kept."""
    node = node.get_object()
    pairs = []
    if "/Nums" in node:
        nums = node["/Nums"]
        assert len(nums) % 2 == 0, "a /Nums array holds key, value pairs"
        pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in node.get("/Kids", []):
        pairs += number_tree(kid)
    return pairs


def ref_id(obj, key: str | None = None) -> int:
    """The object number of ``obj`` (read through an indirect reference),
    or with ``key`` of the object its entry ``key`` refers to."""
    if key is not None:
        return obj.raw_get(key).idnum
    return obj.indirect_reference.idnum


def kids_of(elem) -> list:
    kids = elem.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    return list(kids) if isinstance(kids, list) else [kids]


def mcids_in(elem, page_id: int) -> set[int]:
    """The MCIDs on page ``page_id`` that ``elem`` holds directly (as a
    number, with its ``/Pg``, or as an ``MCR``)."""
    found = set()
    own_page = ref_id(elem, "/Pg") if "/Pg" in elem else None
    for kid in kids_of(elem):
        if isinstance(kid, int):
            if own_page == page_id:
                found.add(int(kid))
            continue
        kid = kid.get_object()
        if kid.get("/Type") == "/MCR" and ref_id(kid, "/Pg") == page_id:
            found.add(int(kid["/MCID"]))
    return found


def page_mcids(page) -> list[int]:
    """The MCIDs marked in a page's content stream, in order."""
    stream = page.get_contents().get_data().decode("latin-1")
    return [int(m) for m in re.findall(r"/MCID (\d+)", stream)]


@pytest.fixture(scope="module")
def handouts(content, brand):
    """A condition's handout and the booklet: both end with the contact box
    and its phone, email and website links."""
    return {"condition": render_pdf(content, brand, cond=content.conditions[0]).data,
            "booklet": render_pdf(content, brand, "large-print", paper="a4").data}


@pytest.mark.parametrize("name", ["condition", "booklet"])
def test_every_struct_parent_key_is_its_own(handouts, name):
    pdf = reader(handouts[name])
    root = pdf.trailer["/Root"]["/StructTreeRoot"].get_object()
    pages = {}  # key -> page
    annots = {}  # key -> (page, annotation reference)
    for page in pdf.pages:
        key = int(page["/StructParents"])
        assert key not in pages, (name, key)
        pages[key] = page
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                annots[int(annot["/StructParent"])] = (page, ref)
    assert len(pages) == len(pdf.pages) >= 2 and len(annots) >= 3, (name, len(annots))
    keys = [*pages, *annots]
    assert len(set(keys)) == len(keys), (name, sorted(keys))

    tree = number_tree(root["/ParentTree"])
    tree_keys = [k for k, _ in tree]
    assert len(set(tree_keys)) == len(tree_keys), (name, tree_keys)
    assert set(keys) <= set(tree_keys), (name, sorted(set(keys) - set(tree_keys)))
    assert int(root["/ParentTreeNextKey"]) > max(tree_keys), (name, root["/ParentTreeNextKey"])
    values = dict(tree)

    # A page's key: an array whose entry i is the element holding MCID i.
    assert sum(len(page_mcids(page)) for page in pages.values()) >= 10 * len(pages), name
    for key, page in pages.items():
        marked = values[key].get_object()
        assert isinstance(marked, list), (name, key, marked)
        mcids = page_mcids(page)
        assert sorted(mcids) == list(range(len(marked))), (name, key, mcids, len(marked))
        for mcid, elem in enumerate(marked):
            elem = elem.get_object()
            assert elem.get("/Type", "/StructElem") == "/StructElem" and "/S" in elem, elem
            assert mcid in mcids_in(elem, ref_id(page)), (name, key, mcid, elem.get("/S"))

    # An annotation's key: the Link element that holds it as an OBJR.
    for key, (page, annot) in annots.items():
        elem = values[key].get_object()
        assert not isinstance(elem, list), (name, key)
        assert elem["/S"] == "/Link", (name, key, elem.get("/S"))
        objrs = [k.get_object() for k in kids_of(elem) if not isinstance(k, int)
                 and k.get_object().get("/Type") == "/OBJR"]
        assert any(ref_id(o, "/Obj") == annot.idnum and ref_id(o, "/Pg") == ref_id(page)
                   for o in objrs), (name, key, objrs)
