import ProcessTestSupport
import Foundation
import Testing

/// Every key of a full configuration (each section of Deploy/config.yaml, uncommented, plus
/// the keys it leaves at their defaults) given a value of the wrong type, one at a time, and
/// checked by the real binary: `ixp-health check-config` must exit 2 with a message that names
/// the file and a line, or accept the value where it is one (a string key given `-7`), and never
/// crash. All failures are collected into one message.
@Suite("configuration wrong-type sweep")
struct ConfigWrongTypeSweepIntegrationTests {
    /// What a key holds; says which replacements must be refused.
    enum Kind: String {
        case int, duration, number, bool, string, choice, listen, asn, address, url, map, list
        /// Label names: a list, or one name (`true` is a name).
        case labels
    }

    /// The replacements tried on every key.
    static let replacements: [(name: String, yaml: String)] = [
        ("list", "[1, 2]"), ("map", "{a: 1}"), ("negative", "-7"), ("text", "not-a-value"),
        ("huge", "99999999999999999999999"), ("infinite", "1e400"), ("empty", "\"\""), ("bool", "true"),
    ]

    /// Whether `replacement` must be refused for a key of `kind` (otherwise it may be accepted).
    static func mustRefuse(_ kind: Kind, _ replacement: String) -> Bool {
        switch kind {
        case .map: return replacement != "map"
        case .list: return replacement != "list"
        case .labels: return replacement != "list" && replacement != "bool"
        case .string: return replacement == "list" || replacement == "map"
        case .bool: return replacement != "bool"
        case .address: return ["list", "map", "empty"].contains(replacement)
        case .int, .duration, .number, .choice, .listen, .asn, .url: return true
        }
    }

    /// The full configuration; `#: kind` marks each key the sweep replaces. Paths in `@…@`
    /// are filled in by the test.
    static let template = """
        http:                                   #: map
          listen: 127.0.0.1:9470                #: listen
          max_body_size: 64KiB                  #: int
          rate_limit:                           #: map
            requests_per_second: 20             #: number
            burst: 100                          #: int
          auth:                                 #: map
            ui:                                 #: map
              bearer:                           #: map
                token_env: IXP_SWEEP_TOKEN      #: string
        state_directory: /var/lib/ixp-health    #: string
        checkpoint_interval: 60s                #: duration
        shutdown_timeout: 10s                   #: duration
        max_series: 50000                       #: int
        raw_retention: 48h                      #: duration
        language: en                            #: choice
        shard: 1/1                              #: choice
        web:                                    #: map
          public_page: false                    #: bool
        storage:                                #: map
          x_files_factor: 0.5                   #: number
          stale_after: 10m                      #: duration
          reclaim_after: 30d                    #: duration
        snmp:                                   #: map
          version: "3"                          #: choice
          timeout: 2s                           #: duration
          retries: 2                            #: int
          interval: 60s                         #: duration
          max_repetitions: 25                   #: int
          deadline: 50s                         #: duration
          label_refresh_polls: 10               #: int
          threads: 4                            #: int
          member_asn_pattern: '(?i)\\bAS[- ]?([0-9]{1,10})\\b'  #: string
          probes_directory: @probes@            #: string
        switches:                               #: list
          - name: edge1                         #: string
            address: 192.0.2.10                 #: address
            port: 161                           #: int
            user: ixp-health                    #: string
            auth_protocol: SHA-256              #: choice
            auth_password_file: @auth@          #: string
            priv_protocol: AES                  #: choice
            priv_password_env: IXP_SWEEP_PRIV   #: string
            members:                            #: map
              Ethernet7: AS64500                #: asn
            probes: [if-mib, optics]            #: list
          - name: edge2
            address: 192.0.2.11
            version: "2c"                       #: choice
            community_env: IXP_SWEEP_COMMUNITY  #: string
        members:                                #: map
          source: @members@                     #: string
          refresh: 1h                           #: duration
          timeout: 10s                          #: duration
          max_bytes: 1048576                    #: int
          route_server_asns: [64999]            #: list
        detection:                              #: map
          interval: 5m                          #: duration
          keep_resolved: 7d                     #: duration
          exchange_name: Example IX             #: string
          rules:                                #: map
            port_down:                          #: map
              enabled: true                     #: bool
              for: 5m                           #: duration
              severity: critical                #: choice
        peering_lan:                            #: map
          interface: eth1                       #: string
          snap_length: 256                      #: int
          buffer_size_mib: 8                    #: int
          promiscuous: true                     #: bool
          interval: 15s                         #: duration
        ping:                                   #: map
          interval: 30s                         #: duration
          count: 5                              #: int
          timeout: 1s                           #: duration
          members: true                         #: bool
          targets: [192.0.2.1]                  #: list
        sflow:                                  #: map
          listen: "127.0.0.1:6343"              #: listen
          top_pairs: 50                         #: int
          max_pairs: 100000                     #: int
          receive_buffer_mib: 4                 #: int
          interval: 60s                         #: duration
        route_servers:                          #: list
          - name: rs1                           #: string
            control_socket: /run/bird/rs1.ctl   #: string
        exec:                                   #: list
          - name: ups                           #: string
            command: [/bin/true, --prom]        #: list
            interval: 60s                       #: duration
            timeout: 10s                        #: duration
        textfile:                               #: map
          directory: /var/lib/ixp-health/textfile  #: string
        alerting:                               #: map
          external_url: http://ixp-health.example.net:9470  #: url
          smtp:                                 #: map
            host: smtp.example.net              #: address
            port: 587                           #: int
            tls: starttls                       #: choice
            from: "IXP Health <ixp-health@example.net>"  #: address
            user: ixp-health                    #: string
            password_file: @password@           #: string
            timeout: 30s                        #: duration
            verify_certificate: true            #: bool
          group_wait: 30s                       #: duration
          group_interval: 5m                    #: duration
          repeat_interval: 4h                   #: duration
          send_resolved: true                   #: bool
          retry:                                #: map
            initial_delay: 30s                  #: duration
            max_delay: 10m                      #: duration
            max_age: 2d                         #: duration
          receivers:                            #: list
            - name: noc                         #: string
              to: [noc@example.net]             #: list
          routes:                               #: list
            - receiver: noc                     #: string
              continue: false                   #: bool
              group_by: [rule]                  #: labels
              match:                            #: map
                severity: warning               #: choice
        """

    /// One line of the template: its text without the marker, and the kind it was marked with.
    struct Line {
        var text: String
        var kind: Kind?
        var indent: Int { text.prefix { $0 == " " || $0 == "-" }.count }
    }

    static func lines(filling paths: [String: String]) throws -> [Line] {
        var text = template
        for (name, path) in paths { text = text.replacingOccurrences(of: "@\(name)@", with: path) }
        return try text.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            guard let marker = raw.range(of: "#: ") else { return Line(text: String(raw), kind: nil) }
            let name = raw[marker.upperBound...].trimmingCharacters(in: .whitespaces)
            guard let kind = Kind(rawValue: name) else { throw HarnessError("unknown kind '\(name)' in the template") }
            return Line(text: String(raw[..<marker.lowerBound]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression),
                        kind: kind)
        }
    }

    /// The file with line `index`'s value replaced by `yaml`; a key whose value is a block (the
    /// lines indented below it) loses the block.
    static func replacing(_ lines: [Line], at index: Int, with yaml: String) -> String {
        var out = lines.map(\.text)
        let line = out[index]
        guard let colon = line.range(of: ": ") ?? (line.hasSuffix(":") ? line.index(before: line.endIndex)..<line.endIndex : nil) else {
            return out.joined(separator: "\n")
        }
        out[index] = line[..<colon.lowerBound] + ": " + yaml
        if line.hasSuffix(":") {
            // The block below: every following line indented deeper than this key's name.
            let keyIndent = line.prefix { $0 == " " || $0 == "-" }.count
            var end = index + 1
            while end < out.count, !out[end].isEmpty, out[end].prefix(while: { $0 == " " || $0 == "-" }).count > keyIndent { end += 1 }
            out.removeSubrange((index + 1)..<end)
        }
        return out.joined(separator: "\n") + "\n"
    }

    @Test("every key given a wrong type: exit 2 naming file and line, never a crash")
    func wrongTypeSweep() async throws {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let secret = scratch.appendingPathComponent("secret")
        try "s3cret-pass\n".write(to: secret, atomically: true, encoding: .utf8)
        let members = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ixf/export.json")
        let probes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Probes")
        let lines = try Self.lines(filling: ["auth": secret.path, "password": secret.path, "members": members.path, "probes": probes.path])
        let environment = ["IXP_SWEEP_PRIV": "privpass123", "IXP_SWEEP_COMMUNITY": "public", "IXP_SWEEP_TOKEN": "sweep-token-0123456789abcdef"]

        // The file as it stands is valid.
        let valid = scratch.appendingPathComponent("valid.yaml")
        try (lines.map(\.text).joined(separator: "\n") + "\n").write(to: valid, atomically: true, encoding: .utf8)
        let baseline = try await IXPHealthBinary.run(["check-config", valid.path], environment: environment)
        #expect(baseline.status == 0, "the full configuration is not valid: \(baseline.stderr)")

        struct Case: Sendable {
            var line: Int
            var key: String
            var replacement: String
            var mustRefuse: Bool
            var file: String
        }
        var cases: [Case] = []
        for (index, line) in lines.enumerated() {
            guard let kind = line.kind else { continue }
            for replacement in Self.replacements {
                let file = scratch.appendingPathComponent("line\(index + 1)-\(replacement.name).yaml").path
                try Self.replacing(lines, at: index, with: replacement.yaml).write(toFile: file, atomically: true, encoding: .utf8)
                let key = line.text.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) ?? line.text
                cases.append(Case(line: index + 1, key: key, replacement: replacement.name,
                                  mustRefuse: Self.mustRefuse(kind, replacement.name), file: file))
            }
        }

        // Two at a time (two cores).
        let failures = try await withThrowingTaskGroup(of: String?.self) { group in
            var pending = cases[...]
            var failures: [String] = []
            func add() {
                guard let next = pending.popFirst() else { return }
                group.addTask {
                    let result = try IXPHealthBinary.run(["check-config", next.file], environment: environment, timeout: 60)
                    let label = "line \(next.line) \(next.key) ← \(next.replacement)"
                    if result.status >= 128 || (result.status != 0 && result.status != 2) {
                        return "\(label): exit \(result.status) (a crash): \(result.stderr.suffix(300))"
                    }
                    if result.status == 0 {
                        return next.mustRefuse ? "\(label): accepted" : nil
                    }
                    let named = result.stderr.range(of: "\(next.file):[0-9]+", options: .regularExpression) != nil
                    return named ? nil : "\(label): exit 2 without file and line: \(result.stderr.prefix(300))"
                }
            }
            add()
            add()
            while let result = try await group.next() {
                if let result { failures.append(result) }
                add()
            }
            return failures
        }
        #expect(cases.count > 400, "\(cases.count) cases")
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) runs failed:\n\(failures.sorted().joined(separator: "\n"))")
    }
}
