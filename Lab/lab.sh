#!/usr/bin/env bash
# A small living Internet exchange in network namespaces: a Linux bridge is the switch, veth
# pairs are member ports, member namespaces run BIRD with sessions to two route servers and to
# each other, traffic follows a daily rhythm, eight members misbehave, and net-snmp's snmpd in
# the switch namespace reports the real IF-MIB counters. See Lab/README.md.
#
#   Lab/lab.sh up [--members M] [--speed X] [--ports N] [--no-traffic] [--no-misbehave]
#                 [--spare-pairs K] [--switches S] [--switch-ports P] [--state-dir DIR]
#   Lab/lab.sh down [--state-dir DIR] [--keep-state]
#   Lab/lab.sh status [--state-dir DIR]
#   Lab/lab.sh mail [--state-dir DIR]     # the mail received: one line per message, date and subject
#   Lab/lab.sh env [--state-dir DIR]      # prints shell variables describing the running lab
#   Lab/lab.sh agent-config --bin PATH [--state-dir DIR]   # the agent's configuration for this lab
#   Lab/lab.sh fallback                   # without root: what to run instead (snmpsim, a capture)
#
# Everything stays inside namespaces the script makes (ixlab, ixm*, ixrs1, ixrs2, ixsvc, ixsw*),
# plus host links named ixlab-* (the management bridge 169.254.200.1/24, link-local, and the
# monitor port ixlab-mon). Needs root, bird2, snmpd, python3 with aiosmtpd, openssl, and a
# built synth-history (swift build --product synth-history, or IXLAB_SYNTH=path).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

MEMBERS=20          # member namespaces (present members of the exchange)
PORTS=              # bridge ports for members (default: members + 2 departed + 2 empty)
SPEED=96            # lab clock: lab seconds per real second (96: a lab day in 15 minutes)
SPARE_PAIRS=0       # extra veth pairs with both ends in ixlab (benchmark: 500 → 1,000 interfaces)
SWITCHES=0          # extra small switches (ixsw1…), one snmpd each (benchmark: 50 targets)
SWITCH_PORTS=24     # veth pairs per extra switch
TRAFFIC=1
MISBEHAVE=1
KEEP_STATE=0
AGENT_BIN=
STATE_DIR=${IXLAB_STATE_DIR:-/tmp/ixlab}

MGMT_BR=ixlab-mgmt
MGMT_NET=169.254.200
SVC_ADDR=$MGMT_NET.3
LAB_NS=ixlab
LAN4=100.64.0          # peering LAN, only inside the namespaces
LAN6=fd00:6978         # "ix"; fd00:6978::/64, only inside the namespaces
RS_ASN=64999
COMMUNITY=public
V3_USER=ixuser
V3_AUTH=            # the secrets are new random values on every `up` (make_secrets)
V3_PRIV=
SMTP_USER=ixp-health
HTTP_USER=noc
HTTPS_PORT=8443
SMTP_PORT=587

die() { echo "lab.sh: $*" >&2; exit 2; }
log() { echo "lab.sh: $*" >&2; }

usage() {
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
}

parse_args() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --members) MEMBERS=${2:?--members needs a number}; shift 2 ;;
            --ports) PORTS=${2:?--ports needs a number}; shift 2 ;;
            --speed) SPEED=${2:?--speed needs a number}; shift 2 ;;
            --spare-pairs) SPARE_PAIRS=${2:?--spare-pairs needs a number}; shift 2 ;;
            --switches) SWITCHES=${2:?--switches needs a number}; shift 2 ;;
            --switch-ports) SWITCH_PORTS=${2:?--switch-ports needs a number}; shift 2 ;;
            --bench) SPARE_PAIRS=500; MISBEHAVE=0; shift ;;
            --no-traffic) TRAFFIC=0; shift ;;
            --no-misbehave) MISBEHAVE=0; shift ;;
            --keep-state) KEEP_STATE=1; shift ;;
            --state-dir) STATE_DIR=${2:?--state-dir needs a directory}; shift 2 ;;
            --bin) AGENT_BIN=${2:?--bin needs the ixp-health binary}; shift 2 ;;
            -h|--help) usage; exit 0 ;;
            *) die "unknown option '$1' (see --help)" ;;
        esac
    done
    for v in MEMBERS SPARE_PAIRS SWITCHES SWITCH_PORTS; do
        [[ ${!v} =~ ^[0-9]+$ ]] || die "--$(echo "$v" | tr 'A-Z_' 'a-z-') must be a whole number, got '${!v}'"
    done
    [[ $SPEED =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--speed must be a number (lab seconds per real second), got '$SPEED'"
    [ "$MEMBERS" -ge 2 ] && [ "$MEMBERS" -le 200 ] || die "--members must be from 2 to 200, got $MEMBERS"
    if [ -z "$PORTS" ]; then PORTS=$((MEMBERS + 4)); fi
    [[ $PORTS =~ ^[0-9]+$ ]] || die "--ports must be a whole number, got '$PORTS'"
    [ "$PORTS" -ge $((MEMBERS + 2)) ] || die "--ports ($PORTS) must leave room for the members and the two that left ($((MEMBERS + 2)))"
    [ "$SWITCHES" -le 150 ] || die "--switches is at most 150"
    case "$STATE_DIR" in /|"") die "refusing state dir '$STATE_DIR'" ;; esac
}

need_root() {
    [ "$(id -u)" -eq 0 ] && return 0
    echo "lab.sh: the living lab needs root (network namespaces, veth pairs, a bridge)." >&2
    echo "lab.sh: without root, run '$0 fallback' for a lab of recordings instead." >&2
    exit 2
}

# Lab namespaces are exactly these names; nothing else is ever touched.
lab_namespaces() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^(ixlab|ixm[0-9]+|ixrs[12]|ixsvc|ixsw[0-9]+)$' || true
}

lab_host_links() {
    ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E '^ixlab-' || true
}

find_synth() {
    local c
    for c in "${IXLAB_SYNTH:-}" "$ROOT/.build/release/synth-history" "$ROOT/.build/debug/synth-history"; do
        [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
    done
    return 1
}

write_snmpd_conf() { # $1 dir, $2 listen address, $3 sysName, $4 extra lines
    local dir=$1 addr=$2
    mkdir -p "$dir/persist"
    chmod 700 "$dir/persist"
    cat > "$dir/snmpd.conf" <<EOF
# generated by Lab/lab.sh
agentAddress udp:$addr:161
rocommunity $COMMUNITY $MGMT_NET.0/24
createUser $V3_USER SHA-256 "$V3_AUTH" AES "$V3_PRIV"
rouser $V3_USER priv
# lets lab.sh copy the kernel's interface aliases into ifAlias (net-snmp does not read them)
view ixaliasview included .1.3.6.1.2.1.31.1.1.1.18
rwcommunity ixlabadmin $MGMT_NET.1 -V ixaliasview
sysName $3
sysLocation ixp-health lab
sysContact lab@example.invalid
[snmp] persistentDir $dir/persist
${4:-}
EOF
}

start_snmpd() { # $1 namespace, $2 dir
    local ns=$1 dir=$2
    ip netns exec "$ns" env SNMP_PERSISTENT_DIR="$dir/persist" MIBS= \
        snmpd -C -c "$dir/snmpd.conf" -Lf "$dir/snmpd.log" -p "$dir/snmpd.pid"
}

wait_snmpd() { # $1 address
    local i
    for i in $(seq 1 50); do
        if snmpget -v2c -c "$COMMUNITY" -On -t 0.3 -r 0 "$1" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    die "snmpd at $1 did not answer within 15 s (see $STATE_DIR/*/snmpd.log)"
}

# net-snmp 5.9 does not read the kernel's ifalias, so copy each alias into ifAlias with SET.
sync_aliases() { # $1 namespace, $2 agent address
    local args=() n=0 line idx alias
    while IFS= read -r line; do
        idx=${line%% *}; alias=${line#* }
        args+=("1.3.6.1.2.1.31.1.1.1.18.$idx" s "$alias")
        n=$((n + 1))
        if [ "$n" -ge 40 ]; then
            snmpset -v2c -c ixlabadmin -On -Oq -t 2 -r 2 "$2" "${args[@]}" >/dev/null
            args=(); n=0
        fi
    done < <(ip -n "$1" -o link show | sed -n 's/^\([0-9]*\): .*\\    alias \(.*\)$/\1 \2/p')
    if [ "$n" -gt 0 ]; then
        snmpset -v2c -c ixlabadmin -On -Oq -t 2 -r 2 "$2" "${args[@]}" >/dev/null
    fi
}

# Host side of the management network: a bridge, one veth per namespace that has a mgmt address.
add_mgmt_link() { # $1 namespace, $2 host-side name, $3 address inside
    local ns=$1 hostif=$2 addr=$3
    ip link add "$hostif" type veth peer name mgmt0 netns "$ns"
    ip link set "$hostif" master "$MGMT_BR" up
    ip -n "$ns" -batch - <<EOF
addr add $addr/24 dev mgmt0
link set mgmt0 alias "management"
link set mgmt0 up
EOF
}

# ---- the member table (from synth-history, the same exchange as the imported history) ----

generate_history() {
    local synth
    synth=$(find_synth) || die "synth-history is not built: run 'swift build --product synth-history' (or set IXLAB_SYNTH)"
    mkdir -p "$STATE_DIR/history"
    log "generating two years of history for $MEMBERS members (synth-history --scenario lab) …"
    "$synth" --scenario lab --members "$MEMBERS" --end now --step 3600 --out "$STATE_DIR/history" > "$STATE_DIR/history/ground-truth.txt"
    [ -s "$STATE_DIR/history/lab-members.tsv" ] || die "synth-history wrote no lab-members.tsv"
}

# Reads lab-members.tsv into arrays indexed by member number.
declare -a M_ASN M_NAME M_V4 M_V6 M_MAC M_SPEED M_ROLE M_PRESENT
read_table() {
    local number asn name v4 v6 mac speed peak ratio role present
    while IFS=$'\t' read -r number asn name v4 v6 mac speed peak ratio role present; do
        [ "$number" = number ] && continue
        M_ASN[$number]=$asn; M_NAME[$number]=$name; M_V4[$number]=$v4; M_V6[$number]=$v6; M_MAC[$number]=$mac
        M_SPEED[$number]=$speed; M_ROLE[$number]=$role; M_PRESENT[$number]=$present
    done < "$STATE_DIR/history/lab-members.tsv"
}

member_with_role() { # $1 role → member number, or nothing
    local n
    for n in "${!M_ROLE[@]}"; do [ "${M_ROLE[$n]}" = "$1" ] && [ "${M_PRESENT[$n]}" = 1 ] && { echo "$n"; return 0; }; done
    return 0
}

# ---- secrets ----

# New random secrets on every `up`, each in a file of its own under secrets/ (mode 600) and in
# lab.env: the SNMPv3 pass phrases, the SMTP password, the dashboard password and the /metrics
# bearer token. The agent's configuration names only the files and variables (agent-config).
make_secrets() {
    local d=$STATE_DIR/secrets
    mkdir -p "$d"
    chmod 700 "$d"
    V3_AUTH=lab-auth-$(openssl rand -hex 12)
    V3_PRIV=lab-priv-$(openssl rand -hex 12)
    printf '%s\n' "$V3_AUTH" > "$d/snmp-auth"
    printf '%s\n' "$V3_PRIV" > "$d/snmp-priv"
    printf '%s\n' "lab-smtp-$(openssl rand -hex 12)" > "$d/smtp-password"
    printf '%s\n' "lab-http-$(openssl rand -hex 12)" > "$d/http-password"
    printf '%s\n' "lab-token-$(openssl rand -hex 16)" > "$d/metrics-token"
    chmod 600 "$d"/*
}

# ---- certificates, member export, mail ----

make_certificates() {
    local d=$STATE_DIR/tls
    mkdir -p "$d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "/CN=ixp-health lab CA" \
        -keyout "$d/ca.key" -out "$d/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=lab.ixp-health.invalid" \
        -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:%s,DNS:lab.ixp-health.invalid\nextendedKeyUsage=serverAuth\n' "$SVC_ADDR" > "$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
        -extfile "$d/server.ext" -out "$d/server.pem" 2>/dev/null
    chmod 600 "$d"/*.key
}

start_services() {
    add_mgmt_link ixsvc ixlab-vs "$SVC_ADDR"
    ip -n ixsvc link set lo up
    mkdir -p "$STATE_DIR/www" "$STATE_DIR/mail/tmp" "$STATE_DIR/mail/new" "$STATE_DIR/mail/cur"
    cp "$STATE_DIR/history/members.json" "$STATE_DIR/www/members.json"
    ip netns exec ixsvc setsid python3 "$HERE/https_server.py" --bind "$SVC_ADDR" --port "$HTTPS_PORT" \
        --dir "$STATE_DIR/www" --cert "$STATE_DIR/tls/server.pem" --key "$STATE_DIR/tls/server.key" \
        >> "$STATE_DIR/https.log" 2>&1 < /dev/null &
    ip netns exec ixsvc setsid python3 "$HERE/smtp_server.py" --bind "$SVC_ADDR" --port "$SMTP_PORT" \
        --maildir "$STATE_DIR/mail" --cert "$STATE_DIR/tls/server.pem" --key "$STATE_DIR/tls/server.key" \
        --user "$SMTP_USER" --password-file "$STATE_DIR/secrets/smtp-password" \
        >> "$STATE_DIR/smtp.log" 2>&1 < /dev/null &
}

wait_services() {
    local i
    for i in $(seq 1 100); do
        if curl -sf --cacert "$STATE_DIR/tls/ca.pem" -o /dev/null "https://$SVC_ADDR:$HTTPS_PORT/api/v4/member-export/ixf/1.0" \
            && (exec 3<>"/dev/tcp/$SVC_ADDR/$SMTP_PORT") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    die "the member export (https://$SVC_ADDR:$HTTPS_PORT) or the mail server did not answer within 10 s (see $STATE_DIR/https.log, smtp.log)"
}

# ---- BIRD ----

hex() { printf '%x' "$1"; }

write_member_bird() { # $1 member number
    local n=$1 asn=${M_ASN[$1]} v4=${M_V4[$1]} v6=${M_V6[$1]} conf=$STATE_DIR/bird/ixm$1.conf peer
    {
        echo "# AS$asn ${M_NAME[$n]} (generated by Lab/lab.sh)"
        echo "router id $v4;"
        echo "protocol device { }"
        echo "protocol static own4 { ipv4; route 10.$n.0.0/16 blackhole; }"
        echo "protocol static own6 { ipv6; route fd69:78:$(hex "$n")::/48 blackhole; }"
        if [ "${M_ROLE[$n]}" != no_route_server ]; then
            local i
            for i in 1 2; do
                local rs4=$LAN4.$((252 + i)) rs6=$LAN6::$(hex $((252 + i)))
                echo "protocol bgp rs${i}v4 { local $v4 as $asn; neighbor $rs4 as $RS_ASN; hold time 30;"
                echo "  ipv4 { import all; export where source = RTS_STATIC; }; }"
                echo "protocol bgp rs${i}v6 { local $v6 as $asn; neighbor $rs6 as $RS_ASN; hold time 30;"
                echo "  ipv6 { import all; export where source = RTS_STATIC; }; }"
            done
        fi
        # Bilateral sessions: members 4k+1 and 4k+2 peer with each other, and every fifth
        # member with member 1.
        for peer in $(bilateral_peers "$n"); do
            echo "protocol bgp m$peer { local $v4 as $asn; neighbor ${M_V4[$peer]} as ${M_ASN[$peer]}; hold time 30;"
            echo "  ipv4 { import all; export where source = RTS_STATIC; }; }"
        done
    } > "$conf"
}

bilateral_peers() { # $1 member → the members it peers with directly
    local n=$1 out=""
    if [ $((n % 4)) -eq 1 ] && [ $((n + 1)) -le "$MEMBERS" ]; then out="$out $((n + 1))"; fi
    if [ $((n % 4)) -eq 2 ]; then out="$out $((n - 1))"; fi
    if [ "$n" -ne 1 ] && [ $((n % 5)) -eq 0 ] && [ "$n" -ne 2 ]; then out="$out 1"; fi
    if [ "$n" -eq 1 ]; then local k; for k in $(seq 5 5 "$MEMBERS"); do [ "$k" -ne 2 ] && out="$out $k"; done; fi
    echo $out
}

write_rs_bird() { # $1 route server 1 or 2
    local i=$1 conf=$STATE_DIR/bird/ixrs$1.conf n
    local v4=$LAN4.$((252 + i)) v6=$LAN6::$(hex $((252 + i)))
    {
        echo "# route server $i, AS$RS_ASN (generated by Lab/lab.sh): per member, its own prefix and itself first in the AS path"
        echo "router id $v4;"
        echo "protocol device { }"
        for n in "${!M_ASN[@]}"; do
            [ "${M_PRESENT[$n]}" = 1 ] || continue
            [ "${M_ROLE[$n]}" = no_route_server ] && continue
            local asn=${M_ASN[$n]}
            echo "protocol bgp as${asn}v4 { local $v4 as $RS_ASN; neighbor ${M_V4[$n]} as $asn; rs client; hold time 30;"
            echo "  ipv4 { import filter { if net ~ [ 10.$n.0.0/16 ] && bgp_path.first = $asn then accept; reject; }; export all; }; }"
            echo "protocol bgp as${asn}v6 { local $v6 as $RS_ASN; neighbor ${M_V6[$n]} as $asn; rs client; hold time 30;"
            echo "  ipv6 { import filter { if net ~ [ fd69:78:$(hex "$n")::/48 ] && bgp_path.first = $asn then accept; reject; }; export all; }; }"
        done
    } > "$conf"
}

start_bird() { # $1 namespace
    ip netns exec "$1" bird -c "$STATE_DIR/bird/$1.conf" -s "$STATE_DIR/bird/$1.ctl" -P "$STATE_DIR/bird/$1.pid"
}

# ---- up ----

cmd_up() {
    need_root
    local tool
    for tool in snmpd bird birdc openssl python3 curl tc; do
        command -v "$tool" >/dev/null || die "$tool is not installed (make deps installs what the lab needs)"
    done
    python3 -c 'import aiosmtpd' 2>/dev/null || die "python3 cannot import aiosmtpd (pip install aiosmtpd; make deps does)"
    if [ -n "$(lab_namespaces)" ] || [ -n "$(lab_host_links)" ]; then
        log "a lab is already up (or a crashed one left namespaces): taking it down first"
        cmd_down
    fi
    local t0=$SECONDS
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    : > "$STATE_DIR/lab.env"   # marks the directory as the lab's, so that down may remove it
    generate_history
    read_table
    make_secrets
    make_certificates

    # Management bridge on the host (link-local /24, exists only on this bridge).
    ip link add "$MGMT_BR" type bridge
    ip addr add "$MGMT_NET.1/24" dev "$MGMT_BR"
    ip link set "$MGMT_BR" up

    # The exchange switch: member ports p1…pN (the two that left and the spare ones stay
    # empty: their far end is down), route-server ports rs1, rs2, and the monitor port mon0.
    ip netns add "$LAB_NS"
    local n snmpd_extra=""
    {
        echo "link set lo up"
        echo "link add ixbr0 type bridge"
        echo "link set ixbr0 alias \"peering LAN\""
        echo "link set ixbr0 up"
        for n in $(seq 1 "$PORTS"); do
            echo "link add p$n type veth peer name u$n"
            if [ -n "${M_ASN[$n]:-}" ] && [ "${M_PRESENT[$n]}" = 1 ]; then
                echo "link set p$n alias \"AS${M_ASN[$n]} ${M_NAME[$n]}\""
            else
                echo "link set p$n alias \"unused\""
            fi
            echo "link set p$n master ixbr0"
            echo "link set p$n up"
        done
        for n in 1 2; do
            echo "link add rs$n type veth peer name r$n"
            echo "link set rs$n alias \"route server $n\""
            echo "link set rs$n master ixbr0"
            echo "link set rs$n up"
        done
        for n in $(seq 1 "$SPARE_PAIRS"); do
            echo "link add s${n}a type veth peer name s${n}b"
            echo "link set s${n}a up"
            echo "link set s${n}b up"
        done
    } | ip -n "$LAB_NS" -batch -
    # Port speeds as the member table says (100 Mb/s; 10 Mb/s for the member that fills its
    # port): veth ports report 10 Gb/s, so snmpd overrides ifSpeed and ifHighSpeed per ifIndex.
    local name idx bits
    while read -r idx name; do
        n=${name#p}; [[ $name == rs* ]] && n=0
        bits=$(( ${M_SPEED[$n]:-12500000} * 8 ))
        snmpd_extra+="override .1.3.6.1.2.1.2.2.1.5.$idx unsigned $bits"$'\n'
        snmpd_extra+="override .1.3.6.1.2.1.31.1.1.1.15.$idx unsigned $((bits / 1000000))"$'\n'
    done < <(ip -n "$LAB_NS" -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $1, $2}' | grep -E ' (p[0-9]+|rs[12])$')

    # Members: one namespace each, holding the far end of its port.
    for n in "${!M_ASN[@]}"; do
        [ "${M_PRESENT[$n]}" = 1 ] || continue
        ip netns add "ixm$n"
        ip -n "$LAB_NS" link set "u$n" netns "ixm$n"
        ip -n "ixm$n" -batch - <<EOF
link set lo up
link set u$n name eth0
link set eth0 address ${M_MAC[$n]}
addr add ${M_V4[$n]}/24 dev eth0
addr add ${M_V6[$n]}/64 dev eth0 nodad
link set eth0 up
EOF
        ip netns exec "ixm$n" sh -c 'sysctl -qw net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.eth0.accept_ra=0'
    done
    # Route servers.
    for n in 1 2; do
        ip netns add "ixrs$n"
        ip -n "$LAB_NS" link set "r$n" netns "ixrs$n"
        ip -n "ixrs$n" -batch - <<EOF
link set lo up
link set r$n name eth0
link set eth0 address 02:69:78:00:00:$(hex $((252 + n)))
addr add $LAN4.$((252 + n))/24 dev eth0
addr add $LAN6::$(hex $((252 + n)))/64 dev eth0 nodad
link set eth0 up
EOF
        ip netns exec "ixrs$n" sysctl -qw net.ipv6.conf.eth0.accept_ra=0
    done

    # The monitor port: every frame entering the switch from a member or route-server port is
    # mirrored (tc u32 + mirred) to mon0, whose other end is ixlab-mon on the host.
    ip link add ixlab-mon type veth peer name mon0 netns "$LAB_NS"
    sysctl -qw net.ipv6.conf.ixlab-mon.disable_ipv6=1
    ip link set ixlab-mon up
    ip netns exec "$LAB_NS" sysctl -qw net.ipv6.conf.mon0.disable_ipv6=1
    ip -n "$LAB_NS" link set mon0 up
    {
        for n in $(seq 1 "$PORTS") rs1 rs2; do
            local dev=$n; [[ $n =~ ^[0-9]+$ ]] && dev=p$n
            echo "qdisc add dev $dev ingress"
            echo "filter add dev $dev parent ffff: protocol all u32 match u32 0 0 action mirred egress mirror dev mon0"
        done
    } | ip netns exec "$LAB_NS" tc -batch -

    # The management box's own port on the peering LAN (ixlab-lan, 100.64.0.250, fd00:6978::fa),
    # as an exchange's monitoring host has: from it the agent can ping members. Not mirrored.
    ip link add ixlab-lan type veth peer name p0 netns "$LAB_NS"
    ip -n "$LAB_NS" link set p0 alias "ixp-health monitoring host"
    ip -n "$LAB_NS" link set p0 master ixbr0 up
    sysctl -qw net.ipv6.conf.ixlab-lan.accept_ra=0
    ip addr add "$LAN4.250/24" dev ixlab-lan
    ip addr add "$LAN6::fa/64" dev ixlab-lan nodad
    ip link set ixlab-lan up

    add_mgmt_link "$LAB_NS" ixlab-v0 "$MGMT_NET.2"
    write_snmpd_conf "$STATE_DIR/$LAB_NS" "$MGMT_NET.2" "ixlab-switch" "# port speeds as a real switch reports them (ifSpeed, ifHighSpeed by ifIndex)
$snmpd_extra"
    start_snmpd "$LAB_NS" "$STATE_DIR/$LAB_NS"

    # Extra small switches for the many-targets benchmark.
    local s i
    for s in $(seq 1 "$SWITCHES"); do
        local ns="ixsw$s"
        ip netns add "$ns"
        {
            echo "link set lo up"
            for i in $(seq 1 "$SWITCH_PORTS"); do
                echo "link add e$i type veth peer name f$i"
                echo "link set e$i alias \"AS$((64512 + i)) Member $i\""
                echo "link set e$i up"
                echo "link set f$i up"
            done
        } | ip -n "$ns" -batch -
        add_mgmt_link "$ns" "ixlab-v$s" "$MGMT_NET.$((100 + s))"
        write_snmpd_conf "$STATE_DIR/$ns" "$MGMT_NET.$((100 + s))" "ixsw$s"
        start_snmpd "$ns" "$STATE_DIR/$ns"
    done

    # The member export over HTTPS and the mail server, in their own namespace.
    ip netns add ixsvc
    start_services

    # BIRD: two route servers, every member.
    mkdir -p "$STATE_DIR/bird"
    for n in 1 2; do write_rs_bird "$n"; start_bird "ixrs$n"; done
    for n in "${!M_ASN[@]}"; do
        [ "${M_PRESENT[$n]}" = 1 ] || continue
        write_member_bird "$n"
        start_bird "ixm$n"
    done

    wait_snmpd "$MGMT_NET.2"
    sync_aliases "$LAB_NS" "$MGMT_NET.2"
    for s in $(seq 1 "$SWITCHES"); do
        wait_snmpd "$MGMT_NET.$((100 + s))"
        sync_aliases "ixsw$s" "$MGMT_NET.$((100 + s))"
    done
    wait_services

    start_misbehaviour
    start_traffic

    local ifcount
    ifcount=$(ip -n "$LAB_NS" -o link show | wc -l)
    {
        echo "IXLAB_STATE_DIR=$STATE_DIR"
        echo "IXLAB_TARGET=$MGMT_NET.2"
        echo "IXLAB_COMMUNITY=$COMMUNITY"
        echo "IXLAB_V3_USER=$V3_USER"
        echo "IXLAB_V3_AUTH_PASSWORD=$V3_AUTH"
        echo "IXLAB_V3_PRIV_PASSWORD=$V3_PRIV"
        echo "IXLAB_SMTP_USER=$SMTP_USER"
        echo "IXLAB_SMTP_PASSWORD=$(cat "$STATE_DIR/secrets/smtp-password")"
        echo "IXLAB_HTTP_USER=$HTTP_USER"
        echo "IXLAB_HTTP_PASSWORD=$(cat "$STATE_DIR/secrets/http-password")"
        echo "IXLAB_METRICS_TOKEN=$(cat "$STATE_DIR/secrets/metrics-token")"
        echo "IXLAB_SECRETS=$STATE_DIR/secrets"
        echo "IXLAB_PORTS=$PORTS"
        echo "IXLAB_MEMBERS=$MEMBERS"
        echo "IXLAB_SPEED=$SPEED"
        echo "IXLAB_MONITOR_PORT=ixlab-mon"
        echo "IXLAB_LAN_PORT=ixlab-lan"
        echo "IXLAB_ROUTE_SERVER_SOCKETS=\"$STATE_DIR/bird/ixrs1.ctl $STATE_DIR/bird/ixrs2.ctl\""
        echo "IXLAB_LAN_ADDRESSES=\"$LAN4.250 $LAN6::fa\""
        echo "IXLAB_MEMBER_EXPORT=https://$SVC_ADDR:$HTTPS_PORT/api/v4/member-export/ixf/1.0"
        echo "IXLAB_CA_FILE=$STATE_DIR/tls/ca.pem"
        echo "IXLAB_SMTP=$SVC_ADDR:$SMTP_PORT"
        echo "IXLAB_MAILDIR=$STATE_DIR/mail"
        echo "IXLAB_HISTORY=$STATE_DIR/history"
        echo "IXLAB_SPARE_PAIRS=$SPARE_PAIRS"
        echo "IXLAB_INTERFACES=$ifcount"
        echo "IXLAB_SWITCHES=$SWITCHES"
        echo "IXLAB_SWITCH_TARGETS=\"$(for s in $(seq 1 "$SWITCHES"); do printf '%s ' "$MGMT_NET.$((100 + s))"; done)\""
        for n in "${!M_ROLE[@]}"; do
            [ "${M_ROLE[$n]}" != normal ] && [ "${M_PRESENT[$n]}" = 1 ] && echo "IXLAB_ROLE_$(echo "${M_ROLE[$n]}" | tr a-z A-Z)=AS${M_ASN[$n]}"
        done
        true
    } > "$STATE_DIR/lab.env"
    log "up in $((SECONDS - t0)) s: switch $MGMT_NET.2 (v3 '$V3_USER' SHA-256/AES, v2c '$COMMUNITY'), $MEMBERS members + 2 route servers (BIRD), monitor port ixlab-mon, member export https://$SVC_ADDR:$HTTPS_PORT, mail $SVC_ADDR:$SMTP_PORT → $STATE_DIR/mail; state in $STATE_DIR"
}

# The misbehaviours lab.sh sets up itself (the frames come from traffic.py):
#   no_route_server: no route-server sessions in its BIRD config (see write_member_bird);
#   idle: traffic.py sends nothing from it and to it;
#   flap: its port goes down for two minutes of every four (the agent's one-minute raw tier
#         splits a one-minute outage over two steps, neither of which then reads down);
#   no_ping: its kernel ignores echo requests (IPv4 and IPv6); its BGP sessions stay up.
start_misbehaviour() {
    [ "$MISBEHAVE" -eq 1 ] || return 0
    local n
    n=$(member_with_role no_ping)
    if [ -n "$n" ]; then
        ip netns exec "ixm$n" sysctl -qw net.ipv4.icmp_echo_ignore_all=1 net.ipv6.icmp.echo_ignore_all=1
    fi
    n=$(member_with_role flap)
    if [ -n "$n" ]; then
        # Runs inside ixlab, so that down finds it with the other lab processes.
        ip netns exec "$LAB_NS" setsid bash -c "while :; do sleep 120; ip -n ixm$n link set eth0 down; sleep 120; ip -n ixm$n link set eth0 up; done" \
            > /dev/null 2>&1 < /dev/null &
    fi
}

start_traffic() {
    local args=(--table "$STATE_DIR/history/lab-members.tsv" --speed "$SPEED" --home "$LAB_NS" --status "$STATE_DIR/clock")
    [ "$TRAFFIC" -eq 1 ] || args+=(--no-traffic)
    [ "$MISBEHAVE" -eq 1 ] || args+=(--no-misbehave)
    ip netns exec "$LAB_NS" setsid python3 "$HERE/traffic.py" "${args[@]}" >> "$STATE_DIR/traffic.log" 2>&1 < /dev/null &
}

# Every process inside the lab's namespaces (snmpd, bird, python servers, traffic), by pid.
kill_lab_processes() {
    local ns pids=""
    for ns in $(lab_namespaces); do pids="$pids $(ip netns pids "$ns" 2>/dev/null || true)"; done
    pids=$(echo $pids)
    [ -n "$pids" ] || return 0
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    local i p alive
    for i in $(seq 1 50); do
        alive=""
        for p in $pids; do [ -d "/proc/$p" ] && alive="$alive $p"; done
        [ -n "$alive" ] || return 0
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -9 $alive 2>/dev/null || true
}

cmd_down() {
    need_root
    local ns l
    kill_lab_processes
    for ns in $(lab_namespaces); do ip netns del "$ns" 2>/dev/null || true; done
    # Host ends of the veths vanish with their namespaces; the bridge does not.
    for l in $(lab_host_links); do ip link del "$l" 2>/dev/null || true; done
    if [ "$KEEP_STATE" -eq 0 ] && [ -f "$STATE_DIR/lab.env" ]; then
        rm -rf "$STATE_DIR"
    fi
    return 0
}

cmd_status() {
    local nss
    nss=$(lab_namespaces)
    if [ -z "$nss" ]; then echo "lab: down"; return 1; fi
    echo "lab: up (state $STATE_DIR)"
    [ -f "$STATE_DIR/lab.env" ] && sed 's/^/  /' "$STATE_DIR/lab.env"
    [ -f "$STATE_DIR/clock" ] && sed 's/^/  /' "$STATE_DIR/clock"
    echo "  namespaces: $(echo "$nss" | wc -l) ($(echo "$nss" | grep -c '^ixm' || true) members, $(echo "$nss" | grep -c '^ixrs' || true) route servers, $(echo "$nss" | grep -c '^ixsw' || true) extra switches)"
    local rc=0 ctl
    for ctl in "$STATE_DIR"/bird/ixrs*.ctl; do
        [ -S "$ctl" ] || continue
        echo "  $(basename "$ctl" .ctl): $(birdc -s "$ctl" show protocols 2>/dev/null | awk '$2 == "BGP" {n++; if ($6 == "Established") e++} END {printf "%d of %d BGP sessions established", e, n}')"
    done
    local dir
    for dir in "$STATE_DIR"/ix*/; do
        [ -f "$dir/snmpd.pid" ] || continue
        local pid
        pid=$(cat "$dir/snmpd.pid")
        if kill -0 "$pid" 2>/dev/null; then
            echo "  snmpd $(basename "$dir"): pid $pid running"
        else
            echo "  snmpd $(basename "$dir"): pid $pid NOT running"; rc=1
        fi
    done
    if snmpget -v2c -c "$COMMUNITY" -On -t 1 -r 1 "$MGMT_NET.2" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
        echo "  $MGMT_NET.2 answers v2c"
    else
        echo "  $MGMT_NET.2 does NOT answer v2c"; rc=1
    fi
    echo "  mail received: $(find "$STATE_DIR/mail/new" "$STATE_DIR/mail/cur" -type f 2>/dev/null | wc -l) (Lab/lab.sh mail)"
    return $rc
}

cmd_mail() {
    [ -d "$STATE_DIR/mail" ] || die "no maildir at $STATE_DIR/mail (is the lab up?)"
    python3 - "$STATE_DIR/mail" <<'EOF'
import email, email.header, email.utils, os, sys
base = sys.argv[1]
rows = []
for sub in ("new", "cur"):
    d = os.path.join(base, sub)
    for name in os.listdir(d) if os.path.isdir(d) else []:
        with open(os.path.join(d, name), "rb") as f:
            msg = email.message_from_binary_file(f)
        subject = str(email.header.make_header(email.header.decode_header(msg.get("Subject", ""))))
        date = msg.get("Date", "")
        try:
            when = email.utils.parsedate_to_datetime(date)
            stamp = when.astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
            key = when.timestamp()
        except (TypeError, ValueError):
            stamp, key = date or "(no date)", 0
        rows.append((key, stamp, msg.get("To", ""), " ".join(subject.split())))
for _, stamp, to, subject in sorted(rows):
    print(f"{stamp}  {to}  {subject}")
if not rows:
    print(f"no mail yet in {base}", file=sys.stderr)
EOF
}

# The agent's configuration for the running lab: Lab/config.yaml with the state directory's
# paths, and the dashboard's users file (the bcrypt hash of the lab's HTTP password, made by
# `ixp-health hash-password`). The configuration names the secrets' files and variables only;
# the agent reads IXLAB_V3_AUTH_PASSWORD and IXLAB_METRICS_TOKEN from its environment (lab.env).
cmd_agent_config() {
    [ -f "$STATE_DIR/lab.env" ] || die "no lab state in $STATE_DIR (is the lab up?)"
    [ -n "$AGENT_BIN" ] && [ -x "$AGENT_BIN" ] || die "agent-config needs --bin PATH (the ixp-health binary)"
    sed -e "s|/tmp/ixlab/|$STATE_DIR/|g" -e "s|probe_definition: Lab/|probe_definition: $HERE/|" "$HERE/config.yaml" > "$STATE_DIR/agent.yaml"
    "$AGENT_BIN" hash-password --cost 10 --user "$HTTP_USER" < "$STATE_DIR/secrets/http-password" \
        > "$STATE_DIR/secrets/http-users" || die "ixp-health hash-password failed"
    chmod 600 "$STATE_DIR/secrets/http-users"
    echo "$STATE_DIR/agent.yaml"
}

cmd_fallback() {
    cat <<EOF
The living lab needs root: it makes network namespaces, veth pairs and a bridge.
Without root, ixp-health can still be tried against recordings:

  1. A recorded switch over SNMP (snmpsim, from PyPI), on 127.0.0.1:11162:
       mkdir -p /tmp/ixlab-sim/cache && cp ../shared/fixtures/snmp/*.snmprec /tmp/ixlab-sim/
       snmpsim-command-responder --data-dir=/tmp/ixlab-sim --cache-dir=/tmp/ixlab-sim/cache \\
           --agent-udpv4-endpoint=127.0.0.1:11162
       ixp-health poll 127.0.0.1:11162 --community <recording name>
  2. A peering-LAN capture replayed through the capture analysis:
       ixp-health analyze-pcap <capture.pcap> --members <ixf.json>
  3. Two years of history and the report:
       synth-history --scenario lab --end now --out /tmp/ixlab-sim/history
       ixp-health import --openmetrics /tmp/ixlab-sim/history/history.om --state-dir /tmp/ixlab-sim/state --raw-step 3600
       ixp-health report --state-dir /tmp/ixlab-sim/state
EOF
}

main() {
    local cmd=${1:-}
    [ $# -gt 0 ] && shift
    case "$cmd" in
        up) parse_args "$@"; cmd_up ;;
        down) parse_args "$@"; cmd_down ;;
        status) parse_args "$@"; cmd_status ;;
        mail) parse_args "$@"; cmd_mail ;;
        env) parse_args "$@"; cat "$STATE_DIR/lab.env" 2>/dev/null || die "no lab state in $STATE_DIR" ;;
        agent-config) parse_args "$@"; cmd_agent_config ;;
        fallback) cmd_fallback ;;
        -h|--help|help) usage ;;
        *) usage >&2; exit 2 ;;
    esac
}

main "$@"
