"""Signed approvals: SSH signatures, as git makes them. ``ssh-keygen -Y sign
-n handouts-approval`` over :func:`payload` (the approval record and its
fingerprints, as canonical JSON); ``ssh-keygen -Y verify`` against the
project's ``allowed_signers`` file (ssh-keygen's ALLOWED SIGNERS format),
which ``handouts.toml`` may name, and whose ``require_signatures`` says
whether an unsigned approval counts (:func:`policy_for`)."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutsError
from .review import Review

NAMESPACE = "handouts-approval"
ALLOWED_SIGNERS = "allowed_signers"
NO_SSH_KEYGEN = ("ssh-keygen not found: signed approvals need OpenSSH's ssh-keygen (Debian and "
                 "Ubuntu: apt-get install openssh-client; macOS and Windows 10+ have it)")


# --- The project's signing policy -------------------------------------------

@dataclass(frozen=True)
class Policy:
    """What the project of a file asks of its approvals' signatures."""

    config: Path | None = None  # its handouts.toml
    allowed_signers: Path | None = None
    required: bool = False


def policy_for(path: Path | str) -> Policy:
    """The signing policy of the project the file at ``path`` lies in (the
    nearest ``handouts.toml`` at or above its folder): ``allowed_signers``
    (a path relative to ``handouts.toml``; default ``allowed_signers`` beside
    it) and ``require_signatures`` (default false). A value of the wrong type
    counts as requiring signatures (`check` reports it as a problem of
    ``handouts.toml``)."""
    from ..project.config import _toml, find_config

    try:
        config = find_config(Path(path).resolve().parent)
    except OSError:
        config = None
    if config is None:
        return Policy()
    try:
        data = _toml(config.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        data = {}
    name = data.get("allowed_signers", ALLOWED_SIGNERS)
    inside = isinstance(name, str) and name.strip() and not Path(name).is_absolute() \
        and ".." not in Path(name).parts
    allowed = config.parent / name if inside else None
    required = data.get("require_signatures", False)
    return Policy(config, allowed, required is not False)


# --- Signing and verifying --------------------------------------------------

def payload(kind: str, review: Review) -> bytes:
    """The bytes a signature covers: the kind of file (``content`` or
    ``clinic``), who approved it, when, the next review, who signs, and every
    fingerprint (the record's own included), as canonical JSON."""
    return json.dumps({"handouts-approval": 1, "kind": kind, "approved_by": review.approved_by,
                       "approved_on": str(review.approved_on),
                       "next_review": str(review.next_review), "signed_by": review.signed_by,
                       "fingerprints": dict(review.fingerprints)},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise HandoutsError(NO_SSH_KEYGEN)
    return found


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([ssh_keygen(), *args], input=data, capture_output=True,
                          timeout=120, stdin=None if data is not None else subprocess.DEVNULL)


def _split(line: str) -> list[str]:
    """Fields of an allowed_signers line: blanks separate them, except in
    double quotes (an option such as ``namespaces="a,b"``)."""
    out, cur, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch.isspace() and not quoted:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + ([cur] if cur else [])


def _key_type(field_: str) -> bool:
    return field_.startswith(("ssh-", "ecdsa-", "sk-", "rsa-"))


def principal_of(public_key: str, allowed: Path) -> str | None:
    """The first principal ``allowed`` (an allowed_signers file) lists for
    ``public_key`` (``TYPE BASE64 [comment]``), or ``None``."""
    want = public_key.split()[:2]
    for line in allowed.read_text(encoding="utf-8").splitlines():
        fields = _split(line.strip())
        if not fields or fields[0].startswith("#"):
            continue
        rest = fields[1:] if len(fields) > 1 and _key_type(fields[1]) else fields[2:]
        if rest[:2] == want:
            return fields[0].split(",")[0]
    return None


def public_key_of(keyfile: Path) -> str:
    """The public key of ``keyfile`` (a private key, whose ``.pub`` is read
    when it lies beside it; or a public key, whose private key an agent
    holds, as git's ``user.signingkey`` may be)."""
    keyfile = Path(keyfile)
    if not keyfile.is_file():
        raise HandoutsError(f"--sign {keyfile}: no such key file")
    for candidate in (keyfile, Path(f"{keyfile}.pub")):
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8", errors="replace").strip()
            if _key_type(text.split(" ", 1)[0]) and len(text.split()) >= 2:
                return text
    done = _run(["-y", "-f", str(keyfile)])
    if done.returncode != 0:
        raise HandoutsError(f"--sign {keyfile}: not an SSH key ssh-keygen can read: "
                            f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode().strip()


def signer_for(keyfile: Path, policy: Policy) -> str:
    """The principal ``policy``'s allowed_signers lists for ``keyfile``;
    refused with a message when there is no such file, or the key is not in it."""
    allowed = policy.allowed_signers
    if policy.config is None or allowed is None:
        raise HandoutsError("--sign: the file is in no project (no handouts.toml above it); "
                            "a signature is verified against the project's allowed_signers")
    key = public_key_of(keyfile)
    if not allowed.is_file():
        raise HandoutsError(f"--sign {keyfile}: {allowed} not found: list the project's "
                            "reviewers there first, one a line, e.g. "
                            f"dana@clinic.example {' '.join(key.split()[:2])}")
    principal = principal_of(key, allowed)
    if principal is None:
        raise HandoutsError(f"--sign {keyfile}: its public key is not in {allowed}; add a line "
                            f"for the reviewer: dana@clinic.example "
                            f"{' '.join(key.split()[:2])}")
    return principal


def sign(data: bytes, keyfile: Path) -> str:
    """The armored SSH signature of ``data`` by ``keyfile``."""
    done = _run(["-Y", "sign", "-n", NAMESPACE, "-f", str(keyfile)], data)
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        raise HandoutsError(f"--sign {keyfile}: ssh-keygen could not sign: "
                            f"{done.stderr.decode(errors='replace').strip() or 'no signature'}")
    return done.stdout.decode("ascii").strip() + "\n"


def verify(data: bytes, signature: str, principal: str, allowed: Path) -> str | None:
    """``None`` when ``signature`` is ``principal``'s over ``data`` and
    ``allowed`` lists ``principal`` with that key; else why not."""
    if not allowed.is_file():
        return f"{allowed} not found, so no signature can be verified"
    with tempfile.TemporaryDirectory(prefix="handouts-sig-") as tmp:
        sig = Path(tmp) / "approval.sig"
        sig.write_text(signature, encoding="ascii", errors="replace")
        done = _run(["-Y", "verify", "-f", str(allowed), "-I", principal, "-n", NAMESPACE,
                     "-s", str(sig)], data)
    if done.returncode == 0:
        return None
    why = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
    return why[-1] if why else f"ssh-keygen exited {done.returncode}"
