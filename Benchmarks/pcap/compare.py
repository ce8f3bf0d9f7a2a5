#!/usr/bin/env python3
"""Times the four readers of one capture and prints the ratios (called by run.sh)."""
import argparse
import json
import resource
import subprocess
import sys
import time


def timed(cmd, out_path=None, repeat=1):
    best = None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with open(out_path or "/dev/null", "wb") as out:
            subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if best is None or wall < best[0]:
            best = (wall, cpu)
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pcap", required=True)
    p.add_argument("--bare", required=True)
    p.add_argument("--ixp", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    truth = json.load(open(a.pcap + ".truth.json"))
    frames = truth["frames_total"]
    report_path = a.out + "/report.json"
    rows = [
        ("bare pcap_next_ex loop", timed([a.bare, a.pcap], repeat=a.repeat)),
        ("ixp-health analyze-pcap", timed([a.ixp, "analyze-pcap", a.pcap, "--format", "json"], report_path, repeat=a.repeat)),
        ("analyze-pcap --members", timed([a.ixp, "analyze-pcap", a.pcap, "--members", a.pcap + ".members.json",
                                          "--format", "json"], a.out + "/report-members.json", repeat=a.repeat)),
        ("tcpdump -n -r", timed(["tcpdump", "-n", "-r", a.pcap], repeat=1)),
        ("tshark -q -z io,phs", timed(["tshark", "-q", "-z", "io,phs", "-r", a.pcap], repeat=1)),
    ]
    report = json.load(open(report_path))
    mismatches = {k: (report["by_class"].get(k), v) for k, v in truth["by_class"].items() if report["by_class"].get(k) != v}
    ok = not mismatches and report["frames_total"] == frames and report["vlan_tagged"] == truth["vlan_tagged"] \
        and report["bytes_total"] == truth["bytes_total"]
    with_members = json.load(open(a.out + "/report-members.json"))
    ok = ok and with_members["by_class"] == report["by_class"] and len(with_members["macs"]["unknown"]) == truth.get("unknown_macs", 0)
    bare = rows[0][1][0]
    print(f"capture: {a.pcap} ({frames} frames, {truth['bytes_total']} bytes)")
    print(f"{'reader':28} {'wall s':>8} {'cpu s':>8} {'Mframes/s':>10} {'x bare':>8}")
    for name, (wall, cpu) in rows:
        print(f"{name:28} {wall:8.3f} {cpu:8.3f} {frames / wall / 1e6:10.2f} {wall / bare:8.2f}")
    print("analyze-pcap vs ground truth:", "all classes, VLAN and byte counts agree, no unknown MACs with --members"
          if ok else f"MISMATCH {mismatches}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
