"""What `handouts check` reports."""
from __future__ import annotations

from pathlib import Path

from .errors import HandoutsError


def check_report(content_path: Path, brand_path: Path) -> tuple[str, bool]:
    """Validate both files; return the report text and whether all is well.

    Problems in either file are listed, not raised, so one run shows both.
    """
    from .brand import load_brand
    from .colour import contrast_ratio
    from .content import content_warnings, load_content

    out: list[str] = []
    ok = True
    try:
        content = load_content(content_path)
    except HandoutsError as exc:
        ok = False
        out += [f"Content: {content_path}", exc.format_message()]
    else:
        m = content.meta
        out.append(f"Content: {content_path}")
        out.append(f"  {m.title} (edition {m.edition})")
        out.append(f"  review: {m.review_status}")
        if m.reviewed_on or m.next_review:
            out.append(f"  reviewed on {m.reviewed_on or '-'}; next review {m.next_review or '-'}")
        out.append(f"  {len(content.conditions)} conditions: {', '.join(content.slugs)}")
        out.append(f"  {len(content.faq)} FAQ entries")
        for w in content_warnings(content):
            out.append(f"  warning: {w}")
    try:
        brand = load_brand(brand_path)
    except HandoutsError as exc:
        ok = False
        out += [f"Brand: {brand_path}", exc.format_message()]
    else:
        c = brand.colors
        out.append(f"Brand: {brand_path}")
        out.append(f"  {brand.clinic.name}; phone {brand.contact.phone}; paper {brand.paper}")
        out.append(f"  logo {brand.logo.name}; font {brand.font_family}")
        out.append(f"  contrast: text {contrast_ratio(c.text, c.background):.1f}:1, "
                   f"headings {contrast_ratio(c.primary, c.background):.1f}:1")
    out.append("OK" if ok else "Problems found.")
    return "\n".join(out), ok
