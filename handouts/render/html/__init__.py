"""Handouts as web pages (the web edition): :func:`render_web`, and the
files a folder of pages needs beside them, :func:`web_assets`.

One self-contained HTML page per handout, with the same words as its PDF
(:mod:`handouts.render.pdf`), read without JavaScript, reflowing on any
screen. ``story`` builds the main text in the PDF's reading order; ``page``
the head, header and footer; ``style`` the stylesheet, its colours checked
for contrast, and the font files; ``pictures`` the pictograms, QR code and
logo inside the page; ``markup`` escapes text and builds the only links a
page may carry.
"""
from .page import render_web
from .style import web_assets

__all__ = ["render_web", "web_assets"]
