#!/usr/bin/env python3
"""Writes a synthetic switch of N interfaces in snmpsim's .snmprec format (OID|TYPE|VALUE).

    make-switch.py --interfaces 1035 > bench.snmprec

Every interface has the IF-MIB ifTable and ifXTable columns ixp-health reads, with 64-bit
counters, an ifAlias naming a member AS (AS64500 + index), and distinct counter values.
Written for ixp-health's /metrics benchmark; no third-party data.
"""
import argparse
import sys

IF_TABLE = "1.3.6.1.2.1.2.2.1"
IFX_TABLE = "1.3.6.1.2.1.31.1.1.1"


def rows(index):
    speed_mbps = 10_000 if index % 3 else 100_000
    base = index * 7_919
    name = f"Ethernet{index}"
    oper = 1 if index % 10 else 2
    yield f"{IF_TABLE}.1.{index}", 2, index
    yield f"{IF_TABLE}.2.{index}", 4, name
    yield f"{IF_TABLE}.3.{index}", 2, 6
    yield f"{IF_TABLE}.4.{index}", 2, 9214
    yield f"{IF_TABLE}.5.{index}", 66, 4_294_967_295
    yield f"{IF_TABLE}.6.{index}", "4x", f"02000000{index:04x}"
    yield f"{IF_TABLE}.7.{index}", 2, 1
    yield f"{IF_TABLE}.8.{index}", 2, oper
    yield f"{IF_TABLE}.9.{index}", 67, 1000
    counters32 = {10: base * 1000, 11: base * 10, 12: base, 13: index % 7, 14: index % 5, 15: 0,
                  16: base * 900, 17: base * 9, 18: base, 19: index % 3, 20: index % 2}
    for column, value in counters32.items():
        yield f"{IF_TABLE}.{column}.{index}", 65, value % 2**32
    yield f"{IFX_TABLE}.1.{index}", 4, name
    for column, value in {2: base, 3: base // 2, 4: base, 5: base // 3}.items():
        yield f"{IFX_TABLE}.{column}.{index}", 65, value % 2**32
    hc = {6: base * 1_000_000, 7: base * 10_000, 8: base * 10, 9: base * 5,
          10: base * 900_000, 11: base * 9_000, 12: base * 9, 13: base * 4}
    for column, value in hc.items():
        yield f"{IFX_TABLE}.{column}.{index}", 70, value
    yield f"{IFX_TABLE}.14.{index}", 2, 1
    yield f"{IFX_TABLE}.15.{index}", 66, speed_mbps
    yield f"{IFX_TABLE}.16.{index}", 2, 2
    yield f"{IFX_TABLE}.17.{index}", 2, 1
    yield f"{IFX_TABLE}.18.{index}", 4, f"AS{64500 + index} Member {index}"
    yield f"{IFX_TABLE}.19.{index}", 67, 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interfaces", type=int, default=1035)
    arguments = parser.parse_args()
    lines = [
        ("1.3.6.1.2.1.1.1.0", 4, "ixp-health benchmark switch"),
        ("1.3.6.1.2.1.1.2.0", 6, "1.3.6.1.4.1.8072.3.2.10"),
        ("1.3.6.1.2.1.1.3.0", 67, 123_456),
        ("1.3.6.1.2.1.1.5.0", 4, "bench"),
        ("1.3.6.1.2.1.2.1.0", 2, arguments.interfaces),
    ]
    for index in range(1, arguments.interfaces + 1):
        lines.extend(rows(index))
    lines.sort(key=lambda line: tuple(int(part) for part in line[0].split(".")))
    out = sys.stdout
    for oid, kind, value in lines:
        out.write(f"{oid}|{kind}|{value}\n")


if __name__ == "__main__":
    main()
