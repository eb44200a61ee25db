"""Seminar decks as PowerPoint: :func:`render_deck`.

``outline`` plans the slides; ``fit`` measures text and splits it into
slides that fit; ``geometry`` places boxes; ``compose`` lays out each
slide's shapes; ``xml`` is the only module that spells XML; ``package``
allocates part names and relationship ids and writes the zip; ``template``
makes the skeleton (masters, layouts, notes master) with python-pptx once
per process.
"""
from .deck import render_deck

__all__ = ["render_deck"]
