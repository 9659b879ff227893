"""Sending email through an SMTP server, such as your mail provider's."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


# --8<-- [start:send]
def send_email(to: str, subject: str, body: str) -> None:
    """Send a plain-text email, or only log it when no MAIL_SERVER is configured."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)

    if not config["MAIL_SERVER"]:
        if current_app.debug:  # on your own computer: read the email in the terminal
            current_app.logger.info("No MAIL_SERVER, so this email was not sent:\n%s", message)
        else:  # never write a secret link into a server's logs
            current_app.logger.warning("No MAIL_SERVER: an email to %s was not sent.", to)
        return

    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()  # encrypt the connection before sending the password
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


# --8<-- [end:send]
