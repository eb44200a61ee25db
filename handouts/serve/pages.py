"""The pages the server shows: the build's staff page with a print form added
to each PDF's entry, and the short page that answers a print (or a refusal).

The staff page is the build's own file (checked against the manifest); the
forms are added where each entry ends, so the page keeps its words, its
search and its accessibility. Every word added comes from the catalogues.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re

from ..render.wording import say, speaking
from .listing import Listing

_ENTRY = re.compile(r'(<li class="entry"[^>]*>)(.*?)(</li>)', re.S)
_HREF = re.compile(r'<a href="([^"]+)">')
_HIDDEN = re.compile(r'<span class="vh">: (.*?)</span>', re.S)
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

STYLE = """\
<style>
form.print { margin: .4rem 0; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
form.print input { font: inherit; width: 4.5rem; padding: .3rem; border: 2px solid currentColor;
  color: inherit; background: transparent; }
form.print button { font: inherit; font-weight: bold; min-height: 2.75rem; padding: .3rem 1.2rem;
  border: 2px solid currentColor; border-radius: .3rem; color: inherit; background: transparent;
  cursor: pointer; }
form.print button:focus, form.print input:focus { outline: 3px solid currentColor;
  outline-offset: 2px; }
.noprint, .printer { font-weight: bold; }
</style>
"""


def _form(index: int, path: str, page: str, token: str, what: str) -> str:
    hidden = f'<span class="vh">: {what}</span>' if what else ""
    return (f'<form class="print" method="post" action="/print">\n'
            f'<input type="hidden" name="token" value="{html.escape(token)}">\n'
            f'<input type="hidden" name="file" value="{html.escape(path)}">\n'
            f'<input type="hidden" name="page" value="{html.escape(page)}">\n'
            f'<label for="copies-{index}">{html.escape(say("serve.copies"))}{hidden}</label>\n'
            f'<input id="copies-{index}" name="copies" type="number" min="1" max="50" '
            f'value="1" required>\n'
            f'<button type="submit">{html.escape(say("serve.print"))}{hidden}</button>\n'
            f'</form>\n')


def staff_page(data: bytes, page: str, listing: Listing, token: str, allow_drafts: bool,
               printer: bool) -> tuple[bytes, list[str]]:
    """The staff page ``data`` (the build's ``page``) with a print form in each
    PDF's entry (or, for one that may not be printed, why not), and a line
    on printing under the heading (or, with no ``printer``, that there is no
    printer system: the forms stay, and say so again when used); and the
    hashes of its scripts, for the Content-Security-Policy."""
    text = data.decode("utf-8")
    language = listing.page_language(page)
    counter = iter(range(1, 1_000_000))

    def entry(match: re.Match) -> str:
        start, inner, end = match.groups()
        found = (listing.files.get(html.unescape(h)) for h in _HREF.findall(inner))
        listed = next((f for f in found if f is not None and f.printable), None)
        if listed is None:
            return match[0]
        hidden = _HIDDEN.search(inner)
        what = hidden[1] if hidden else ""
        if listed.review != "approved" and not allow_drafts:
            added = f'<p class="noprint">{html.escape(say("serve.print_off"))}</p>\n'
        else:
            added = _form(next(counter), listed.path, page, token, what)
        return f"{start}{inner}{added}{end}"

    with speaking(language):
        text = _ENTRY.sub(entry, text)
        if printer:
            note = say("serve.intro_drafts" if allow_drafts else "serve.intro")
        else:
            note = say("serve.no_lp")
        text = text.replace("</header>", f'<p class="printer">{html.escape(note)}</p>\n'
                                         "</header>", 1)
        text = text.replace("</head>", STYLE + "</head>", 1)
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
              + "'" for s in _SCRIPT.findall(text)]
    return text.encode("utf-8"), hashes


RESULT_STYLE = """\
html { font-family: "Atkinson Hyperlegible", Verdana, Arial, sans-serif; font-size: 112.5%;
  line-height: 1.5; color: #1A1A1A; background: #FFFFFF; }
body { margin: 0 auto; padding: 1rem; max-width: 40rem; overflow-wrap: anywhere; }
a { color: #0B4F8A; }
a:focus { outline: 3px solid #1A1A1A; outline-offset: 2px; }
"""


def message_page(language: str, title_key: str, message: str, back: str | None,
                 detail: str = "", alert: bool = False) -> bytes:
    """A short page: a heading, ``message`` as a status (or an alert), an
    optional ``detail``, and a link back to the staff page ``back``."""
    with speaking(language):
        title = say(title_key)
        role = "alert" if alert else "status"
        more = f"<p>{html.escape(detail)}</p>\n" if detail else ""
        link = (f'<p><a href="/{html.escape(back)}">{html.escape(say("serve.back"))}</a></p>\n'
                if back is not None else "")
        page = (f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n'
                f'<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f'<title>{html.escape(title)}</title>\n<style>\n{RESULT_STYLE}</style>\n'
                f'</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n'
                f'<p role="{role}">{html.escape(message)}</p>\n{more}{link}</main>\n'
                f'</body>\n</html>\n')
    return page.encode("utf-8")
