#!/usr/bin/env python3
"""A peering LAN of three members whose traffic pmacctd's sfprobe plugin samples into sFlow.

Three network namespaces (the members) hang off a bridge; every frame a member sends is
mirrored (tc mirred) to a monitor veth, where pmacctd sniffs it and its sfprobe plugin exports
sFlow version 5 at 1 in --rate. The datagrams go to a small UDP fan-out that forwards each one
to the collector under test (--agent-port on 127.0.0.1) and to sfacctd, which aggregates them
by (src_mac, dst_mac) without renormalising. Optionally the datagrams are also saved.

Prints one JSON document on stdout: the packets sent per member pair (the truth), sfacctd's
sampled packets and bytes per MAC pair, and the number of datagrams forwarded.

Needs root, iproute2 (ip, tc), pmacctd and sfacctd. Every name it creates starts with the
--prefix (default "sflow") and is removed at the end, also on failure.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

MEMBERS = {1: "02:00:5e:10:00:01", 2: "02:00:5e:10:00:02", 3: "02:00:5e:10:00:03"}
# (from, to, packets, UDP payload bytes)
FLOWS = [(1, 2, 3000, 200), (1, 3, 1000, 1000), (2, 3, 2000, 500), (3, 1, 600, 100)]


def sh(command, check=True):
    result = subprocess.run(command, shell=True, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{command}: {result.stderr.strip()}")
    return result


def setup(prefix):
    sh(f"ip link add {prefix}br type bridge")
    sh(f"ip link set {prefix}br up")
    sh(f"ip link add {prefix}mon0 type veth peer name {prefix}mon1")
    sh(f"ip link set {prefix}mon0 up")
    sh(f"ip link set {prefix}mon1 up")
    for number, mac in MEMBERS.items():
        ns = f"{prefix}-m{number}"
        sh(f"ip netns add {ns}")
        sh(f"ip link add {prefix}h{number} type veth peer name {prefix}i{number}")
        sh(f"ip link set {prefix}i{number} netns {ns}")
        sh(f"ip -n {ns} link set {prefix}i{number} address {mac}")
        sh(f"ip -n {ns} addr add 10.99.0.{number}/24 dev {prefix}i{number}")
        sh(f"ip -n {ns} link set {prefix}i{number} up")
        sh(f"ip -n {ns} link set lo up")
        sh(f"ip link set {prefix}h{number} master {prefix}br")
        sh(f"ip link set {prefix}h{number} up")
        # Every frame the member sends, copied to the monitor port.
        sh(f"tc qdisc add dev {prefix}h{number} ingress")
        sh(f"tc filter add dev {prefix}h{number} parent ffff: protocol all u32 match u32 0 0 action mirred egress mirror dev {prefix}mon0")
        for other, other_mac in MEMBERS.items():
            if other != number:
                sh(f"ip -n {ns} neigh replace 10.99.0.{other} lladdr {other_mac} dev {prefix}i{number} nud permanent")
        # No ICMP errors back for the traffic nobody listens to.
        sh(f"ip netns exec {ns} sysctl -qw net.ipv4.icmp_ratelimit=1000000")


def teardown(prefix):
    for number in MEMBERS:
        sh(f"ip netns del {prefix}-m{number}", check=False)
        sh(f"ip link del {prefix}h{number}", check=False)
    sh(f"ip link del {prefix}mon0", check=False)
    sh(f"ip link del {prefix}br", check=False)


def stop_group(process):
    """Kills a daemon started in its own session, with the plugin processes it forked."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FanOut(threading.Thread):
    """Forwards every datagram received on `port` to each target, and keeps a copy."""

    def __init__(self, port, targets, keep):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.bind(("127.0.0.1", port))
        self.sock.settimeout(0.2)
        self.targets = targets
        self.keep = keep
        self.kept = []
        self.count = 0
        self.stopping = False

    def run(self):
        out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        while not self.stopping:
            try:
                data = self.sock.recv(65535)
            except socket.timeout:
                continue
            self.count += 1
            if len(self.kept) < self.keep:
                self.kept.append(data)
            for target in self.targets:
                out.sendto(data, ("127.0.0.1", target))


def send_flows(prefix):
    sender = (
        "import socket,sys,time\n"
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
        "dst,count,size=sys.argv[1],int(sys.argv[2]),int(sys.argv[3])\n"
        "payload=b'x'*size\n"
        "for i in range(count):\n"
        "    s.sendto(payload,(dst,9))\n"
        "    if i%200==199: time.sleep(0.01)\n"
    )
    for source, destination, packets, size in FLOWS:
        sh(f"ip netns exec {prefix}-m{source} python3 -c \"{sender}\" 10.99.0.{destination} {packets} {size}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agent-port", type=int, required=True, help="UDP port of the collector under test on 127.0.0.1")
    parser.add_argument("--rate", type=int, default=10, help="sampling rate (1 in N packets)")
    parser.add_argument("--prefix", default="sflow")
    parser.add_argument("--save", help="a directory to save the first --keep datagrams in (datagram-NN.bin)")
    parser.add_argument("--keep", type=int, default=8)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix=f"{args.prefix}-lab-")
    fan_port, sfacctd_port = free_port(), free_port()
    processes = []
    teardown(args.prefix)
    try:
        setup(args.prefix)
        output = os.path.join(work, "sfacctd.json")
        with open(os.path.join(work, "sfacctd.conf"), "w") as f:
            f.write(f"daemonize: false\nsfacctd_ip: 127.0.0.1\nsfacctd_port: {sfacctd_port}\n"
                    "plugins: print\naggregate: src_mac, dst_mac\nprint_output: json\n"
                    f"print_output_file: {output}\nprint_refresh_time: 1\nprint_history: 1h\n"
                    "print_output_file_append: true\n")
        with open(os.path.join(work, "pmacctd.conf"), "w") as f:
            f.write(f"daemonize: false\npcap_interface: {args.prefix}mon1\nplugins: sfprobe\n"
                    f"sfprobe_receiver: 127.0.0.1:{fan_port}\nsfprobe_agentip: 192.0.2.1\n"
                    f"sampling_rate: {args.rate}\nsnaplen: 128\n")
        fan = FanOut(fan_port, [args.agent_port, sfacctd_port], args.keep)
        fan.start()
        processes.append(subprocess.Popen(["sfacctd", "-f", os.path.join(work, "sfacctd.conf")],
                                          stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "sfacctd.log"), "w"),
                                          start_new_session=True))
        processes.append(subprocess.Popen(["pmacctd", "-f", os.path.join(work, "pmacctd.conf")],
                                          stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "pmacctd.log"), "w"),
                                          start_new_session=True))
        time.sleep(2)
        send_flows(args.prefix)
        # sfprobe sends a datagram when it is full or a second has passed; then pmacctd is stopped.
        time.sleep(3)
        processes[1].send_signal(signal.SIGINT)
        try:
            processes[1].wait(timeout=15)
        except subprocess.TimeoutExpired:
            stop_group(processes[1])
        time.sleep(1)
        fan.stopping = True
        fan.join()
        time.sleep(2.5)  # sfacctd writes its aggregate every second
        processes[0].send_signal(signal.SIGINT)
        try:
            processes[0].wait(timeout=15)
        except subprocess.TimeoutExpired:
            stop_group(processes[0])
        # Each refresh appends the rows of its interval: sum them per pair.
        totals = {}
        if os.path.exists(output):
            with open(output) as f:
                for line in f:
                    line = line.strip()
                    if line:
                        row = json.loads(line)
                        key = (row["mac_src"], row["mac_dst"])
                        packets, size = totals.get(key, (0, 0))
                        totals[key] = (packets + row["packets"], size + row["bytes"])
        pairs = [{"src_mac": s, "dst_mac": d, "packets": p, "bytes": b} for (s, d), (p, b) in sorted(totals.items())]
        if args.save:
            os.makedirs(args.save, exist_ok=True)
            for index, data in enumerate(fan.kept):
                with open(os.path.join(args.save, f"datagram-{index:02d}.bin"), "wb") as f:
                    f.write(data)
        truth = [{"src_mac": MEMBERS[s], "dst_mac": MEMBERS[d], "packets": n, "udp_payload_bytes": size}
                 for s, d, n, size in FLOWS]
        json.dump({"rate": args.rate, "datagrams": fan.count, "sent": truth, "sfacctd": pairs,
                   "work": work}, sys.stdout, indent=1)
        print()
    finally:
        for process in processes:
            stop_group(process)
        teardown(args.prefix)


if __name__ == "__main__":
    main()
