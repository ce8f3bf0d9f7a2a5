#!/usr/bin/env python3
"""Collects everything the lab's agent shows to anyone, and looks in it for the lab's secrets.

    leakcheck.py --env /tmp/ixlab/lab.env --out DIR [--url http://127.0.0.1:9470]
                 [--bin ixp-health --config agent.yaml --log agent.log --state agent-state]

Collected into DIR, one file each: /metrics in the Prometheus text format and in OpenMetrics
(with the bearer token), every /api/v1 endpoint of openapi.yaml (with the lab's dashboard user;
series, query_range and sum_range for the store's metrics, every member, a silence added and
ended), every dashboard page (/, /members, each member's page, /ports, /lan, /findings,
/report in both languages, /agent, /public), the agent's log, every mail in the maildir (raw
and each MIME part decoded), `ixp-health check-config` (text and json), `notify-test` (its SMTP
transcript, AUTH included), `silence list`, `sqlite3 .dump` of state.sqlite, and every file of
the agent's state directory as it is on disk.

The secrets are the files in the lab's secrets directory (SNMPv3 auth and privacy pass
phrases, SMTP password, dashboard password and its bcrypt hash line, /metrics bearer token),
each looked for as it is, in base64, and as HTTP basic and SMTP AUTH PLAIN carry it. Exit 0:
none found; 1: each hit printed as FILE:LINE: which secret; 2: collection failed.
"""
import argparse
import base64
import email
import email.policy
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v.strip('"')
    return env


class Collector:
    def __init__(self, args, env):
        self.args = args
        self.env = env
        self.out = args.out
        self.count = 0
        self.problems = []
        pair = f"{env['IXLAB_HTTP_USER']}:{env['IXLAB_HTTP_PASSWORD']}".encode()
        self.basic = "Basic " + base64.b64encode(pair).decode()
        self.bearer = "Bearer " + env["IXLAB_METRICS_TOKEN"]

    def name(self, label):
        self.count += 1
        safe = re.sub(r"[^A-Za-z0-9_.=-]+", "_", label).strip("_")[:120]
        return os.path.join(self.out, f"{self.count:04d}-{safe}")

    def save(self, label, data):
        path = self.name(label)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    def http(self, path, accept=None, auth=None, method="GET", body=None, expect=(200,)):
        """One request (paced under the listener's rate limit); the body is saved and returned."""
        time.sleep(0.06)
        request = urllib.request.Request(self.args.url + path, method=method, data=body)
        request.add_header("Authorization", auth or self.basic)
        if accept:
            request.add_header("Accept", accept)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                status, data, headers = r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            status, data, headers = e.code, e.read(), e.headers
        except OSError as e:
            self.problems.append(f"{method} {path}: {e}")
            return b""
        self.save(f"http{'-' + method if method != 'GET' else ''}{path}", f"HTTP {status}\n{headers}\n".encode() + data)
        if status not in expect:
            self.problems.append(f"{method} {path}: HTTP {status} (expected {expect})")
        return data

    def json(self, path, **kw):
        data = self.http(path, **kw)
        try:
            return json.loads(data or b"null")
        except ValueError:
            return None

    def run(self, label, argv, env=None):
        try:
            p = subprocess.run(argv, capture_output=True, timeout=120, env=env)
            self.save(label, f"$ {' '.join(argv)}\nexit {p.returncode}\n".encode() + p.stdout + b"\n--- stderr\n" + p.stderr)
            return p
        except (OSError, subprocess.TimeoutExpired) as e:
            self.problems.append(f"{label}: {e}")
            return None

    def collect_http(self):
        metrics = self.http("/metrics", accept="text/plain", auth=self.bearer)
        self.http("/metrics", accept="application/openmetrics-text; version=1.0.0", auth=self.bearer)
        self.http("/metrics", expect=(401,))  # the dashboard user is not the metrics token
        self.http("/-/healthy")
        for page in ["/", "/members", "/ports", "/lan", "/findings", "/report", "/report?lang=fr", "/agent",
                     "/public", "/public.json", "/assets/dashboard.js"]:
            self.http(page, expect=(200, 404))
        for endpoint in ["/api/v1/status", "/api/v1/findings", "/api/v1/findings?state=firing", "/api/v1/report",
                         "/api/v1/matrix", "/api/v1/ports", "/api/v1/lan", "/api/v1/silences?all=true"]:
            self.http(endpoint, expect=(200, 503))
        members = self.json("/api/v1/members?limit=200") or {}
        rows = members.get("items") or [] if isinstance(members, dict) else []
        asns = sorted({str(r.get("asn")) for r in rows if isinstance(r, dict) and r.get("asn")})
        if not asns:
            asns = sorted(set(re.findall(r'member_asn="(\d+)"', metrics.decode(errors="replace"))))
        for asn in asns:
            self.http(f"/members/{asn}")
            self.http(f"/api/v1/members/{asn}")
        # The store's series: every metric name /metrics shows, the first page of each.
        names = sorted(set(re.findall(r"^# TYPE (ixp_\w+)", metrics.decode(errors="replace"), re.M)))
        for name in names[:40]:
            self.http(f"/api/v1/series?name={name}&limit=5", expect=(200, 400, 404))
        now = time.time()
        q = urllib.parse.urlencode({"name": "ixp_interface_receive_bytes_per_second", "start": int(now - 86400), "end": int(now)})
        self.http(f"/api/v1/sum_range?{q}", expect=(200, 404))
        series = self.json("/api/v1/series?name=ixp_interface_receive_bytes_per_second&limit=1") or {}
        first = (series.get("series") or [{}])[0] if isinstance(series, dict) else {}
        labels = first.get("labels", {}) if isinstance(first, dict) else {}
        if labels:
            q = urllib.parse.urlencode({"name": "ixp_interface_receive_bytes_per_second", **labels,
                                        "start": int(now - 3600), "end": int(now)})
            self.http(f"/api/v1/query_range?{q}", expect=(200, 404))
        # The one writable resource: a silence added and ended (the user's name goes with it).
        body = json.dumps({"matchers": [{"name": "rule", "value": "leakcheck"}], "duration": "5m",
                           "comment": "leak check", "created_by": "leakcheck"}).encode()
        silence = self.json("/api/v1/silences", method="POST", body=body, expect=(201,))
        if isinstance(silence, dict) and silence.get("id"):
            self.http(f"/api/v1/silences/{silence['id']}", method="DELETE")
        self.http("/api/v1/silences?all=true")

    def collect_files(self):
        a = self.args
        if a.log and os.path.exists(a.log):
            shutil.copy(a.log, self.name("agent.log"))
        maildir = self.env.get("IXLAB_MAILDIR", "")
        mails = 0
        for sub in ("new", "cur"):
            d = os.path.join(maildir, sub)
            for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
                with open(os.path.join(d, f), "rb") as fh:
                    raw = fh.read()
                mails += 1
                self.save(f"mail-{f}", raw)
                message = email.message_from_bytes(raw, policy=email.policy.default)
                for i, part in enumerate(message.walk()):
                    payload = part.get_payload(decode=True)
                    if payload:
                        self.save(f"mail-{f}-part{i}-{part.get_content_type()}", payload)
        if mails == 0:
            self.problems.append(f"no mail in {maildir}")
        if a.bin and a.config:
            env = dict(os.environ)
            for k, v in self.env.items():
                env.setdefault(k, v)
            env["IXP_HEALTH_USER"] = self.env["IXLAB_HTTP_USER"]  # for `silence list`
            env["IXP_HEALTH_PASSWORD"] = self.env["IXLAB_HTTP_PASSWORD"]
            self.run("check-config.txt", [a.bin, "check-config", a.config], env)
            self.run("check-config.json", [a.bin, "check-config", "--format", "json", a.config], env)
            self.run("notify-test.txt", [a.bin, "notify-test", "--config", a.config], env)
            if a.state:
                self.run("silence-list.txt", [a.bin, "silence", "list", "--config", a.config], env)
        if a.state:
            db = os.path.join(a.state, "state.sqlite")
            if shutil.which("sqlite3"):
                self.run("state.sqlite.dump", ["sqlite3", "-readonly", db, ".dump"])
            elif os.path.exists(db):  # the same dump through Python's sqlite3
                connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                self.save("state.sqlite.dump", "\n".join(connection.iterdump()))
                connection.close()
            for root, _, files in os.walk(a.state):
                for f in files:
                    try:
                        shutil.copy(os.path.join(root, f), self.name("state-" + os.path.relpath(os.path.join(root, f), a.state)))
                    except OSError:
                        pass  # a checkpoint renamed it away meanwhile


def secrets(env):
    """(what, value) pairs, each secret in the forms it could leak in."""
    d = env["IXLAB_SECRETS"]
    out = []
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name)) as f:
            for line in f.read().splitlines():
                if not line:
                    continue
                if name == "http-users":
                    line = line.split(":", 1)[1]  # the bcrypt hash
                out.append((name, line))
                if len(line) >= 8:
                    out.append((f"{name} (base64)", base64.b64encode(line.encode()).decode().rstrip("=")))
    pairs = [(env["IXLAB_HTTP_USER"], env["IXLAB_HTTP_PASSWORD"], "http-password (HTTP basic)", ":"),
             (env["IXLAB_SMTP_USER"], env["IXLAB_SMTP_PASSWORD"], "smtp-password (AUTH PLAIN)", None)]
    for user, password, what, sep in pairs:
        token = f"{user}:{password}" if sep else f"\0{user}\0{password}"
        out.append((what, base64.b64encode(token.encode()).decode().rstrip("=")))
    return out


def scan(directory, wanted):
    hits = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        with open(path, "rb") as f:
            data = f.read()
        for what, value in wanted:
            needle = value.encode()
            start = 0
            while (at := data.find(needle, start)) >= 0:
                line = data.count(b"\n", 0, at) + 1
                hits.append(f"{path}:{line}: {what}")
                start = at + 1
    return hits


def self_test(wanted, directory):
    """The search must find each form of each secret, one planted in the middle of a line of a
    file of its own (the folder is removed afterwards): a search that cannot fail proves nothing."""
    os.makedirs(directory, exist_ok=True)
    try:
        for i, (_, value) in enumerate(wanted):
            with open(os.path.join(directory, f"planted-{i}"), "wb") as f:
                f.write(b"first line\nsomething " + value.encode() + b" something\n")
        found = scan(directory, wanted)
        missing = [what for i, (what, _) in enumerate(wanted)
                   if not any(h.startswith(os.path.join(directory, f"planted-{i}") + ":2: ") for h in found)]
        return missing
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--url", default="http://127.0.0.1:9470")
    ap.add_argument("--bin")
    ap.add_argument("--config")
    ap.add_argument("--log")
    ap.add_argument("--state")
    args = ap.parse_args()
    env = read_env(args.env)
    os.makedirs(args.out, exist_ok=True)
    collector = Collector(args, env)
    collector.collect_http()
    collector.collect_files()
    wanted = secrets(env)
    missing = self_test(wanted, args.out.rstrip("/") + ".selftest")
    if missing:
        print(f"leakcheck: the search does not find planted secrets: {', '.join(missing)}")
        return 2
    files = os.listdir(args.out)
    size = sum(os.path.getsize(os.path.join(args.out, f)) for f in files)
    print(f"leakcheck: {len(files)} outputs ({size / 1e6:.1f} MB) collected in {args.out}; "
          f"looking for {len(wanted)} forms of {len(os.listdir(env['IXLAB_SECRETS']))} secrets")
    hits = scan(args.out, wanted)
    for hit in hits:
        print(f"leakcheck: SECRET FOUND {hit}")
    for problem in collector.problems:
        print(f"leakcheck: could not collect: {problem}")
    if hits:
        return 1
    if collector.problems:
        return 2
    print("leakcheck: no secret in any output")
    return 0


if __name__ == "__main__":
    sys.exit(main())
