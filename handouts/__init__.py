"""handouts: patient handouts and seminar decks about ketamine for chronic pain."""

__version__ = "0.1.0"

# The cycle collector's thresholds for a command and its build workers. A
# command makes a few hundred thousand lasting objects as it imports and
# reads its inputs, and a handout millions of short-lived ones with little
# cyclic garbage: collecting every 700 allocations (Python's default) cost
# 2 % of a command's start and 4 % of a build.
GC_THRESHOLDS = (20_000, 50, 100)
