"""XML escaping for both renderers, as ``xml.sax.saxutils`` does it.

``xml.sax.saxutils`` imports ``urllib.request`` (and with it ``http.client``
and ``ssl``) when it is imported: about 15 ms of the start of every process
that makes handouts, for three string replacements. (python-pptx imports
it anyway, so a process making decks gains nothing.)
"""
from __future__ import annotations


def escape(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` written as entities (what
    ``xml.sax.saxutils.escape`` returns)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """``text`` as a quoted XML attribute value, line breaks and tabs as
    character references, in double quotes unless it holds only double
    quotes (what ``xml.sax.saxutils.quoteattr`` returns)."""
    data = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))
