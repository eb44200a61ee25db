"""``handouts serve``: a local web server over a build folder for the desk
computer (find, preview and print a handout), and the print log that
``handouts prints`` sums.

Only the files a build's manifest lists are served, each checked against the
manifest's fingerprint (sha256) before it is sent or printed. The modules:
``listing`` (what may be served: the manifest, request paths), ``pages``
(the staff page with its print forms, the result pages), ``log`` (the print
log, written and summed), ``server`` (the HTTP server and the printing).
"""
