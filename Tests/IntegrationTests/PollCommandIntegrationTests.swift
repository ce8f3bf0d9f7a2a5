import ProcessTestSupport
import Foundation
import Testing

/// `ixp-health poll` against real SNMP agents, compared value by value with what net-snmp's own
/// `snmpbulkwalk -On` returns for the same OIDs.
@Suite("poll against real agents", .serialized)
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
        let refused = try IXPHealthBinary.run(["poll", "tcp:\(simulator.host):\(simulator.port)", "--community", community])
        #expect(refused.status == 2, "bad input: \(refused.status)")
        #expect(refused.stderr.contains("udp:HOST:PORT"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Unknown host"))
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
            let result = try IXPHealthBinary.run(["poll", address] + arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
        let unused = try FreePort.udp()
        let dead = try IXPHealthBinary.run(["poll", "127.0.0.1:\(unused)", "-c", "public", "--timeout", "0.2", "--retries", "0"])
        #expect(dead.status == 1)
        #expect(dead.stderr.contains("127.0.0.1:\(unused)"))
        let badArguments = try IXPHealthBinary.run(["poll", "127.0.0.1", "--version", "7", "-c", "x"])
        #expect(badArguments.status == 2, "bad arguments exit 2: \(badArguments.stderr)")
    }
}
