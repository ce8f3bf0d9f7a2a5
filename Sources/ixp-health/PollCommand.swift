import Agent
import ArgumentParser
import Foundation
import InterfaceProbe
import SNMPClient

/// `ixp-health poll`: polls one switch once and prints every interface.
struct PollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Poll one switch's interfaces once over SNMP and print them.",
        discussion: """
            Prints, per interface: index, name, alias, speed, oper status, in/out bytes, \
            unicast/multicast/broadcast packets, errors, discards, and the counter width used \
            (64 for ifHC* counters, 32 where the row has none). Values are the raw counters as the \
            agent returned them.

            Secrets can come from the environment instead of the command line: IXP_SNMP_COMMUNITY, \
            IXP_SNMP_AUTH_PASSWORD, IXP_SNMP_PRIV_PASSWORD.

            --sweep counters --repeat N times N walks of the counter columns only (for benchmarks) \
            and prints wall time, CPU time and the number of values. Given several switches, each \
            round sweeps them all at once on one engine and also reports each switch's own time.

            Exit status: 0 polled; 1 the switch could not be polled (unreachable, wrong \
            credentials, broken answers); 2 bad arguments.
            """)

    @Argument(help: "The switch: host, host:port or [IPv6]:port, optionally with net-snmp's udp: or udp6: prefix. With --sweep counters, several switches may be given; they are swept together.")
    var targets: [String]

    @Option(help: "UDP port (overrides one in TARGET).")
    var port: Int?

    @Option(name: [.customLong("version"), .customShort("v")], help: "SNMP version: 1, 2c or 3.")
    var snmpVersion: String = "2c"

    @Option(name: [.long, .customShort("c")], help: "Community (v1/v2c).")
    var community: String?

    @Option(name: [.long, .customShort("u")], help: "SNMPv3 user.")
    var user: String?

    @Option(help: "SNMPv3 authentication: MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512.")
    var authProtocol: String?

    @Option(help: "SNMPv3 authentication pass phrase.")
    var authPassword: String?

    @Option(help: "SNMPv3 privacy: DES, AES, AES-192, AES-256.")
    var privProtocol: String?

    @Option(help: "SNMPv3 privacy pass phrase.")
    var privPassword: String?

    @Option(help: "Seconds to wait for each response.")
    var timeout: Double = 2

    @Option(help: "Retries per request.")
    var retries: Int = 2

    @Option(help: "GETBULK max-repetitions.")
    var maxRepetitions: Int = 25

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Option(help: "What to walk: all (labels and counters) or counters (counter columns only, for timing).")
    var sweep: Sweep = .all

    @Option(name: .customLong("repeat"), help: "With --sweep counters: how many sweeps to time.")
    var repetitions: Int = 1

    enum OutputFormat: String, ExpressibleByArgument { case table, json }
    enum Sweep: String, ExpressibleByArgument { case all, counters }

    func validate() throws {
        guard !targets.isEmpty else { throw ValidationError("give the switch to poll") }
        guard targets.count == 1 || sweep == .counters else {
            throw ValidationError("several switches only with --sweep counters; poll prints one switch")
        }
        guard (1...1000).contains(maxRepetitions) else { throw ValidationError("--max-repetitions must be 1…1000") }
        guard timeout > 0, retries >= 0, retries <= 10 else { throw ValidationError("--timeout must be > 0 and --retries 0…10") }
        guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1…65535") }
    }

    func run() async throws {
        let snmpTargets = try targets.map(makeTarget)
        let snmpTarget = snmpTargets[0]
        let target = targets[0]
        let engine = SNMPPollEngine(threads: 1)
        defer { engine.shutdown() }
        do {
            if sweep == .counters {
                try await timeSweeps(engine: engine, targets: snmpTargets)
                return
            }
            let probe = SNMPInterfaceProbe(
                configuration: SNMPInterfaceProbeConfiguration(switchName: target, target: snmpTarget), engine: engine)
            let snapshot = try await probe.snapshot(refreshLabels: true)
            switch format {
            case .table: print(PollReport.table(snapshot), terminator: "")
            case .json: print(PollReport.json(snapshot, target: snmpTarget))
            }
        } catch let error as SNMPError {
            FileHandle.standardError.write(Data("ixp-health: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func timeSweeps(engine: SNMPPollEngine, targets: [SNMPTarget]) async throws {
        let cpuBefore = ProcessCPU.seconds()
        let wallBefore = Date()
        var values = 0
        var requests = 0
        var slowest: [Double] = []
        for _ in 0..<repetitions {
            let walks = try await withThrowingTaskGroup(of: SNMPTableWalk.self) { group in
                for target in targets {
                    group.addTask { try await engine.walk(IFMIB.counterColumns, on: target) }
                }
                return try await group.reduce(into: [SNMPTableWalk]()) { $0.append($1) }
            }
            values += walks.reduce(0) { $0 + $1.valueCount }
            requests += walks.reduce(0) { $0 + $1.requests }
            slowest.append(walks.map { Double($0.finishedAt - $0.startedAt) / 1e9 }.max() ?? 0)
        }
        let wall = Date().timeIntervalSince(wallBefore)
        let cpu = ProcessCPU.seconds() - cpuBefore
        let result: [String: Any] = [
            "sweeps": repetitions, "targets": targets.count, "columns": IFMIB.counterColumns.count, "values": values,
            "requests": requests, "wall_seconds": wall, "cpu_seconds": cpu,
            "cpu_seconds_per_value": values > 0 ? cpu / Double(values) : 0,
            "slowest_target_seconds_per_sweep": slowest,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    private func makeTarget(_ target: String) throws -> SNMPTarget {
        let environment = ProcessInfo.processInfo.environment
        let address: SNMPAddress
        do {
            address = try SNMPAddress.parse(target)
        } catch {
            throw ValidationError(error.description)
        }
        let host = address.host
        let targetPort = address.port ?? 161
        let credentials: SNMPCredentials
        switch snmpVersion.lowercased() {
        case "1", "v1", "2c", "v2c", "2":
            guard let community = community ?? environment["IXP_SNMP_COMMUNITY"] else {
                throw ValidationError("give --community (or IXP_SNMP_COMMUNITY) for SNMP v1/v2c")
            }
            credentials = snmpVersion.hasSuffix("1") ? .v1(community: community) : .v2c(community: community)
        case "3", "v3":
            guard let user else { throw ValidationError("give --user for SNMPv3") }
            var v3 = SNMPv3User(name: user)
            if let authProtocol {
                guard let proto = SNMPv3User.AuthProtocol(rawValue: authProtocol.uppercased() == "SHA1" ? "SHA" : authProtocol.uppercased()) else {
                    throw ValidationError("unknown --auth-protocol '\(authProtocol)'; use MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512")
                }
                guard let password = authPassword ?? environment["IXP_SNMP_AUTH_PASSWORD"], password.count >= 8 else {
                    throw ValidationError("give --auth-password (or IXP_SNMP_AUTH_PASSWORD) of at least 8 characters")
                }
                v3.authentication = (proto, password)
            }
            if let privProtocol {
                guard let proto = SNMPv3User.PrivProtocol(rawValue: privProtocol.uppercased()) else {
                    throw ValidationError("unknown --priv-protocol '\(privProtocol)'; use DES, AES, AES-192 or AES-256")
                }
                guard let password = privPassword ?? environment["IXP_SNMP_PRIV_PASSWORD"], password.count >= 8 else {
                    throw ValidationError("give --priv-password (or IXP_SNMP_PRIV_PASSWORD) of at least 8 characters")
                }
                v3.privacy = (proto, password)
            }
            credentials = .v3(v3)
        default:
            throw ValidationError("--version must be 1, 2c or 3")
        }
        return SNMPTarget(host: host, port: port ?? targetPort, credentials: credentials, timeout: timeout,
                          retries: retries, maxRepetitions: maxRepetitions,
                          deadline: max(30, timeout * Double(retries + 1) * 8), ipv6: address.ipv6)
    }
}

/// CPU time this process has used.
enum ProcessCPU {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
