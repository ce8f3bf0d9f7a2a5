#!/usr/bin/env bash
# The part of test-deb.sh that runs inside the clean root (see test-deb.sh).
set -euo pipefail
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
ok() { echo "test-deb: ok: $*"; }

getent passwd ixp-health >/dev/null && fail "the ixp-health user exists before install"
DEBIAN_FRONTEND=noninteractive dpkg -i /ixp-health.deb >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -i"; }
ok "dpkg -i installed $(dpkg-query -W -f='${Package} ${Version}' ixp-health)"

getent passwd ixp-health >/dev/null || fail "no ixp-health user"
[ "$(stat -c '%U:%G %a' /etc/ixp-health)" = "root:ixp-health 750" ] || fail "/etc/ixp-health owner/mode: $(stat -c '%U:%G %a' /etc/ixp-health)"
[ "$(stat -c '%U:%G %a' /etc/ixp-health/config.yaml)" = "root:ixp-health 640" ] || fail "config.yaml owner/mode"
for f in /usr/bin/ixp-health /lib/systemd/system/ixp-health.service \
         /usr/share/ixp-health/Dashboards/ixp-health-overview.json \
         /usr/share/ixp-health/Dashboards/ixp-health-rules.yml \
         /usr/share/ixp-health/Probes/peering-lan.yaml /usr/share/doc/ixp-health/copyright \
         /usr/share/doc/ixp-health/README.md /usr/share/doc/ixp-health/docs/configuration.md \
         /usr/share/doc/ixp-health/docs/deploying.md; do
    [ -e "$f" ] || fail "missing $f"
done
conffiles=$(dpkg-query -W -f='${Conffiles}\n' ixp-health)
for f in /etc/ixp-health/config.yaml /etc/ixp-health/environment; do
    grep -q "^ $f " <<< "$conffiles" || fail "$f is not a conffile"
done
ok "user, files and modes"

# A release package links the Swift runtime in: hide the toolchain, so that the binary runs on
# what its Depends line brings. (A test package of a debug build needs /opt/swift.)
if ! grep -q 'NEEDED.*libswiftCore' <<< "$(objdump -p /usr/bin/ixp-health)"; then
    [ -d /opt/swift ] && mount -t tmpfs -o ro tmpfs /opt/swift
    missing=$(ldd /usr/bin/ixp-health | grep 'not found' || true)
    [ -z "$missing" ] || fail "libraries not found: $missing"
    ok "runs without the Swift toolchain (every library from its Depends)"
fi

systemd-analyze verify /lib/systemd/system/ixp-health.service || fail "systemd-analyze verify"
ok "systemd-analyze verify"

ixp-health check-config /etc/ixp-health/config.yaml >/dev/null || fail "the shipped config is invalid"
# Every commented example, uncommented, must be valid too.
mkdir -p /tmp/examples
for s in edge1.auth edge1.priv smtp.pass; do echo examplesecret123 > "/tmp/examples/$s"; done
python3 - <<'PY'
import re
s = open('/etc/ixp-health/config.yaml').read().replace('switches: []\n', 'switches:\n')
out = []
for line in s.splitlines():
    m = re.match(r'^#( ( |[a-z_]+:).*)$', line)
    out.append(m.group(1)[1:] if m and not line.startswith('# Example') else line)
text = '\n'.join(out).replace('/etc/ixp-health/', '/tmp/examples/').replace('/usr/share/ixp-health/', '/usr/share/ixp-health/')
text = text.replace('/tmp/examples/config.yaml', '/etc/ixp-health/config.yaml')
open('/tmp/examples/config.yaml', 'w').write(text)
PY
IXP_COMMUNITY=public ixp-health check-config /tmp/examples/config.yaml >/dev/null || {
    IXP_COMMUNITY=public ixp-health check-config /tmp/examples/config.yaml; fail "an uncommented example is invalid"; }
ok "config.yaml valid as shipped and with every example uncommented"

# A switch to poll: snmpd on loopback in this namespace.
cat > /tmp/snmpd.conf <<'CONF'
agentAddress udp:127.0.0.1:11161
rocommunity public 127.0.0.1
sysName deb-test-switch
CONF
snmpd -f -Lo -C -c /tmp/snmpd.conf -p /tmp/snmpd.pid >/tmp/snmpd.log 2>&1 &
snmpd_pid=$!
trap 'kill $snmpd_pid 2>/dev/null || true; [ -n "${agent_pid:-}" ] && kill $agent_pid 2>/dev/null || true' EXIT

# What an operator does: add the switch, put its community in the environment file.
sed -i 's/^switches: \[\]$/switches:\n  - {name: debtest, address: 127.0.0.1, port: 11161, version: "2c", community_env: IXP_COMMUNITY, interval: 5s}/' /etc/ixp-health/config.yaml
echo 'IXP_COMMUNITY=public' >> /etc/ixp-health/environment
ixp-health check-config /etc/ixp-health/config.yaml >/dev/null 2>&1 || IXP_COMMUNITY=public ixp-health check-config /etc/ixp-health/config.yaml >/dev/null || fail "the edited config is invalid"

# systemd's StateDirectory=, User=, EnvironmentFile=, AmbientCapabilities=, then the unit's ExecStart.
unit=/lib/systemd/system/ixp-health.service
install -d -o ixp-health -g ixp-health -m 0750 /var/lib/ixp-health
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
caps=$(sed -n 's/^AmbientCapabilities=//p' "$unit" | tr 'A-Z' 'a-z' | sed -E 's/(^| )cap_/\1+/g; s/ /,/g')
set -a; . /etc/ixp-health/environment; set +a
cd /var/lib/ixp-health
setpriv --reuid=ixp-health --regid=ixp-health --init-groups --inh-caps="$caps" --ambient-caps="$caps" \
    --bounding-set="-all,$caps" --no-new-privs $exec_start >/tmp/agent.log 2>&1 &
agent_pid=$!
metrics=""
for _ in $(seq 1 60); do
    sleep 0.5
    metrics=$(curl -sf http://127.0.0.1:9470/metrics || true)
    grep -q '^ixp_snmp_poll_success{switch="debtest"} 1' <<< "$metrics" && break
done
grep -q '^ixp_build_info' <<< "$metrics" || { cat /tmp/agent.log; fail "no ixp_build_info on /metrics"; }
grep -q '^ixp_snmp_poll_success{switch="debtest"} 1' <<< "$metrics" || { cat /tmp/agent.log; echo "$metrics" | grep snmp | head; fail "the switch was not polled"; }
grep -q '^ixp_interface_receive_bytes_total{.*switch="debtest"' <<< "$metrics" || fail "no interface counters"
ok "the unit's command line polls the switch and serves /metrics"

status=/proc/$agent_pid/status
uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "$status")
[ "$uids" = "$(id -u ixp-health) $(id -u ixp-health) $(id -u ixp-health) $(id -u ixp-health)" ] || fail "the agent runs with uids $uids"
capeff=$(awk '/^CapEff:/ {print $2}' "$status")
[ "$capeff" = "0000000000003000" ] || fail "effective capabilities $capeff, expected CAP_NET_RAW|CAP_NET_ADMIN (0x3000)"
ok "runs as ixp-health, effective capabilities only CAP_NET_ADMIN and CAP_NET_RAW"

kill -TERM $agent_pid
for _ in $(seq 1 60); do kill -0 $agent_pid 2>/dev/null || break; sleep 0.5; done
kill -0 $agent_pid 2>/dev/null && fail "the agent did not stop within 30 s of SIGTERM (TimeoutStopSec)"
[ -n "$(ls -A /var/lib/ixp-health)" ] || fail "nothing written to the state directory"
ok "SIGTERM stops it; state written to /var/lib/ixp-health ($(ls /var/lib/ixp-health | paste -sd' '))"

dpkg --purge ixp-health >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg --purge"; }
getent passwd ixp-health >/dev/null && fail "the user survived purge"
[ -e /usr/bin/ixp-health ] && fail "the binary survived purge"
[ -e /var/lib/ixp-health ] && fail "the state survived purge"
[ -e /etc/ixp-health/config.yaml ] && fail "the conffile survived purge"
ok "dpkg --purge removes the package, its user and its state"
echo "test-deb: PASS"
