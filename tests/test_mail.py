"""`vigil digest --send` against a real SMTP server (aiosmtpd on 127.0.0.1): plain, STARTTLS, and server down."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
from email import policy

import pytest

from tests.support.report_rows import WEEK_LABEL, seed

pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller

RECIPIENTS = ["officer@un.example", "analyst@un.example"]


class Sink:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_env(monkeypatch):
    def configure(port: int, security: str = "none", ca_file: str = ""):
        monkeypatch.setenv("VIGIL_SMTP__HOST", "127.0.0.1")
        monkeypatch.setenv("VIGIL_SMTP__PORT", str(port))
        monkeypatch.setenv("VIGIL_SMTP__SECURITY", security)
        monkeypatch.setenv("VIGIL_SMTP__SENDER", "vigil@ew.example")
        monkeypatch.setenv("VIGIL_SMTP__RECIPIENTS", '["' + '", "'.join(RECIPIENTS) + '"]')
        monkeypatch.setenv("VIGIL_SMTP__TIMEOUT", "10")
        monkeypatch.setenv("VIGIL_SMTP__CA_FILE", ca_file)
    return configure


def _check_received(sink: Sink, out):
    assert len(sink.envelopes) == 1
    env = sink.envelopes[0]
    assert env.mail_from == "vigil@ew.example" and sorted(env.rcpt_tos) == sorted(RECIPIENTS)
    msg = email.message_from_bytes(env.original_content, policy=policy.default)
    assert msg["Subject"].strip() == f"Vigil weekly digest {WEEK_LABEL}: 1 alert(s), 2 level change(s), 2 at level 3+"
    assert msg["To"] == ", ".join(RECIPIENTS)
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    text = msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = msg.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")
    assert text == (out / f"{WEEK_LABEL}.txt").read_text()
    assert html == (out / f"{WEEK_LABEL}.html").read_text()
    assert "Radio Dabanga" in text and "<h1" in html


def test_send_to_local_smtp_server(db_path, tmp_path, cli, smtp_env):
    seed(db_path)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        smtp_env(controller.port)
        out = tmp_path / "digests"
        res = cli(["digest", "--db", db_path, "--week", WEEK_LABEL, "--out", out, "--send"])
        assert res.exit_code == 0, res.output
        assert f"sent to {', '.join(RECIPIENTS)} via 127.0.0.1:{controller.port}" in res.output
    finally:
        controller.stop()
    _check_received(sink, out)


def test_server_down_is_a_clear_error_and_archive_is_kept(db_path, tmp_path, cli, smtp_env):
    seed(db_path)
    port = free_port()   # nothing listens here: connection refused
    smtp_env(port)
    out = tmp_path / "digests"
    res = cli(["digest", "--db", db_path, "--week", WEEK_LABEL, "--out", out, "--send"])
    assert res.exit_code == 1
    assert f"error: could not send mail via 127.0.0.1:{port}: ConnectionRefusedError" in res.output
    assert "the digest is archived at" in res.output
    assert sorted(p.name for p in out.iterdir()) == [f"{WEEK_LABEL}.html", f"{WEEK_LABEL}.md", f"{WEEK_LABEL}.txt"]


def _self_signed(tmp_path):
    crypto = pytest.importorskip("cryptography")  # noqa: F841
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_pem, key_pem = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert_pem, key_pem


def test_starttls_with_self_signed_certificate(db_path, tmp_path, cli, smtp_env):
    seed(db_path)
    cert_pem, key_pem = _self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert_pem, key_pem)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), tls_context=server_ctx,
                            require_starttls=True)
    controller.start()
    try:
        out = tmp_path / "digests"
        # without trusting the certificate, TLS verification fails clearly
        smtp_env(controller.port, "starttls")
        res = cli(["digest", "--db", db_path, "--week", WEEK_LABEL, "--out", out, "--send"])
        assert res.exit_code == 1 and "TLS failed (starttls)" in res.output and "CERTIFICATE_VERIFY_FAILED" in res.output
        assert not sink.envelopes
        smtp_env(controller.port, "starttls", str(cert_pem))
        res = cli(["digest", "--db", db_path, "--week", WEEK_LABEL, "--out", out, "--send"])
        assert res.exit_code == 0, res.output
    finally:
        controller.stop()
    _check_received(sink, out)
