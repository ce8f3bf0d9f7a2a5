#!/usr/bin/env python3
"""The lab's mail server: aiosmtpd with STARTTLS (the lab certificate), every message into a maildir.

    smtp_server.py --bind 169.254.200.3 --port 587 --maildir DIR --cert server.pem --key server.key
"""
import argparse
import asyncio
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True)
    ap.add_argument("--port", type=int, default=587)
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    args = ap.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    controller = Controller(Mailbox(args.maildir), hostname=args.bind, port=args.port,
                            tls_context=context, require_starttls=True, server_hostname="mail.lab.ixp-health.invalid")
    controller.start()
    print(f"smtp: listening on {args.bind}:{args.port} (STARTTLS required), maildir {args.maildir}", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
