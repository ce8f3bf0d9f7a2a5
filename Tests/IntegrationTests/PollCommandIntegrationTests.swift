import ProcessTestSupport
import Foundation
import Testing

/// `ixp-health poll` against real SNMP agents, compared value by value with what net-snmp's own
/// `snmpbulkwalk -On` returns for the same OIDs.
@Suite("poll against real agents")
struct PollCommandIntegrationTests {
    struct Document: Decodable {
        struct Interface: Decodable {
            var index: UInt32
            var name: String
            var descr: String
            var alias: String
            var oper_status: Int?
            var counter_bits: Int
            var counters: [String: UInt64]
        }
        var interfaces: [Interface]
    }

    /// Counter name in the JSON → (64-bit column, 32-bit column).
    static let counterColumns: [(String, String?, String)] = [
        ("in_bytes", "1.3.6.1.2.1.31.1.1.1.6", "1.3.6.1.2.1.2.2.1.10"),
        ("out_bytes", "1.3.6.1.2.1.31.1.1.1.10", "1.3.6.1.2.1.2.2.1.16"),
        ("in_unicast", "1.3.6.1.2.1.31.1.1.1.7", "1.3.6.1.2.1.2.2.1.11"),
        ("in_multicast", "1.3.6.1.2.1.31.1.1.1.8", "1.3.6.1.2.1.31.1.1.1.2"),
        ("in_broadcast", "1.3.6.1.2.1.31.1.1.1.9", "1.3.6.1.2.1.31.1.1.1.3"),
        ("out_unicast", "1.3.6.1.2.1.31.1.1.1.11", "1.3.6.1.2.1.2.2.1.17"),
        ("out_multicast", "1.3.6.1.2.1.31.1.1.1.12", "1.3.6.1.2.1.31.1.1.1.4"),
        ("out_broadcast", "1.3.6.1.2.1.31.1.1.1.13", "1.3.6.1.2.1.31.1.1.1.5"),
        ("in_errors", nil, "1.3.6.1.2.1.2.2.1.14"),
        ("out_errors", nil, "1.3.6.1.2.1.2.2.1.20"),
        ("in_discards", nil, "1.3.6.1.2.1.2.2.1.13"),
        ("out_discards", nil, "1.3.6.1.2.1.2.2.1.19"),
    ]

    static let ifName = "1.3.6.1.2.1.31.1.1.1.1"
    static let ifDescr = "1.3.6.1.2.1.2.2.1.2"
    static let ifAlias = "1.3.6.1.2.1.31.1.1.1.18"
    static let ifOperStatus = "1.3.6.1.2.1.2.2.1.8"

    /// Every column `poll` reads, walked by snmpbulkwalk: column → ifIndex → varbind.
    static func groundTruth(host: String, port: Int, credentials: NetSNMPCredentials) throws -> [String: [UInt32: NetSNMPVarBind]] {
        var columns = [ifName, ifDescr, ifAlias, ifOperStatus]
        for (_, hc, low) in counterColumns {
            if let hc { columns.append(hc) }
            columns.append(low)
        }
        var result: [String: [UInt32: NetSNMPVarBind]] = [:]
        for column in columns {
            let binds = try NetSNMPTools.bulkWalk(host: host, port: port, credentials: credentials, oid: column, timeout: 5)
            for bind in binds where bind.oid.hasPrefix(column + ".") {
                if let index = bind.lastArc { result[column, default: [:]][index] = bind }
            }
        }
        return result
    }

    static func poll(_ arguments: [String]) throws -> Document {
        let result = try IXPHealthBinary.run(["poll"] + arguments + ["--format", "json"])
        guard result.succeeded else {
            throw HarnessError("ixp-health poll exited \(result.status): \(result.stderr)")
        }
        return try JSONDecoder().decode(Document.self, from: Data(result.stdout.utf8))
    }

    /// Checks every interface of `document` against the walks; `counterMatches(polled, before, after)`
    /// decides for counters (equality for static recordings, bounds for a live agent).
    static func compare(_ document: Document, before: [String: [UInt32: NetSNMPVarBind]],
                        after: [String: [UInt32: NetSNMPVarBind]], exact: Bool) {
        let indexes = Set(before[ifOperStatus, default: [:]].keys)
        #expect(Set(document.interfaces.map(\.index)) == indexes, "poll must list every ifIndex the agent has")
        for interface in document.interfaces {
            let row = interface.index
            if let name = before[ifName]?[row], name.type == "STRING" {
                #expect(interface.name == name.value, "ifName.\(row)")
            }
            if let alias = before[ifAlias]?[row], alias.type == "STRING" {
                #expect(interface.alias == alias.value, "ifAlias.\(row)")
            }
            #expect(interface.oper_status == before[ifOperStatus]?[row].flatMap { Int($0.value) }, "ifOperStatus.\(row)")
            for (name, hc, low) in counterColumns {
                let column = interface.counter_bits == 64 ? (hc ?? low) : low
                let truthBefore = before[column]?[row]?.unsigned
                let truthAfter = after[column]?[row]?.unsigned
                let polled = interface.counters[name]
                if exact {
                    #expect(polled == truthBefore, "\(name) of ifIndex \(row) (\(column).\(row))")
                } else if let polled, let low = truthBefore, let high = truthAfter {
                    #expect(low <= polled && polled <= high, "\(name) of ifIndex \(row): \(low) ≤ \(polled) ≤ \(high)")
                } else {
                    #expect(polled == nil && truthBefore == nil, "\(name) of ifIndex \(row) present on one side only")
                }
            }
        }
    }

    @Test("poll equals snmpbulkwalk on recordings of real Arista, Cisco and Huawei switches",
          arguments: ["arista-dcs-7150s-52-cl", "cisco-c3750", "huawei-s5720"])
    func recordings(_ community: String) async throws {
        let simulator = try await SNMPSimulator.start(only: [community])
        defer { simulator.stop() }
        let truth = try Self.groundTruth(host: simulator.host, port: simulator.port,
                                         credentials: SNMPSimulator.credentials(community))
        let document = try Self.poll(["\(simulator.host):\(simulator.port)", "--community", community, "--timeout", "10"])
        Self.compare(document, before: truth, after: truth, exact: true)
        if community == "cisco-c3750" {
            #expect(document.interfaces.count == 19)
            #expect(document.interfaces.filter { $0.counter_bits == 64 }.count == 15,
                    "15 rows have ifHC* counters; the other 4 fall back to 32-bit")
        }
        if community == "arista-dcs-7150s-52-cl" {
            #expect(document.interfaces.count == 59)
            #expect(document.interfaces.allSatisfy { $0.counter_bits == 64 })
        }
    }

    @Test("poll takes net-snmp's udp:HOST:PORT transport syntax, and refuses tcp: with the accepted form")
    func netSNMPTransportSyntax() async throws {
        let community = "cisco-c3750"
        let simulator = try await SNMPSimulator.start(only: [community])
        defer { simulator.stop() }
        let document = try Self.poll(["udp:\(simulator.host):\(simulator.port)", "--community", community, "--timeout", "10"])
        #expect(document.interfaces.count == 19)
        let refused = try await IXPHealthBinary.run(["poll", "tcp:\(simulator.host):\(simulator.port)", "--community", community])
        #expect(refused.status == 2, "bad input: \(refused.status)")
        #expect(refused.stderr.contains("udp:HOST:PORT"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Unknown host"))
    }

    /// A host name that this machine resolves to ::1 for IPv6 (`ip6-localhost` or `localhost`
    /// in /etc/hosts), nil when there is none.
    static func ipv6LoopbackName() -> String? {
        for name in ["ip6-localhost", "localhost", "ip6-loopback"] {
            var hints = addrinfo()
            hints.ai_family = AF_INET6
            hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { continue }
            defer { freeaddrinfo(list) }
            var entry: UnsafeMutablePointer<addrinfo>? = first
            while let current = entry {
                if let address = current.pointee.ai_addr, current.pointee.ai_family == AF_INET6 {
                    let loopback = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) == Array(repeating: 0, count: 15) + [1] }
                    }
                    if loopback { return name }
                }
                entry = current.pointee.ai_next
            }
        }
        return nil
    }

    /// Whether `document` is a whole interface table of this machine: it holds the loopback and
    /// its size is within what parallel tests' veth links can add or remove since a walk of
    /// `truth` rows.
    static func wholeTable(_ document: Document, truth: Int) -> Bool {
        document.interfaces.contains { $0.name == "lo" || $0.descr == "lo" } && abs(document.interfaces.count - truth) <= max(16, truth)
    }

    @Test("poll reaches an agent over IPv6 and by host name: udp6:[::1]:PORT, [::1]:PORT, a bare ::1 with --port, udp:localhost:PORT, and a name that resolves to ::1")
    func ipv6AndHostNames() async throws {
        let daemon = try await SNMPDaemon.start(ipv6: true)
        defer { daemon.stop() }
        let v2c = ["--community", daemon.community, "--timeout", "5"]
        let truth = try NetSNMPTools.bulkWalk(host: daemon.host, port: daemon.port, credentials: daemon.v2c,
                                              oid: Self.ifOperStatus, timeout: 5).count
        #expect(truth > 0)
        for arguments in [["udp6:[::1]:\(daemon.port)"], ["[::1]:\(daemon.port)"], ["::1", "--port", "\(daemon.port)"],
                          ["udp:localhost:\(daemon.port)"], ["localhost:\(daemon.port)"], ["udp:127.0.0.1:\(daemon.port)"]] {
            let document = try Self.poll(arguments + v2c)
            // The daemon serves this machine's interfaces, and tests running beside this one add
            // and remove veth links: the whole table came back when it holds the loopback and is
            // about the size of the walk (the values themselves are compared in `liveSnmpd`).
            #expect(Self.wholeTable(document, truth: truth), "\(arguments): \(document.interfaces.map(\.name)) of \(truth)")
        }
        // tcp: and tcp6: are refused with the accepted form.
        for target in ["tcp:localhost:\(daemon.port)", "tcp6:[::1]:\(daemon.port)"] {
            let refused = try await IXPHealthBinary.run(["poll", target] + v2c)
            #expect(refused.status == 2 && refused.stderr.contains("udp:HOST:PORT"), "\(target): \(refused.stderr)")
        }

        // The agent's switches[].address takes the same forms.
        let agent = try AgentUnderTest("""
            snmp:
              interval: 1s
              community: \(daemon.community)
            switches:
              - {name: v6, address: "udp6:[::1]:\(daemon.port)"}
              - {name: bare, address: "::1", port: \(daemon.port)}
              - {name: named, address: "udp:localhost:\(daemon.port)"}
            """)
        defer { agent.stop() }
        try await agent.waitForMetrics(seconds: 30) { text in
            ["v6", "bare", "named"].allSatisfy { text.contains("ixp_snmp_poll_success{switch=\"\($0)\"} 1") }
        }

        // A name that does not resolve: the lookup error names it, exit status 1 or 2, no crash.
        let unknown = try await IXPHealthBinary.run(["poll", "udp6:no-such-host.invalid:\(daemon.port)"] + v2c)
        #expect(unknown.status == 1 || unknown.status == 2, "\(unknown.status) \(unknown.stderr)")
        #expect(unknown.stderr.contains("no-such-host.invalid"), "\(unknown.stderr)")

        // A host name that resolves to ::1 only for IPv6, with udp6: and without a prefix: this
        // machine's own, else one given in a private /etc/hosts (a mount namespace of this
        // test's commands only; needs root); without either the check is left out.
        let hostsFile = daemon.directory.appendingPathComponent("hosts")
        try "127.0.0.1 localhost\n::1 ip6-localhost-test\n".write(to: hostsFile, atomically: true, encoding: .utf8)
        let run: ([String]) throws -> CommandResult
        let name: String
        if let own = Self.ipv6LoopbackName() {
            name = own
            run = { try IXPHealthBinary.run($0) }
        } else if (try? await Subprocess.run("unshare", ["-m", "sh", "-c", "mount --bind '\(hostsFile.path)' /etc/hosts"]))?.succeeded == true {
            name = "ip6-localhost-test"
            run = { arguments in
                try Subprocess.run("unshare", ["-m", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hostsFile.path,
                                              IXPHealthBinary.path] + arguments, timeout: 120)
            }
        } else {
            return
        }
        for target in ["udp6:\(name):\(daemon.port)", "udp6:[\(name)]:\(daemon.port)", "\(name):\(daemon.port)"] {
            let result = try run(["poll", target] + v2c + ["--format", "json"])
            #expect(result.succeeded, "\(target): \(result.stderr)")
            let document = try? JSONDecoder().decode(Document.self, from: Data(result.stdout.utf8))
            #expect(document.map { Self.wholeTable($0, truth: truth) } == true, "\(target): \(document?.interfaces.map(\.name) ?? [])")
        }
    }

    @Test("poll over SNMPv2c and SNMPv3 authPriv (SHA-256, AES) agrees with snmpbulkwalk on a live snmpd")
    func liveSnmpd() async throws {
        let daemon = try await SNMPDaemon.start(users: [.ixuser, .sha1DES, .md5, .sha512AES256])
        defer { daemon.stop() }
        let address = "\(daemon.host):\(daemon.port)"
        let v3 = ["-v", "3", "-u", "ixuser", "--auth-protocol", "SHA-256", "--auth-password", "authpass123",
                  "--priv-protocol", "AES", "--priv-password", "privpass123"]
        for arguments in [["-c", daemon.community], v3] {
            let before = try Self.groundTruth(host: daemon.host, port: daemon.port, credentials: daemon.v2c)
            let document = try Self.poll([address] + arguments)
            let after = try Self.groundTruth(host: daemon.host, port: daemon.port, credentials: daemon.v2c)
            Self.compare(document, before: before, after: after, exact: false)
            #expect(document.interfaces.contains { $0.name == "lo" || $0.descr == "lo" })
        }
        // Old gear: SHA-1 with DES, MD5 without privacy; and SHA-512 with AES-256.
        for arguments in [["-v", "3", "-u", "olduser", "--auth-protocol", "SHA", "--auth-password", "authpass123",
                           "--priv-protocol", "DES", "--priv-password", "privpass123"],
                          ["-v", "3", "-u", "sha512user", "--auth-protocol", "SHA-512", "--auth-password", "authpass123",
                           "--priv-protocol", "AES-256", "--priv-password", "privpass123"],
                          ["-v", "3", "-u", "md5user", "--auth-protocol", "MD5", "--auth-password", "authpass123"]] {
            let document = try Self.poll([address] + arguments)
            #expect(!document.interfaces.isEmpty, "\(arguments)")
        }
    }

    @Test("poll reports bad credentials and dead agents clearly, with exit status 1")
    func badCredentials() async throws {
        let daemon = try await SNMPDaemon.start(users: [.ixuser])
        defer { daemon.stop() }
        let address = "\(daemon.host):\(daemon.port)"
        let cases: [([String], String)] = [
            (["-c", "wrong-community", "--timeout", "0.3", "--retries", "1"], "no response after 2 tries"),
            (["-v", "3", "-u", "ixuser", "--auth-protocol", "SHA-256", "--auth-password", "wrongpass123",
              "--priv-protocol", "AES", "--priv-password", "privpass123", "--timeout", "0.5"], "usmStatsWrongDigests"),
            (["-v", "3", "-u", "nobody", "--auth-protocol", "SHA-256", "--auth-password", "authpass123",
              "--priv-protocol", "AES", "--priv-password", "privpass123", "--timeout", "0.5"], "usmStatsUnknownUserNames"),
        ]
        for (arguments, words) in cases {
            let result = try await IXPHealthBinary.run(["poll", address] + arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
        let unused = try FreePort.udp()
        let dead = try await IXPHealthBinary.run(["poll", "127.0.0.1:\(unused)", "-c", "public", "--timeout", "0.2", "--retries", "0"])
        #expect(dead.status == 1)
        #expect(dead.stderr.contains("127.0.0.1:\(unused)"))
        let badArguments = try await IXPHealthBinary.run(["poll", "127.0.0.1", "--version", "7", "-c", "x"])
        #expect(badArguments.status == 2, "bad arguments exit 2: \(badArguments.stderr)")
    }
}
