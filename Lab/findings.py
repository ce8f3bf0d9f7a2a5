#!/usr/bin/env python3
"""Which of the lab's misbehaving members the agent has a finding for, and whether mail arrived.

    findings.py --env /tmp/ixlab/lab.env [--url http://127.0.0.1:9470] [--once | --wait SECONDS]

--once prints one summary line. --wait polls every 5 s, prints each finding the moment it first
appears (seconds since the start of the wait, or since --since EPOCH), and exits 0 when every
misbehaviour that has a rule shows and a mail has arrived, 1 at the deadline.
"""
import argparse
import base64
import json
import os
import sys
import time
import urllib.request

# role → (what it is, a test on one finding's JSON); None: no rule in this agent sees it yet.
def lan(rule):
    return lambda f, asn, port: f["rule"] == "lan_violation" and rule in f.get("labels", {}).get("lan_rule", "").split(",") \
        and (asn is None or f["labels"].get("member_asn") == asn)


ROLES = {
    "STP_LEAK": ("leaks spanning tree", lan("stp")),
    "ROUTER_ADVERTISEMENT": ("sends router advertisements", lan("ipv6_ra")),
    "DEAD_ARP": ("ARPs for a dead address", lambda f, asn, port: lan("dead_ip")(f, None, port)),
    "NO_ROUTE_SERVER": ("never sets up a route-server session",
                        lambda f, asn, port: f["rule"] == "no_route_server_session" and f.get("labels", {}).get("member_asn") == asn),
    "IDLE": ("went idle", lambda f, asn, port: f["rule"] in ("idle_member_ports", "traffic_anomaly")
             and (f"{port}" in json.dumps(f) or f.get("labels", {}).get("member_asn") == asn)),
    "FLAP": ("port flaps", lambda f, asn, port: f["rule"] in ("port_down", "member_down") and f.get("labels", {}).get("member_asn") == asn),
    "FILL": ("fills its port", lambda f, asn, port: f["rule"] in ("high_utilisation", "outgrown_ports")
             and f.get("labels", {}).get("member_asn") == asn),
    "NO_PING": ("stops answering pings (BGP up)", lambda f, asn, port: f["rule"] == "member_unreachable"
                and f.get("labels", {}).get("member_asn") == asn),
}


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v.strip('"')
    return env


def fetch(url, env=None):
    request = urllib.request.Request(url + "/api/v1/findings")
    if env and env.get("IXLAB_HTTP_USER"):  # the lab's dashboard user (http.auth.ui)
        pair = f"{env['IXLAB_HTTP_USER']}:{env.get('IXLAB_HTTP_PASSWORD', '')}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return json.load(r).get("findings", [])
    except (OSError, ValueError):
        return None


def mail_count(maildir):
    n = 0
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        if os.path.isdir(d):
            n += len(os.listdir(d))
    return n


def member_port(env, asn):
    """p<N> for AS650NN (the lab's numbering)."""
    try:
        return f"p{int(asn[2:]) - 65000}"
    except ValueError:
        return "?"


def status(env, findings):
    rows = {}
    for key, (what, test) in ROLES.items():
        asn_text = env.get(f"IXLAB_ROLE_{key}")
        if not asn_text:
            continue
        asn = asn_text[2:]
        port = member_port(env, asn_text)
        hits = [f for f in findings if f.get("state") != "resolved" and test(f, asn, port)]
        state = None
        if hits:
            state = "firing" if any(f.get("state") == "firing" for f in hits) else hits[0].get("state", "?")
        rows[key] = (asn_text, what, state, hits)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", required=True)
    ap.add_argument("--url", default="http://127.0.0.1:9470")
    ap.add_argument("--once", action="store_true")
    ap.add_argument("--wait", type=float)
    ap.add_argument("--since", type=float, help="epoch seconds the times count from (default: now)")
    args = ap.parse_args()
    env = read_env(args.env)
    maildir = env.get("IXLAB_MAILDIR", "")
    if args.once:
        findings = fetch(args.url, env)
        if findings is None:
            print("agent: not answering yet")
            return 1
        rows = status(env, findings)
        shown = sum(1 for r in rows.values() if r[2])
        missing = [f"{r[0]} ({r[1]})" for r in rows.values() if not r[2]]
        print(f"{len(findings)} findings; {shown} of {len(rows)} misbehaving members shown"
              + (f", waiting for: {', '.join(missing)}" if missing else "") + f"; mail: {mail_count(maildir)}")
        return 0
    start = args.since or time.time()
    deadline = time.time() + (args.wait or 300)
    seen, fired, mail_at = {}, {}, None
    while True:
        findings = fetch(args.url, env) or []
        now = time.time()
        for key, (asn, what, state, hits) in status(env, findings).items():
            if state and key not in seen:
                seen[key] = now - start
                print(f"{seen[key]:6.0f} s  {asn} {what}: {hits[0]['rule']} ({state}) — {hits[0].get('summary', '')[:110]}", flush=True)
            if state == "firing" and key not in fired:
                fired[key] = now - start
                if seen[key] != fired[key]:
                    print(f"{fired[key]:6.0f} s  {asn} {what}: firing", flush=True)
        if mail_at is None and maildir and mail_count(maildir) > 0:
            mail_at = now - start
            print(f"{mail_at:6.0f} s  first mail arrived in {maildir}", flush=True)
        expected = [k for k in ROLES if env.get(f"IXLAB_ROLE_{k}")]
        if all(k in seen for k in expected) and mail_at is not None:
            missing = [k for k in ROLES if env.get(f"IXLAB_ROLE_{k}") and k not in seen]
            if missing:
                print(f"no rule in this agent for: {', '.join(missing)}", flush=True)
            return 0
        if now >= deadline:
            missing = [k for k in expected if k not in seen]
            print(f"deadline: no finding yet for {', '.join(missing) or '—'}; mail {'arrived' if mail_at is not None else 'none'}", flush=True)
            return 1
        time.sleep(5)


if __name__ == "__main__":
    sys.exit(main())
