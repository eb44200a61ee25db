"""handouts: patient handouts and seminar decks about ketamine for chronic pain."""

__version__ = "0.1.0"
