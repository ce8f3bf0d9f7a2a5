#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the Alerting tests, writing what it accepts to a maildir.

Options choose how it behaves: plaintext, STARTTLS or implicit TLS with a given certificate,
AUTH (PLAIN and LOGIN) with one fixed user, 4xx or 5xx at the end of DATA, a delay before
every reply, or a hostile greeting that never ends. With --control FILE, the file's first word
("ok", "4xx" or "5xx", read at every message) says how the end of DATA is answered, so that a
test can switch the server between refusing and accepting while it runs. Recipients whose local part starts with
"reject" get 550 at RCPT, those starting with "defer" get 450.

It writes the file given by --ready once it listens; the test waits for that file and stops
the server by its process id.
"""
import argparse
import asyncio
import mailbox
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir, defer_data, reject_data, control=None):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.defer_left = defer_data
        self.reject_data = reject_data
        self.control = control

    def mode(self):
        if self.control is None:
            return "ok"
        try:
            with open(self.control) as file:
                words = file.read().split()
            return words[0] if words else "ok"
        except OSError:
            return "ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("reject"):
            return "550 5.1.1 No such user here"
        if local.startswith("defer"):
            return "450 4.2.1 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode == "4xx":
            return "451 4.3.0 Temporary failure, try again later"
        if mode == "5xx":
            return "554 5.6.0 Message rejected by policy"
        if self.defer_left > 0:
            self.defer_left -= 1
            return "451 4.3.0 Temporary failure, try again later"
        if self.reject_data:
            return "554 5.6.0 Message rejected by policy"
        self.maildir.add(envelope.original_content or envelope.content)
        return "250 2.0.0 OK queued"


class SlowSMTP(SMTP):
    delay = 0.0

    async def push(self, status):
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        await super().push(status)


class HostileProtocol(asyncio.Protocol):
    """Sends a greeting line that never ends."""

    def connection_made(self, transport):
        self.transport = transport
        asyncio.get_event_loop().create_task(self.flood())

    async def flood(self):
        chunk = b"220-" + b"x" * 65536
        try:
            for _ in range(256):
                self.transport.write(chunk)
                await asyncio.sleep(0.001)
        except Exception:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth", help="USER:PASSWORD; AUTH is then required")
    parser.add_argument("--defer-data", type=int, default=0, help="answer 451 to this many messages first")
    parser.add_argument("--reject-data", action="store_true", help="answer 554 to every message")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every reply")
    parser.add_argument("--only-login", action="store_true", help="offer AUTH LOGIN only")
    parser.add_argument("--hostile", action="store_true", help="greet with an endless line")
    parser.add_argument("--control", help="a file whose first word (ok, 4xx, 5xx) says how DATA is answered")
    args = parser.parse_args()

    context = None
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    handler = Handler(args.maildir, args.defer_data, args.reject_data, args.control)
    SlowSMTP.delay = args.delay

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword) or args.auth is None:
            return AuthResult(success=False, handled=False)
        user, password = args.auth.split(":", 1)
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    def factory():
        if args.hostile:
            return HostileProtocol()
        options = dict(hostname="test.smtp.invalid", timeout=30)
        if args.tls == "starttls":
            options.update(tls_context=context, require_starttls=True)
        if args.auth:
            options.update(authenticator=authenticator, auth_required=True,
                           auth_require_tls=args.tls == "starttls")
            if args.only_login:
                options.update(auth_exclude_mechanism=["PLAIN"])
        return SlowSMTP(handler, **options)

    async def serve():
        server = await asyncio.get_running_loop().create_server(
            factory, host="127.0.0.1", port=args.port,
            ssl=context if args.tls == "implicit" else None)
        with open(args.ready, "w") as ready:
            ready.write("ready\n")
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
