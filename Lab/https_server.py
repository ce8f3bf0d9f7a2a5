#!/usr/bin/env python3
"""Serves the lab's IX-F member export over HTTPS, as IXP Manager would.

    https_server.py --bind 169.254.200.3 --port 8443 --dir DIR --cert server.pem --key server.key

GET /api/v4/member-export/ixf/1.0 returns DIR/members.json; any other file in DIR by name.
"""
import argparse
import http.server
import os
import ssl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True)
    ap.add_argument("--port", type=int, default=8443)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    args = ap.parse_args()
    directory = os.path.abspath(args.dir)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=directory, **kw)

        def translate_path(self, path):
            if path.split("?")[0].rstrip("/") == "/api/v4/member-export/ixf/1.0":
                return os.path.join(directory, "members.json")
            return super().translate_path(path)

        def log_message(self, fmt, *a):
            print("https: " + (fmt % a), flush=True)

    server = http.server.ThreadingHTTPServer((args.bind, args.port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
