#!/usr/bin/env python3
"""A lossy UDP relay for ixp-health's fault tests: it sits between the agent and an SNMP
agent (snmpsim or snmpd) on 127.0.0.1 and drops, delays and reorders datagrams in both
directions.

How it behaves is read from a JSON control file, re-read whenever it changes:

    {"upstream": 16100, "drop": 0.2, "delay_max": 0.15, "reorder": 0.2}

- upstream: the UDP port on 127.0.0.1 that requests go to (change it to follow a restarted
  responder on a new port);
- drop: the probability that a datagram is dropped;
- delay_max: every datagram waits a random time between 0 and this many seconds;
- reorder: the probability that a datagram is held back one more delay_max, so that the
  next ones overtake it.

It writes --ready once it listens, and its counts ({"forwarded": N, "dropped": N, "held": N})
to --stats about twice a second. The random generator is seeded (--seed) so that a run can
be repeated. The test stops it by its process id.
"""
import argparse
import heapq
import json
import os
import random
import select
import socket
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--control", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--stats", required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", args.port))
    settings = {"upstream": None, "drop": 0.0, "delay_max": 0.0, "reorder": 0.0}
    control_mtime = None
    by_client = {}      # client address -> socket towards the upstream
    by_socket = {}      # that socket -> client address
    queue = []          # (due, sequence, socket, payload, destination)
    sequence = 0
    stats = {"forwarded": 0, "dropped": 0, "held": 0}
    last_stats = 0.0

    with open(args.ready, "w") as ready:
        ready.write("ready\n")

    while True:
        try:
            mtime = os.stat(args.control).st_mtime_ns
            if mtime != control_mtime:
                with open(args.control) as control:
                    settings.update(json.load(control))
                control_mtime = mtime
        except (OSError, ValueError):
            pass

        now = time.monotonic()
        timeout = 0.01
        if queue:
            timeout = max(0.0, min(timeout, queue[0][0] - now))
        readable, _, _ = select.select([listener] + list(by_socket), [], [], timeout)
        now = time.monotonic()
        for sock in readable:
            try:
                payload, source = sock.recvfrom(65535)
            except OSError:
                continue
            if sock is listener:
                if settings["upstream"] is None:
                    continue
                upstream = by_client.get(source)
                if upstream is None:
                    upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    upstream.bind(("127.0.0.1", 0))
                    by_client[source] = upstream
                    by_socket[upstream] = source
                out, destination = upstream, ("127.0.0.1", int(settings["upstream"]))
            else:
                out, destination = listener, by_socket[sock]
            if rng.random() < float(settings["drop"]):
                stats["dropped"] += 1
                continue
            delay = rng.uniform(0.0, float(settings["delay_max"]))
            if rng.random() < float(settings["reorder"]):
                delay += float(settings["delay_max"])
                stats["held"] += 1
            sequence += 1
            heapq.heappush(queue, (now + delay, sequence, out, payload, destination))

        while queue and queue[0][0] <= time.monotonic():
            _, _, out, payload, destination = heapq.heappop(queue)
            try:
                out.sendto(payload, destination)
                stats["forwarded"] += 1
            except OSError:
                stats["dropped"] += 1

        if now - last_stats > 0.5:
            last_stats = now
            temporary = args.stats + ".tmp"
            with open(temporary, "w") as file:
                json.dump(stats, file)
            os.replace(temporary, args.stats)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        pass
