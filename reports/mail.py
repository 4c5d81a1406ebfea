"""SMTP delivery of a rendered digest as multipart/alternative (plain text + HTML)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


class MailError(Exception):
    """The digest could not be delivered; the message names the server and the reason."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"could not send mail via {host}:{port}: {reason}")
        self.host, self.port, self.reason = host, port, reason


def build_message(subject: str, text: str, html: str, sender: str, recipients: list[str]) -> EmailMessage:
    """A multipart/alternative message: the text part first, the HTML part preferred by capable clients."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def send_message(msg: EmailMessage, smtp) -> list[str]:
    """Deliver `msg` with the `[smtp]` settings; return the recipients the server accepted.

    Raises MailError (naming host, port and the reason) on a missing recipient list, a connection, TLS or
    authentication failure, or a refusal by the server.
    """
    recipients = list(smtp.recipients)
    if not recipients:
        raise MailError(smtp.host, smtp.port, "no recipients configured (set smtp.recipients)")
    context = ssl.create_default_context(cafile=smtp.ca_file or None)
    try:
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=context)
            if smtp.user:
                password = smtp.password()
                if password is None:
                    raise MailError(smtp.host, smtp.port,
                                    f"smtp.user is set but the environment variable {smtp.password_env} is empty")
                client.login(smtp.user, password)
            refused = client.send_message(msg, from_addr=smtp.sender, to_addrs=recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(smtp.host, smtp.port, f"all recipients refused: {exc.recipients}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(smtp.host, smtp.port, f"authentication failed for {smtp.user!r}: {exc.smtp_code}") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(smtp.host, smtp.port, f"server does not support {smtp.security}: {exc}") from exc
    except ssl.SSLError as exc:
        raise MailError(smtp.host, smtp.port, f"TLS failed ({smtp.security}): {exc}") from exc
    except smtplib.SMTPException as exc:
        raise MailError(smtp.host, smtp.port, f"{type(exc).__name__}: {exc}") from exc
    except OSError as exc:  # connection refused, DNS failure, timeout
        raise MailError(smtp.host, smtp.port, f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    return [r for r in recipients if r not in refused]


def send_digest(digest, smtp) -> list[str]:
    """Send a rendered `reports.digest.Digest` to the configured recipients; see `send_message`."""
    msg = build_message(digest.subject, digest.text, digest.html, smtp.sender, list(smtp.recipients))
    return send_message(msg, smtp)
