#!/usr/bin/env python3
"""The summary of a soak run's CSV (Lab/soak.sh): RSS after the warm-up against the end, the
store's own allocation over the same span, RSS's anonymous and file-backed parts, fd and
thread ranges, and an ASCII curve of RSS after the warm-up.

    soak_report.py docs/soak/soak-….csv [--warmup 0.2] [--goal 1.0]

After the warm-up (the first 20 % of the samples) and at the end, RSS is the median of the
samples in a window of 5 % of the run (at least 3), so that one sample taken during a
detection run or a checkpoint does not decide it. Exit 0: RSS growth under --goal percent;
1 otherwise.
"""
import argparse
import csv
import statistics
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--warmup", type=float, default=0.2)
    ap.add_argument("--goal", type=float, default=1.0)
    args = ap.parse_args()
    with open(args.csv) as f:
        rows = [r for r in csv.DictReader(f) if r.get("rss_kib")]
    if len(rows) < 10:
        print(f"soak: only {len(rows)} samples, too few to judge")
        return 1

    def column(name):
        return [float(r[name]) if r.get(name) not in (None, "") else None for r in rows]

    rss = column("rss_kib")
    fds = [v for v in column("fds") if v is not None]
    threads = [v for v in column("threads") if v is not None]
    store = column("store_allocated_bytes")
    n = len(rows)
    width = max(3, round(n * 0.05))
    w = min(n - width, int(n * args.warmup))

    def median(values, start):
        window = [v for v in values[start:start + width] if v is not None]
        return statistics.median(window) if window else float("nan")

    rss_warm, rss_end = median(rss, w), median(rss, n - width)
    growth = (rss_end - rss_warm) / rss_warm * 100
    store_warm, store_end = median(store, w), median(store, n - width)
    elapsed = float(rows[-1]["elapsed_s"])
    print(f"soak: {n} samples over {elapsed / 60:.1f} min ({rows[0].get('lab_clock', '')} → {rows[-1].get('lab_clock', '')} lab time)")
    print(f"soak: RSS after warm-up ({args.warmup:.0%}, t={float(rows[w]['elapsed_s']):.0f} s) {rss_warm / 1024:.1f} MiB, "
          f"at the end {rss_end / 1024:.1f} MiB: {growth:+.2f} % (goal < {args.goal} %); "
          f"min {min(v for v in rss if v) / 1024:.1f}, max {max(v for v in rss if v) / 1024:.1f} MiB")
    if store_warm == store_warm and store_end == store_end:
        print(f"soak: store allocation (ixp_store_allocated_bytes) {store_warm / 1048576:.2f} → {store_end / 1048576:.2f} MiB "
              f"({(store_end - store_warm) / 1048576:+.2f} MiB); RSS change {(rss_end - rss_warm) / 1024:+.2f} MiB, "
              f"of which not the store {((rss_end - rss_warm) * 1024 - (store_end - store_warm)) / 1048576:+.2f} MiB")
    anon, file = column("rss_anon_kib"), column("rss_file_kib")
    if any(v is not None for v in anon):
        anon_warm, anon_end = median(anon, w), median(anon, n - width)
        file_warm, file_end = median(file, w), median(file, n - width)
        print(f"soak: of RSS, anonymous (heap) {anon_warm / 1024:.1f} → {anon_end / 1024:.1f} MiB "
              f"({(anon_end - anon_warm) / anon_warm * 100:+.2f} %), file-backed (binary, mapped snapshot) "
              f"{file_warm / 1024:.1f} → {file_end / 1024:.1f} MiB")
    # The least-squares trend of RSS after the warm-up: a leak climbs, a settled heap does not.
    points = [(float(r["elapsed_s"]), v / 1024) for r, v in zip(rows[w:], rss[w:]) if v]
    if len(points) >= 3:
        mx = sum(x for x, _ in points) / len(points)
        my = sum(y for _, y in points) / len(points)
        sxx = sum((x - mx) ** 2 for x, _ in points)
        slope = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
        print(f"soak: RSS trend after the warm-up {slope * 3600:+.2f} MiB per hour of run "
              f"({slope * 3600 / my * 100:+.2f} % per hour; a lab day at --speed S lasts 24/S hours)")
    print(f"soak: open fds {min(fds):.0f}–{max(fds):.0f}, threads {min(threads):.0f}–{max(threads):.0f}")
    # ASCII curve: RSS over time, 60 columns, 12 rows.
    # The curve starts at the end of the warm-up, so that start-up does not flatten it.
    cols, height = 60, 12
    first = float(rows[w]["elapsed_s"])
    rss, n = rss[w:], n - w
    lo, hi = min(v for v in rss if v), max(v for v in rss if v)
    span = max(hi - lo, 1)
    grid = [[" "] * cols for _ in range(height)]
    for i, v in enumerate(rss):
        if v is None:
            continue
        x = min(cols - 1, i * cols // n)
        y = height - 1 - int((v - lo) / span * (height - 1))
        grid[y][x] = "*"
    print(f"RSS (MiB) {hi / 1024:8.1f} ┤" + "".join(grid[0]))
    for row in grid[1:-1]:
        print(" " * 18 + "│" + "".join(row))
    print(f"          {lo / 1024:8.1f} ┤" + "".join(grid[-1]))
    print(" " * 18 + "└" + "─" * cols)
    print(" " * 19 + f"{first:.0f} s{' ' * (cols - 12)}{elapsed:.0f} s")
    ok = growth < args.goal
    print(f"soak: {'PASS' if ok else 'FAIL'}: RSS growth {growth:+.2f} % after the warm-up")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
