#!/usr/bin/env python3
"""Many latency-bound SNMPv2c agents in one process, for the 50-target benchmark.

Real switches answer over a network: a poll of one switch is bound by round trips, not by the
CPU of the machine polling it. On one 2-core box, 50 snmpd processes are bound by CPU instead,
which hides whether the poller itself runs targets concurrently. These agents serve a
synthetic IF-MIB (the counter columns ixp-health walks) and answer every PDU after a fixed
delay while using almost no CPU, so "50 targets together" against "the slowest single target"
measures the poller's concurrency.

Usage: latency_agents.py --first-port P --agents N --interfaces M --delay-ms D
"""
import argparse
import asyncio
import bisect
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "Tests", "IntegrationTests", "FakeAgent"))
from fake_snmp_agent import encode_response, parse_request, tlv  # noqa: E402

IF_TABLE = [1, 3, 6, 1, 2, 1, 2, 2, 1]
IF_X_TABLE = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1]
COLUMNS = ([(IF_TABLE + [8], "int")]
           + [(IF_X_TABLE + [c], "c64") for c in (6, 7, 8, 9, 10, 11, 12, 13)]
           + [(IF_TABLE + [c], "c32") for c in (10, 11, 13, 14, 16, 17, 19, 20)]
           + [(IF_X_TABLE + [c], "c32") for c in (2, 3, 4, 5)]
           + [(IF_X_TABLE + [19], "ticks")])
SYS_UPTIME = (1, 3, 6, 1, 2, 1, 1, 3, 0)
MAX_VARBINDS = 88   # what snmpd fits in one response of the counter columns


def value(kind, index):
    if kind == "int":
        return tlv(0x02, b"\x01")
    if kind == "ticks":
        return tlv(0x43, b"\x00")
    number = index * 1_000_003
    width = 8 if kind == "c64" else 4
    return tlv(0x46 if kind == "c64" else 0x41, (number % (1 << (8 * width))).to_bytes(width + 1, "big"))


def build_table(interfaces):
    rows = [(tuple(SYS_UPTIME), tlv(0x43, (123456).to_bytes(4, "big")))]
    for column, kind in COLUMNS:
        for index in range(1, interfaces + 1):
            rows.append((tuple(column + [index]), value(kind, index)))
    rows.sort()
    return [oid for oid, _ in rows], [v for _, v in rows]


class Agent(asyncio.DatagramProtocol):
    def __init__(self, oids, values, delay):
        self.oids, self.values, self.delay = oids, values, delay

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, peer):
        try:
            reply = self.respond(data)
        except (IndexError, ValueError):
            return
        asyncio.get_running_loop().call_later(self.delay, self.transport.sendto, reply, peer)

    def after(self, oid):
        position = bisect.bisect_right(self.oids, tuple(oid))
        if position >= len(self.oids):
            return None
        return position

    def respond(self, request):
        version, community, pdu_tag, reqid, _, max_rep, oids = parse_request(request)
        binds = []
        if pdu_tag == 0xA0:                      # GET
            for oid in oids:
                position = bisect.bisect_left(self.oids, tuple(oid))
                found = position < len(self.oids) and self.oids[position] == tuple(oid)
                binds.append((oid, self.values[position] if found else b"\x80\x00"))
        else:                                    # GETNEXT / GETBULK, non-repeaters 0
            repetitions = int.from_bytes(max_rep, "big") if pdu_tag == 0xA5 else 1
            current = list(oids)
            for _ in range(max(1, repetitions)):
                if len(binds) + len(current) > MAX_VARBINDS:
                    break
                for column, oid in enumerate(current):
                    position = self.after(oid)
                    if position is None:
                        binds.append((oid, b"\x82\x00"))
                    else:
                        current[column] = list(self.oids[position])
                        binds.append((current[column], self.values[position]))
        return encode_response(version, community, reqid, binds)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--first-port", type=int, required=True)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--interfaces", type=int, default=50)
    parser.add_argument("--delay-ms", type=float, default=20)
    args = parser.parse_args()
    oids, values = build_table(args.interfaces)
    loop = asyncio.get_running_loop()
    for number in range(args.agents):
        await loop.create_datagram_endpoint(lambda: Agent(oids, values, args.delay_ms / 1000),
                                            local_addr=("127.0.0.1", args.first_port + number))
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
