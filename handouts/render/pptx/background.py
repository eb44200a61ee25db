"""What a template draws under a deck's text, read through python-pptx when
a skeleton is made: the colours text sits on (the slide's background fill,
solid, gradient or picture, and the master's and layout's shapes and
pictures under it), and the graphics text must keep off.

A text area's *ground* is every colour that may lie under it: a solid
fill's colour, each stop of a gradient (the worst stop counts), and the
darkest and lightest parts of a picture under the area. A graphic (a
non-placeholder shape or picture of the master or layout) that covers only
part of a placeholder is an *obstacle*: the text goes into the largest part
of the placeholder it leaves free (:func:`free_part`). One that covers the
whole placeholder is a background the text sits on, and counts in its
ground. Where the graphics leave less than :data:`MIN_FREE_SHARE` of the
placeholder, it is used whole, and the text sits on a panel of its own
(its ground is *crowded*).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from .ink import Ground, luminance

EMU_BOX = tuple[int, int, int, int]  # left, top, width, height
MIN_FREE_SHARE = 0.34  # of a placeholder's area, for its free part to be used
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FILLS = (f"{A}solidFill", f"{A}gradFill", f"{A}blipFill", f"{A}noFill", f"{A}pattFill",
          f"{A}grpFill")


class Theme:
    """A master's colour scheme and colour map: resolves DrawingML colours."""

    def __init__(self, master):
        from lxml import etree
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        except (KeyError, etree.XMLSyntaxError):  # no theme: black text on white
            theme = None
        self.scheme: dict[str, str] = {}
        for el in theme.iter(f"{A}clrScheme") if theme is not None else ():
            for slot in el:
                colour = self._plain(slot[0]) if len(slot) else None
                if colour:
                    self.scheme[etree.QName(slot).localname] = colour
            break
        cmap = master.element.find(f"{P}clrMap")
        self.map = dict(cmap.attrib) if cmap is not None else {}

    @staticmethod
    def _plain(el) -> str | None:
        tag = el.tag.rpartition("}")[2]
        if tag == "srgbClr":
            return el.get("val", "").upper() or None
        if tag == "sysClr":
            return (el.get("lastClr") or ("000000" if el.get("val") == "windowText"
                                          else "FFFFFF")).upper()
        return None

    def slot(self, name: str) -> str:
        """A scheme slot's colour (``tx1`` through the colour map)."""
        return self.scheme.get(self.map.get(name, name), "000000" if "1" in name else "FFFFFF")

    def colour(self, el, placeholder: str = "000000") -> str | None:
        """The ``RRGGBB`` of a colour element (srgbClr, sysClr, schemeClr,
        prstClr), with its luminance and shade modifiers applied."""
        tag = el.tag.rpartition("}")[2]
        base = self._plain(el)
        if tag == "schemeClr":
            val = el.get("val", "")
            base = placeholder if val == "phClr" else self.slot(val)
        elif tag == "prstClr":
            base = {"black": "000000", "white": "FFFFFF"}.get(el.get("val", ""), "808080")
        if base is None:
            return None
        return _modified(base, el)

    def fill(self, parent, placeholder: str = "000000") -> list[str] | None:
        """The colours of the fill that ``parent`` (an spPr, bgPr, fillRef)
        holds: a solid fill's one colour, a gradient's stops; ``[]`` for no
        fill; ``None`` for none given, or a picture."""
        for el in parent:
            if el.tag == f"{A}solidFill" and len(el):
                c = self.colour(el[0], placeholder)
                return [c] if c else None
            if el.tag == f"{A}gradFill":
                return [c for gs in el.iter(f"{A}gs") if len(gs)
                        for c in [self.colour(gs[0], placeholder)] if c]
            if el.tag == f"{A}pattFill":
                return [c for part in el for c in [self.colour(part[0], placeholder)]
                        if len(part) and c]
            if el.tag == f"{A}noFill":
                return []
        return None


def _modified(base: str, el) -> str:
    """``base`` with ``el``'s lumMod/lumOff/shade/tint children applied
    (alpha is left to the caller)."""
    import colorsys

    r, g, b = (int(base[i:i + 2], 16) / 255 for i in (0, 2, 4))
    for mod in el:
        name, val = mod.tag.rpartition("}")[2], int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if name == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name in ("shade", "tint"):  # in linear light, as PowerPoint and LibreOffice do
            lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
            lin = [c * val if name == "shade" else 1 - (1 - c) * val for c in lin]
            r, g, b = (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
                       for c in lin)
    return "".join(f"{round(min(1, max(0, c)) * 255):02X}" for c in (r, g, b))


def _alpha(parent) -> float:
    el = next(parent.iter(f"{A}alpha"), None)
    return int(el.get("val")) / 100000 if el is not None else 1.0


def picture_shades(blob: bytes, crop: tuple[float, float, float, float]) -> list[str]:
    """The darkest and lightest parts (5th and 95th percentile of luminance)
    of the picture ``blob`` within ``crop`` (left, top, right, bottom as
    shares of its size); transparent pixels are left out."""
    from PIL import Image

    try:
        img = Image.open(io.BytesIO(blob))
        img.draft("RGB", (256, 256))  # a large JPEG is decoded small
        img = img.convert("RGBA")
    except Exception:  # not a picture Pillow reads (EMF, SVG, damaged): assume the worst
        return ["000000", "FFFFFF"]
    img.thumbnail((256, 256))
    w, h = img.size
    left, top, right, bottom = crop
    box = (int(left * w), int(top * h), max(int(left * w) + 1, int(right * w)),
           max(int(top * h) + 1, int(bottom * h)))
    data = img.crop(box).tobytes()  # RGBA
    pixels = [data[i:i + 4] for i in range(0, len(data), 4) if data[i + 3] >= 128]
    if not pixels:
        return []
    ranked = sorted(pixels, key=lambda p: luminance(f"{p[0]:02X}{p[1]:02X}{p[2]:02X}"))
    return [f"{p[0]:02X}{p[1]:02X}{p[2]:02X}" for p in
            (ranked[len(ranked) * 5 // 100], ranked[len(ranked) * 95 // 100])]


@dataclass(frozen=True)
class Graphic:
    """A non-placeholder shape or picture of a master or layout."""

    box: EMU_BOX
    shades: tuple[tuple[str, str], ...]  # colours it paints over its box
    picture: bytes = b""  # a picture's bytes (its shades are read for each area)
    alpha: float = 1.0  # its fill's opacity


def _graphics(owner, theme: Theme) -> list[Graphic]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    out = []
    for shape in owner.shapes:
        if shape.is_placeholder or not shape.width or not shape.height:
            continue
        box = (int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            try:
                out.append(Graphic(box, (), shape.image.blob))
            except (ValueError, KeyError):  # linked, not held: assume the worst
                out.append(Graphic(box, (("000000", "picture"), ("FFFFFF", "picture"))))
            continue
        sp_pr = shape.element.find(f"{P}spPr")
        colours = theme.fill(sp_pr) if sp_pr is not None else None
        if colours is None and sp_pr is not None and sp_pr.find(f"{A}blipFill") is None:
            ref = next(shape.element.iter(f"{A}fillRef"), None)
            if ref is not None and ref.get("idx", "0") != "0" and len(ref):
                colours = [c for c in [theme.colour(ref[0])] if c]
        if colours or shape.shape_type in (MSO_SHAPE_TYPE.GROUP, MSO_SHAPE_TYPE.LINE):
            out.append(Graphic(box, tuple((c, "shape") for c in colours or []),
                               alpha=_alpha(sp_pr) if sp_pr is not None else 1.0))
    return out


def _blend(colour: str, under: str, alpha: float) -> str:
    mixed = (int(colour[i:i + 2], 16) * alpha + int(under[i:i + 2], 16) * (1 - alpha)
             for i in (0, 2, 4))
    return "".join(f"{round(v):02X}" for v in mixed)


class Backdrop:
    """A layout's background and graphics (its master's too, unless the
    layout hides them), and the template's text colours."""

    def __init__(self, layout, width: int, height: int):
        master = layout.slide_master
        self.theme = Theme(master)
        self.size = (width, height)
        self.bg: list[tuple[str, str]] = []
        self.bg_picture = b""
        for owner in (layout, master):
            bg = owner.element.find(f"{P}cSld/{P}bg")
            if bg is None:
                continue
            pr, ref = bg.find(f"{P}bgPr"), bg.find(f"{P}bgRef")
            if pr is not None:
                blip = pr.find(f"{A}blipFill/{A}blip")
                if blip is not None and blip.get(f"{R}embed"):
                    try:
                        self.bg_picture = owner.part.related_part(blip.get(f"{R}embed")).blob
                    except KeyError:  # a picture it does not hold: assume the worst
                        self.bg = [("000000", "background"), ("FFFFFF", "background")]
                else:
                    self.bg = [(c, "background") for c in self.theme.fill(pr) or []]
            elif ref is not None and len(ref):
                self.bg = [(c, "background") for c in [self.theme.colour(ref[0])] if c]
            break
        if not self.bg and not self.bg_picture:
            self.bg = [(self.theme.slot("bg1"), "background")]
        shown = layout.element.get("showMasterSp", "1") not in ("0", "false")
        self.graphics = [*(_graphics(master, self.theme) if shown else []),
                         *_graphics(layout, self.theme)]

    def obstacles(self, area: EMU_BOX) -> list[EMU_BOX]:
        """The graphics' boxes that cover part, not all, of ``area``."""
        return [g.box for g in self.graphics if _overlap(g.box, area) and not _covers(g.box, area)]

    def free_part(self, area: EMU_BOX) -> EMU_BOX:
        """The largest part of ``area`` clear of the graphics that cover part
        of it; ``area`` whole when they leave less than :data:`MIN_FREE_SHARE`."""
        free = largest_free(area, self.obstacles(area))
        if free is None or free[2] * free[3] < MIN_FREE_SHARE * area[2] * area[3]:
            return area
        return free

    def ground(self, area: EMU_BOX, own: str, inherited: bool) -> Ground:
        """What lies under ``area``: the background, and each graphic over it."""
        shades: list[tuple[str, str]] = []
        if self.bg_picture:
            shades = [(c, "background picture") for c in
                      picture_shades(self.bg_picture, self._crop(area, (0, 0, *self.size)))]
        else:
            shades = list(self.bg)
        for g in self.graphics:
            if not _overlap(g.box, area):
                continue
            mine = list(g.shades) if not g.picture else [
                (c, "picture") for c in picture_shades(g.picture, self._crop(area, g.box))]
            if g.alpha < 1:  # see-through: over each colour under it
                mine = [(_blend(c, under, g.alpha), what) for c, what in mine
                        for under, _ in shades or [("FFFFFF", "")]]
            shades = mine if _covers(g.box, area) and not g.picture else shades + mine
        shades = list(dict.fromkeys(shades))
        return Ground(tuple(shades), own, inherited, self.theme.slot("tx1"),
                      self.theme.slot("bg1"), crowded=bool(self.obstacles(area)))

    @staticmethod
    def _crop(area: EMU_BOX, box: EMU_BOX) -> tuple[float, float, float, float]:
        """``area`` within ``box`` as shares of ``box``'s size."""
        left = max(area[0], box[0]) - box[0]
        top = max(area[1], box[1]) - box[1]
        right = min(area[0] + area[2], box[0] + box[2]) - box[0]
        bottom = min(area[1] + area[3], box[1] + box[3]) - box[1]
        return left / box[2], top / box[3], right / box[2], bottom / box[3]

    def text_colour(self, layout, ph) -> tuple[str, bool]:
        """The colour the template gives text in placeholder ``ph`` of
        ``layout``, and whether a slide inherits it (from a list style or the
        master's text styles) rather than from the template's sample text
        (LibreOffice keeps it there, and applies it)."""
        kind = ph.placeholder_format.type if ph is not None else 1
        style = "titleStyle" if kind in (1, 3) else "bodyStyle"
        master = layout.slide_master
        same = [p for p in master.placeholders if p.placeholder_format.type == kind] \
            or [p for p in master.placeholders
                if (p.placeholder_format.type in (1, 3)) == (kind in (1, 3))
                and p.placeholder_format.type not in (13, 15, 16)]
        chain = [*([ph.element] if ph is not None else []), *(p.element for p in same[:1])]
        for el in chain:
            for path in (f"{P}txBody/{A}lstStyle/{A}lvl1pPr/{A}defRPr",):
                found = el.find(path)
                if found is not None and (c := self.theme.fill(found)):
                    return c[0], True
        styles = master.element.find(f"{P}txStyles/{P}{style}/{A}lvl1pPr/{A}defRPr")
        if styles is not None and (c := self.theme.fill(styles)):
            return c[0], True
        for el in chain:
            for rpr in (*el.iter(f"{A}rPr"), *el.iter(f"{A}endParaRPr")):
                if c := self.theme.fill(rpr):
                    return c[0], False
        return self.theme.slot("tx1"), True


def _overlap(a: EMU_BOX, b: EMU_BOX) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _covers(a: EMU_BOX, b: EMU_BOX) -> bool:
    """Whether ``a`` covers all of ``b``."""
    return a[0] <= b[0] and a[1] <= b[1] and a[0] + a[2] >= b[0] + b[2] \
        and a[1] + a[3] >= b[1] + b[3]


def largest_free(area: EMU_BOX, obstacles: list[EMU_BOX]) -> EMU_BOX | None:
    """The largest rectangle inside ``area`` that overlaps none of
    ``obstacles`` (its edges on the area's or the obstacles' edges), ties
    going to the higher, then the further left; ``None`` if none."""
    left, top, right, bottom = area[0], area[1], area[0] + area[2], area[1] + area[3]
    if not obstacles:
        return area
    ys = sorted({top, bottom, *(min(bottom, max(top, v)) for o in obstacles
                                for v in (o[1], o[1] + o[3]))})
    best, best_key = None, None
    for i, y0 in enumerate(ys):
        for y1 in ys[i + 1:]:
            blocked = sorted((max(left, o[0]), min(right, o[0] + o[2])) for o in obstacles
                             if o[1] < y1 and y0 < o[1] + o[3] and o[0] < right
                             and left < o[0] + o[2])
            x = left
            for b0, b1 in [*blocked, (right, right)]:
                if b0 > x:
                    key = ((b0 - x) * (y1 - y0), -y0, -x)
                    if best_key is None or key > best_key:
                        best, best_key = (x, y0, b0 - x, y1 - y0), key
                x = max(x, b1)
    return best

