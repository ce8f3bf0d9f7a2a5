import ProcessTestSupport
import Foundation
import Testing

/// The test harness itself: each helper against the real thing it wraps.
@Suite("Test harness")
struct HarnessTests {
    @Test("snmpd answers v2c and SNMPv3 authPriv, and rejects a wrong v3 password")
    func snmpdAnswersV2cAndV3() async throws {
        let daemon = try await SNMPDaemon.start(users: [.ixuser, .sha1DES, .md5])
        defer { daemon.stop() }

        let name = try NetSNMPTools.get(
            host: daemon.host, port: daemon.port, credentials: daemon.v2c, oids: ["1.3.6.1.2.1.1.5.0"])
        #expect(name == [NetSNMPVarBind(oid: "1.3.6.1.2.1.1.5.0", type: "STRING", value: "ixp-health-test")])

        for user in [SNMPDaemon.V3User.ixuser, .sha1DES, .md5] {
            let upTime = try NetSNMPTools.get(
                host: daemon.host, port: daemon.port, credentials: user.credentials, oids: ["1.3.6.1.2.1.1.3.0"])
            #expect(upTime.first?.type == "Timeticks", "user \(user.name)")
            #expect(upTime.first?.unsigned != nil, "user \(user.name)")
        }

        let wrong = NetSNMPCredentials.v3(
            user: "ixuser", auth: "SHA-256", authPassword: "wrongpass123", priv: "AES", privPassword: "privpass123")
        #expect(throws: HarnessError.self) {
            try NetSNMPTools.get(
                host: daemon.host, port: daemon.port, credentials: wrong, oids: ["1.3.6.1.2.1.1.3.0"],
                timeout: 0.5, retries: 0)
        }

        // The loopback interface is always there: ifDescr.1 == "lo", and a bulk walk of the
        // ifTable's ifDescr column returns at least it.
        let descr = try NetSNMPTools.bulkWalk(
            host: daemon.host, port: daemon.port, credentials: daemon.v2c, oid: "1.3.6.1.2.1.2.2.1.2")
        #expect(descr.contains(NetSNMPVarBind(oid: "1.3.6.1.2.1.2.2.1.2.1", type: "STRING", value: "lo")))

        let pid = daemon.pid
        daemon.stop()
        #expect(kill(pid, 0) != 0, "snmpd \(pid) still running after stop()")
        #expect(!FileManager.default.fileExists(atPath: daemon.directory.path))
    }

    @Test("snmpsim serves the cisco-c3750 recording: 19 interfaces, 15 with 64-bit counters")
    func snmpsimServesCiscoRecording() async throws {
        let simulator = try await SNMPSimulator.start(only: ["cisco-c3750"])
        defer { simulator.stop() }

        let credentials = SNMPSimulator.credentials("cisco-c3750")
        let ifIndex = try NetSNMPTools.bulkWalk(
            host: simulator.host, port: simulator.port, credentials: credentials, oid: "1.3.6.1.2.1.2.2.1.1")
        let hcInOctets = try NetSNMPTools.bulkWalk(
            host: simulator.host, port: simulator.port, credentials: credentials, oid: "1.3.6.1.2.1.31.1.1.1.6")
        #expect(ifIndex.count == 19)
        #expect(ifIndex.allSatisfy { $0.type == "INTEGER" })
        #expect(hcInOctets.count == 15)
        #expect(hcInOctets.allSatisfy { $0.type == "Counter64" })

        // The walk returns exactly what the recording holds.
        let recording = try String(
            contentsOf: SNMPSimulator.fixturesDirectory.appendingPathComponent("cisco-c3750.snmprec"), encoding: .utf8)
        let recorded = recording.split(separator: "\n").filter { $0.hasPrefix("1.3.6.1.2.1.31.1.1.1.6.") }
            .compactMap { line -> (String, String)? in
                let parts = line.split(separator: "|", maxSplits: 2)
                return parts.count == 3 ? (String(parts[0]), String(parts[2])) : nil
            }
        #expect(hcInOctets.map(\.oid) == recorded.map(\.0))
        #expect(hcInOctets.map(\.value) == recorded.map(\.1))
    }

    @Test("snmpbulkwalk output parses, including empty, escaped and wrapped values")
    func parsesNetSNMPOutput() {
        let output = """
            .1.3.6.1.2.1.31.1.1.1.18.1 = ""
            .1.3.6.1.2.1.31.1.1.1.18.2 = STRING: "AS65001 \\"Member\\" \\\\ 1"
            .1.3.6.1.2.1.31.1.1.1.6.3 = Counter64: 18446744073709551615
            .1.3.6.1.2.1.1.3.0 = Timeticks: (3896978921) 451 days, 0:56:29.21
            .1.3.6.1.2.1.2.2.1.6.2 = Hex-STRING: 00 1A 2B 3C 4D 5E 00 1A 2B 3C 4D 5E 00 1A 2B 3C\u{20}
            4D 5E\u{20}
            .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10
            .1.3.6.1.2.1.2.2.1.8.1 = INTEGER: 1
            .1.3.6.1.2.1.2.2.1.9.9 = No Such Instance currently exists at this OID
            .1.3.6.1.2.1.99 = No more variables left in this MIB View (It is past the end of the MIB tree)

            """
        let parsed = NetSNMPTools.parse(output)
        #expect(parsed.count == 9)
        #expect(parsed[0] == NetSNMPVarBind(oid: "1.3.6.1.2.1.31.1.1.1.18.1", type: "STRING", value: ""))
        #expect(parsed[1].value == "AS65001 \"Member\" \\ 1")
        #expect(parsed[2].unsigned == UInt64.max)
        #expect(parsed[3] == NetSNMPVarBind(oid: "1.3.6.1.2.1.1.3.0", type: "Timeticks", value: "3896978921"))
        #expect(parsed[4].bytes == [0x00, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E, 0x00, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E, 0x00, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E])
        #expect(parsed[5] == NetSNMPVarBind(oid: "1.3.6.1.2.1.1.2.0", type: "OID", value: "1.3.6.1.4.1.8072.3.2.10"))
        #expect(parsed[6].type == "INTEGER" && parsed[6].value == "1")
        #expect(parsed[7].type == "noSuchInstance")
        #expect(parsed[8].type == "endOfMibView")
        #expect(parsed[2].column() == "1.3.6.1.2.1.31.1.1.1.6" && parsed[2].lastArc == 3)
    }
}
