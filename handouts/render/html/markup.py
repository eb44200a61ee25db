"""Writing HTML safely: every text from the inputs escaped, every attribute
quoted, and links only to ``tel:``, ``mailto:`` and ``https:`` addresses
built here from the brand's validated contact fields (anything else prints
as text, unlinked)."""
from __future__ import annotations

import html
from urllib.parse import quote

from ...inputs.values import https_uri, mailto_uri, primary_language, tel_uri
from ..typeset import tie
from ..wording import SOURCE_LANGUAGE, catalogue, language, say


def esc(text: str) -> str:
    """``text`` as HTML text or a quoted attribute's value: ``&``, ``<``,
    ``>``, ``"`` and ``'`` written as references."""
    return html.escape(text, quote=True)


def typeset(text: str) -> str:
    """Running text as HTML text (:func:`esc`), with the print rules'
    no-break spaces (:func:`..typeset.tie`): on a phone's narrow screen too,
    "12 weeks" and "4 de diciembre de 2027" never break, nor "EE. UU.". A
    last word alone is the stylesheet's to prevent (``text-wrap: pretty``):
    a no-break space before it would make a pair that, wider than a phone's
    screen, breaks inside a word ("Cysti / tis")."""
    return esc(tie(text, last_word=False))


def element(name: str, inner: str = "", **attributes: str | None) -> str:
    """``<name attributes>inner</name>``; ``inner`` is HTML already. An
    attribute whose value is ``None`` is left out; ``class_`` is ``class``;
    values are escaped."""
    return f"<{name}{attrs(**attributes)}>{inner}</{name}>"


def attrs(**attributes: str | None) -> str:
    """Attributes in the order given, escaped (``class_`` is ``class``,
    ``aria_label`` is ``aria-label``); ``None`` values left out."""
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{esc(value)}"'
                   for name, value in attributes.items() if value is not None)


class Voice:
    """Which language a passage is in, when it is not the page's: a
    ``lang`` attribute's value, or ``None``."""

    def __init__(self, page_language: str):
        self.page = page_language

    def of(self, passage_language: str | None) -> str | None:
        """``passage_language`` when its primary language is not the page's."""
        if not passage_language:
            return None
        return None if primary_language(passage_language) == primary_language(self.page) \
            else passage_language

    def of_wording(self, key: str) -> str | None:
        """The language :func:`say` gives ``key`` in, when not the page's:
        English for a message the page's catalogue lacks or has not
        translated (it falls back to the English source)."""
        cat = catalogue(language())
        if primary_language(cat.language) == primary_language(self.page) \
                and key in cat.messages and key not in cat.missing:
            return None
        return self.of(SOURCE_LANGUAGE)

    def said(self, name: str, key: str, class_: str | None = None, **values: object) -> str:
        """Element ``name`` holding the wording for ``key``, marked with its
        language when the catalogue fell back to English."""
        return element(name, typeset(say(key, **values)), class_=class_, lang=self.of_wording(key))


# -- links ---------------------------------------------------------------------
# Every renderer builds its links from the same functions, in inputs/values.py,
# from the fields as the brand file's types accept them.

def phone_href(phone: str) -> str | None:
    """``tel:`` and exactly the number's digits (a leading ``+`` kept, an
    extension as ``;ext=``), or ``None`` when it is not a phone number."""
    return tel_uri(phone)


def email_href(email: str) -> str | None:
    """``mailto:`` and the address, or ``None`` for anything that is not a
    plain address (no query, no second recipient)."""
    if mailto_uri(email) is None:
        return None
    return "mailto:" + quote(email, safe="@!$'*+=^_`{|}~.-")


def website_href(site: str) -> str | None:
    """The ``https:`` address of a website written as ``example.org/page``
    or ``http(s)://...`` (an ``http:`` one is asked for over HTTPS), or
    ``None`` for anything whose host is not a plain host name."""
    return https_uri(site)


def link(href: str | None, text_html: str) -> str:
    """``text_html`` as a link to ``href`` (text alone when there is no
    address to link)."""
    if href is None:
        return text_html
    if not href.startswith(("tel:", "mailto:", "https://")):
        raise ValueError(f"not a link this page may carry: {href[:40]}")
    return element("a", text_html, href=href)
