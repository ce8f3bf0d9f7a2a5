#!/usr/bin/env python3
"""The lab's mail server: aiosmtpd with STARTTLS (the lab certificate), every message into a maildir.

    smtp_server.py --bind 169.254.200.3 --port 587 --maildir DIR --cert server.pem --key server.key \
        [--user NAME --password-file FILE]

With --user, AUTH (PLAIN or LOGIN, only after STARTTLS) is required before MAIL FROM, and only
that user with the password in the file (one line) is accepted.
"""
import argparse
import asyncio
import hmac
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = hmac.compare_digest(auth_data.login, self.user) and hmac.compare_digest(auth_data.password, self.password)
        return AuthResult(success=ok, handled=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True)
    ap.add_argument("--port", type=int, default=587)
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--user")
    ap.add_argument("--password-file")
    args = ap.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    auth = {}
    if args.user:
        with open(args.password_file) as f:
            password = f.read().rstrip("\n")
        auth = dict(authenticator=Authenticator(args.user, password), auth_required=True, auth_require_tls=True)
    controller = Controller(Mailbox(args.maildir), hostname=args.bind, port=args.port,
                            tls_context=context, require_starttls=True, server_hostname="mail.lab.ixp-health.invalid",
                            **auth)
    controller.start()
    print(f"smtp: listening on {args.bind}:{args.port} (STARTTLS required"
          + (f", AUTH as {args.user}" if args.user else "") + f"), maildir {args.maildir}", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
