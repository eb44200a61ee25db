"""A bounded memory for what a renderer works out once and meets again."""
from __future__ import annotations


class Memo(dict):
    """A dict that empties itself when it holds ``limit`` entries and one
    more is put in: memory stays bounded over a build of any size, and what
    the current site's files need is remembered again at once."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def put(self, key, value):
        """Remember ``value`` under ``key`` (emptying first if full); returns ``value``."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
