"""What the server's requests share (:class:`Desk`): the build folder's
listing, read again when the manifest changes (as after a new build); the
addresses it answers to; the print form's token; the print log. And the
smaller pieces of an answer: its headers' policy, the printer's call."""
from __future__ import annotations

import ipaddress
import secrets
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .listing import BadManifest, Listing, load_listing, manifest_stamp

LP_OPTIONS = ("-o", "sides=two-sided-long-edge")
LP_TIMEOUT = 60


@dataclass
class Answer:
    """A response: status, body and headers."""

    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


class Desk:
    """What every request shares: the build folder's listing (read again
    when the manifest changes, as after a new build), the options, the
    print form's token, the log."""

    def __init__(self, root: Path, listing: Listing, allow_drafts: bool, log: Path):
        self.root = root
        self._listing = listing
        self._lock = threading.Lock()
        self.allow_drafts = allow_drafts
        self.log = log
        self.token = secrets.token_urlsafe(32)
        self.hosts: frozenset[str] = frozenset()
        self.any_ip_port: int | None = None

    @property
    def current(self) -> Listing:
        """The listing as last read (no look at the manifest)."""
        return self._listing

    def listing(self) -> Listing:
        stamp = manifest_stamp(self.root)
        if stamp is not None and stamp != self._listing.stamp:
            with self._lock:
                if stamp != self._listing.stamp:
                    try:
                        self._listing = load_listing(self.root)
                    except BadManifest as exc:
                        say_line(f"not reloaded: {exc}", err=True)
        return self._listing

    def accept_hosts(self, host: str, port: int) -> None:
        """The Host headers this server answers to: its own address and
        port (and localhost's name when it listens on the loopback); when it
        listens on every address, any IP address with its port, and this
        computer's name."""
        names = {host.lower()}
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            ip = None
        if ip is not None and ip.version == 6:
            names = {f"[{ip.compressed}]"}
        if ip is not None and ip.is_loopback:
            names.add("localhost")
        if ip is not None and ip.is_unspecified:
            self.any_ip_port = port
            names = {"localhost", socket.gethostname().lower()}
        with_port = {f"{n}:{port}" for n in names}
        if port == 80:
            with_port |= names
        self.hosts = frozenset(with_port)

    def host_ok(self, value: str | None) -> bool:
        if not value:
            return False
        value = value.strip().lower()
        if value in self.hosts:
            return True
        if self.any_ip_port is not None:
            name, _, port = value.rpartition(":")
            if port == str(self.any_ip_port):
                try:
                    ipaddress.ip_address(name.strip("[]"))
                    return True
                except ValueError:
                    return False
        return False


def say_line(text: str, err: bool = False) -> None:
    """One line on the server's window (standard output, or error)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def run_lp(lp: str, copies: int, path: str) -> tuple[bool, str]:
    """``lp -n COPIES -o sides=two-sided-long-edge PATH``: whether it took
    the job, and the first line it said (or why it did not take it)."""
    try:
        done = subprocess.run([lp, "-n", str(copies), *LP_OPTIONS, path],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=LP_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    said = _first_line(done.stdout)
    if done.returncode != 0:
        return False, _first_line(done.stderr) or said or f"lp exit status {done.returncode}"
    return True, said


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return " ".join(text.splitlines()[0].split()) if text else ""


def csp(script_hashes: list[str]) -> str:
    scripts = " ".join(script_hashes) if script_hashes else "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")


def url_of(host: str, port: int) -> str:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{port}/"
    if ip.is_unspecified:
        return f"http://{socket.gethostname()}:{port}/"
    return f"http://[{ip.compressed}]:{port}/" if ip.version == 6 else f"http://{host}:{port}/"
