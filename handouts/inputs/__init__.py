"""Stage 1: inputs. Files are read, decoded and validated here, once, into
frozen objects: the content (:mod:`.model`), the brand, the layouts, the
sites and a presenter's deck options. Every problem is reported with its
file, line and key (:class:`~handouts.errors.InvalidInput`); nothing past
this stage reads a user's file."""
