"""A clinic's own project folder: its configuration (``handouts.toml``),
how commands find it, how ``handouts init`` makes one, and what a newer
release's bundled edition changed."""
