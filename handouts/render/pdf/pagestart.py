"""Where a draft's band goes in the structure tree: first of what each page
shows (see :class:`.tagging.Tagger`). A node is a :class:`.tagging.Node`
(it has ``kids``); its marks are (page, MCID) pairs; an annotation has a
``page``."""
from __future__ import annotations


def _page(kid, pick) -> int | None:
    """The first (``pick=min``) or last (``pick=max``) page that ``kid`` (a
    node, a mark or an annotation) shows anything on."""
    if type(kid) is tuple:
        return kid[0]
    if hasattr(kid, "kids"):
        return pick((p for p in (_page(k, pick) for k in kid.kids) if p is not None),
                    default=None)
    return kid.page


def _first_page(kid) -> int | None:
    return _page(kid, min)


def _last_page(kid) -> int | None:
    return _page(kid, max)


def _split(node, page: int):
    """Move what ``node`` shows from ``page`` on into a new element of the
    same role (a node running on from one page to the next is read as two:
    the band comes between them); returns the new one."""
    tail = type(node)(node.role, node.parent, node.alt, getattr(node, "lang", None))
    keep = []
    for kid in node.kids:
        first, last = _first_page(kid), _last_page(kid)
        if first is not None and first >= page:
            tail.kids.append(kid)
            if hasattr(kid, "kids"):
                kid.parent = tail
        elif last is not None and last >= page and hasattr(kid, "kids"):
            keep.append(kid)
            rest = _split(kid, page)
            rest.parent = tail
            tail.kids.append(rest)
        else:
            keep.append(kid)
    node.kids = keep
    return tail


def place_bands(root, bands: dict) -> None:
    """Put each page's band among ``root``'s children, first of what the
    page shows: before the first child that shows anything on it; a
    paragraph, list or table running on from the page before is split
    there, so that the band is read where the page begins."""
    kids = [k for k in root.kids if k not in bands.values()]
    last: dict[int, int] = {}  # id of a child -> the last page it shows (-1: none)

    def last_of(kid) -> int:
        found = last.get(id(kid))
        if found is None:
            page = _last_page(kid)
            found = last[id(kid)] = -1 if page is None else page
        return found

    start = 0  # bands go in page order, and so do the children: never look back
    for page, band in sorted(bands.items()):
        at = next((i for i in range(start, len(kids))
                   if hasattr(kids[i], "kids") and last_of(kids[i]) >= page), len(kids))
        if at < len(kids) and _first_page(kids[at]) < page:
            head = kids[at]
            kids.insert(at + 1, _split(head, page))
            last.pop(id(head), None)
            at += 1
        kids.insert(at, band)
        start = at + 1
    root.kids = kids
