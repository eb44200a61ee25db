"""The desk computer's server: the standard library's
``http.server.ThreadingHTTPServer`` over a build folder (it starts in about
0.1 s with the command; docs/serving.md gives the measurements).

What it answers:

- ``GET``/``HEAD`` of a file the manifest lists (``files``, ``pages``,
  ``assets``, ``fhir``), only while its bytes match the manifest's sha256;
  ``/`` is the staff page, served (like every staff page) with a print form
  in each PDF's entry;
- ``POST /print``: sends one PDF to the system's printer with ``lp``, and
  logs it.

Everything else is refused: other paths (404, no folder listings), paths
with ``..``, encoded slashes, dots or percent signs, backslashes or NUL
(400), other methods (405), a ``Host`` that is not the server's own (421:
a page on another site that resolves its name to this computer cannot read
from it), and a print whose form did not come from this server (403: a
per-process token, and the Origin or Referer when the browser sends one).
"""
from __future__ import annotations

import datetime as dt
import hmac
import shutil
import socket
import socketserver
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..render.wording import say, say_n, speaking
from . import log as printlog
from .desk import Answer, Desk, csp, run_lp, say_line, url_of
from .listing import BadManifest, BadPath, load_listing, read_verified, request_path
from .pages import message_page, staff_page

FORM_LIMIT = 8192


class Handler(BaseHTTPRequestHandler):
    """One request. Only GET, HEAD and the print form's POST are answered."""

    server_version = "handouts"
    sys_version = ""
    protocol_version = "HTTP/1.0"
    timeout = 20  # a client that stops sending is dropped
    desk: Desk  # set on the class the server makes

    def version_string(self) -> str:
        return self.server_version

    # -- the request loop ---------------------------------------------------------------
    def handle_one_request(self) -> None:
        self.body_read = False
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline, self.request_version, self.command = "", "", ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            try:
                answer = self.answer()
            except Exception:  # noqa: BLE001 - one request's bug is not the server's end
                traceback.print_exc()
                answer = self.message(500, "serve.refused_title", "serve.broken", alert=True)
            self._drain()
            self.send(answer)
            self.wfile.flush()
        except (TimeoutError, socket.timeout) as exc:
            self.log_error("Request timed out: %r", exc)
            self.close_connection = True

    def _drain(self) -> None:
        """Read a small body the answer did not need (a refused PUT's), so
        that closing the connection does not reset it before the client has
        read the answer."""
        if self.body_read:
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return
        if 0 < length <= FORM_LIMIT:
            self.rfile.read(length)

    def send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "same-origin")
        headers = dict(answer.headers)
        if answer.content_type.startswith("text/html") and "Content-Security-Policy" not in headers:
            headers["Content-Security-Policy"] = csp([])
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    # -- routing --------------------------------------------------------------------------
    def answer(self) -> Answer:
        if not self.desk.host_ok(self.headers.get("Host")):
            return self.message(421, "serve.refused_title", "serve.wrong_host")
        if self.command not in ("GET", "HEAD", "POST"):
            return self.message(405, "serve.refused_title", "serve.wrong_method",
                                headers=(("Allow", "GET, HEAD, POST"),))
        try:
            path = request_path(self.path)
        except BadPath:
            return self.message(400, "serve.refused_title", "serve.bad_path")
        if path == "print":
            if self.command != "POST":
                return self.message(405, "serve.refused_title", "serve.wrong_method",
                                    headers=(("Allow", "POST"),))
            return self.print_form()
        if self.command == "POST":
            return self.message(405, "serve.refused_title", "serve.wrong_method",
                                headers=(("Allow", "GET, HEAD"),))
        listing = self.desk.listing()
        if path == "" and listing.pages:
            path = listing.pages[0]
        listed = listing.files.get(path)
        if listed is None:
            return self.message(404, "serve.not_found_title", "serve.not_found")
        data = read_verified(listing, listed)
        if data is None:
            return self.message(409, "serve.not_served_title", "serve.changed_file",
                                alert=True)
        headers = []
        if listed.group == "pages" and path in listing.pages:
            data, hashes = staff_page(data, path, listing, self.desk.token,
                                      self.desk.allow_drafts, shutil.which("lp") is not None)
            headers.append(("Content-Security-Policy", csp(hashes)))
        elif not listed.content_type.startswith("text/html"):
            name = urllib.parse.quote(listed.path.rsplit("/", 1)[-1])
            how = "inline" if listed.path.endswith(".pdf") else "attachment"
            headers.append(("Content-Disposition", f"{how}; filename*=UTF-8''{name}"))
        return Answer(200, data, listed.content_type, tuple(headers))

    def message(self, status: int, title_key: str, message_key: str, *, page: str | None = None,
                detail: str = "", alert: bool = False, headers=(), **values) -> Answer:
        listing = self.desk.current
        back = page if page is not None else (listing.pages[0] if listing.pages else None)
        language = listing.page_language(back) if back else "en-US"
        with speaking(language):
            text = say(message_key, **values)
        body = message_page(language, title_key, text, back, detail, alert)
        return Answer(status, body, headers=tuple(headers))

    # -- printing -------------------------------------------------------------------------
    def _same_origin(self) -> bool:
        expected = f"http://{self.headers.get('Host', '').strip()}"
        origin = self.headers.get("Origin")
        if origin is not None:
            return origin.strip().lower() == expected.lower()
        referer = self.headers.get("Referer")
        if referer is not None:
            referer = referer.strip()
            return referer.lower() == expected.lower() or \
                referer.lower().startswith(expected.lower() + "/")
        return True  # neither sent: the token alone decides

    def _form(self) -> dict[str, str] | None:
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return None
        if kind != "application/x-www-form-urlencoded" or not 0 <= length <= FORM_LIMIT:
            return None
        body = self.rfile.read(length)
        self.body_read = True
        try:
            pairs = urllib.parse.parse_qsl(body.decode("ascii"), keep_blank_values=True,
                                           strict_parsing=True, max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            return None
        form: dict[str, str] = {}
        for key, value in pairs:
            if key in form:
                return None
            form[key] = value
        return form

    def print_form(self) -> Answer:
        desk = self.desk
        listing = desk.listing()
        form = self._form()
        if form is None:
            return self.message(400, "serve.not_printed_title", "serve.bad_form", alert=True)
        page = form.get("page", "")
        page = page if page in listing.pages else (listing.pages[0] if listing.pages else None)
        if not (hmac.compare_digest(form.get("token", ""), desk.token) and self._same_origin()):
            return self.message(403, "serve.not_printed_title", "serve.stale", page=page,
                                alert=True)
        listed = listing.files.get(form.get("file", ""))
        if listed is None or not listed.printable:
            return self.message(404, "serve.not_printed_title", "serve.no_such_handout",
                                page=page, alert=True)
        name = listed.path.rsplit("/", 1)[-1]
        copies = form.get("copies", "").strip()
        if not printlog.count_of(copies):
            return self.message(400, "serve.not_printed_title", "serve.copies_range", page=page,
                                alert=True, most=printlog.MAX_COPIES)
        copies_n = int(copies)
        if listed.review != "approved" and not desk.allow_drafts:
            language = listing.page_language(page) if page else "en-US"
            with speaking(language):
                state = say(f"staff.state.{listed.review}") \
                    if listed.review in ("draft", "changed", "overdue") else listed.review
            return self.message(403, "serve.not_printed_title", "serve.refused", page=page,
                                alert=True, file=name, state=state)
        lp = shutil.which("lp")
        if lp is None:
            return self.message(503, "serve.not_printed_title", "serve.no_lp", page=page,
                                alert=True)
        if read_verified(listing, listed) is None:
            return self.message(409, "serve.not_printed_title", "serve.changed", page=page,
                                alert=True, file=name)
        target = str(listing.root.resolve() / listed.path)
        took, said = run_lp(lp, copies_n, target)
        if not took:
            return self.message(502, "serve.not_printed_title", "serve.lp_failed", page=page,
                                alert=True, message=said)
        when = dt.datetime.now().astimezone()
        say_line(f"{when.isoformat(timespec='seconds')} printed {copies_n} x {listed.path}"
                 + (f" ({said})" if said else ""))
        language = listing.page_language(page) if page else "en-US"
        with speaking(language):
            detail = say("serve.printer_said", message=said) if said else ""
            done_text = say_n("serve.printed", copies_n, file=name)
        try:
            printlog.append_print(desk.log, listed.path, listed.fingerprint,
                                  str(listed.row.get("language", "")),
                                  str(listed.row.get("layout", "")), copies_n, when)
        except OSError as exc:
            say_line(f"the print log {desk.log} could not be written: {exc}", err=True)
            with speaking(language):
                detail = say("serve.not_logged", message=exc.strerror or str(exc))
            return Answer(500, message_page(language, "serve.printed_title", done_text,
                                            page, detail, alert=True))
        return Answer(200, message_page(language, "serve.printed_title", done_text, page,
                                        detail))


class DeskServer(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self) -> None:
        # http.server's own looks the address up in DNS (socket.getfqdn),
        # which can take seconds on a computer with no network.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), port


class DeskServer6(DeskServer):
    address_family = socket.AF_INET6


def make_server(root: Path, host: str, port: int, allow_drafts: bool, log: Path):
    """A server listening on ``host``:``port`` over the build folder
    ``root`` (not yet serving); raises :class:`BadManifest` or ``OSError``."""
    listing = load_listing(root)
    desk = Desk(root, listing, allow_drafts, log)
    handler = type("DeskHandler", (Handler,), {"desk": desk})
    family = DeskServer6 if ":" in host else DeskServer
    server = family((host, port), handler)
    desk.accept_hosts(host, server.server_address[1])
    return server, desk


def run(root: Path, host: str, port: int, allow_drafts: bool, log: Path) -> None:
    """``handouts serve``: serve ``root`` until Ctrl-C."""
    from ..errors import HandoutsError

    try:
        server, _ = make_server(root, host, port, allow_drafts, log)
    except BadManifest as exc:
        raise HandoutsError(str(exc)) from None
    except OSError as exc:
        raise HandoutsError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    real_port = server.server_address[1]
    say_line(f"Serving {root} at {url_of(host, real_port)} (Ctrl-C stops)")
    say_line(f"Prints are logged in {log}")
    if allow_drafts:
        say_line("Drafts and handouts not approved may be printed (--allow-drafts).")
    if shutil.which("lp") is None:
        with speaking("en-US"):
            say_line(say("serve.no_lp") + ": printing is off until one is.")
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        say_line("Stopped.")
    finally:
        server.server_close()
