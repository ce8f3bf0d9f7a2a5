import Foundation
import Probes
import SNMPClient

extension AgentConfiguration {
    /// Reads and validates a configuration file. Every error names the file, and the line and
    /// column where there is one. Secrets named by `*_env` or `*_file` keys are resolved here.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> AgentConfiguration
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: path, environment: environment)
    }

    /// Parses configuration text; `file` is the name errors use.
    public static func parse(_ text: String, file: String, environment: [String: String] = [:])
        throws(ConfigurationError) -> AgentConfiguration
    {
        var configuration = AgentConfiguration()
        guard let root = try YAMLConfigNode.parse(text, file: file) else { return configuration }
        let top = try root.mapping(allowed: [
            "http", "state_directory", "checkpoint_interval", "max_series", "raw_retention", "snmp", "switches",
            "peering_lan", "storage",
        ])
        if let http = top["http"] {
            let keys = try http.mapping(allowed: ["listen"])
            if let listen = keys["listen"] {
                (configuration.http.host, configuration.http.port) = try parseListen(listen)
            }
        }
        if let node = top["state_directory"] { configuration.stateDirectory = try node.string() }
        if let node = top["checkpoint_interval"] { configuration.checkpointInterval = try node.duration(atLeast: 1) }
        if let node = top["max_series"] { configuration.maxSeries = try node.integer(in: 1...100_000_000) }
        if let node = top["raw_retention"] { configuration.rawRetention = try node.duration(atLeast: 60) }
        if let node = top["peering_lan"] { configuration.peeringLAN = try parsePeeringLAN(node, file: file) }
        if let node = top["storage"] {
            configuration.storage = try parseStorage(node)
            do {
                try configuration.storeConfiguration.validate()
            } catch {
                throw node.error("\(error)")
            }
        }

        var defaults = SNMPDefaults()
        if let snmp = top["snmp"] {
            let keys = try snmp.mapping(allowed: Set(SNMPDefaults.keys + ["threads"]))
            if let threads = keys["threads"] { configuration.snmpThreads = try threads.integer(in: 1...64) }
            try defaults.apply(keys, environment: environment)
        }
        if let switches = top["switches"] {
            var names = Set<String>()
            for node in try switches.sequence() {
                let entry = try parseSwitch(node, defaults: defaults, environment: environment)
                guard names.insert(entry.name).inserted else {
                    throw node.error("switch name '\(entry.name)' is used twice; names must be unique")
                }
                configuration.switches.append(entry)
            }
        }
        return configuration
    }

    private static func parseListen(_ node: YAMLConfigNode) throws(ConfigurationError) -> (String, Int) {
        let text = try node.string()
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            throw node.error("expected host:port, like 127.0.0.1:9470 or [::]:9470, got '\(text)'")
        }
        guard let port = Int(portText), (1...65535).contains(port), !host.isEmpty else {
            throw node.error("expected host:port, like 127.0.0.1:9470 or [::]:9470, got '\(text)'")
        }
        return (String(host), port)
    }

    private static func parseSwitch(_ node: YAMLConfigNode, defaults: SNMPDefaults, environment: [String: String])
        throws(ConfigurationError) -> SwitchConfiguration
    {
        let keys = try node.mapping(allowed: Set(SNMPDefaults.keys + ["name", "address", "port", "members"]))
        guard let nameNode = keys["name"] else { throw node.error("every switch needs a 'name'") }
        let name = try nameNode.string()
        guard !name.isEmpty, name.count <= 128 else { throw nameNode.error("the name must have 1 to 128 characters") }
        guard let addressNode = keys["address"] else { throw node.error("switch '\(name)' needs an 'address'") }
        let address = try addressNode.string()
        guard !address.isEmpty else { throw addressNode.error("the address is empty") }
        var settings = defaults
        try settings.apply(keys, environment: environment)
        let port = try keys["port"]?.integer(in: 1...65535) ?? 161
        var explicit: [String: UInt32] = [:]
        if let members = keys["members"] {
            guard let mapping = members.node.mapping else {
                throw members.error("expected a mapping of interface names to member ASNs")
            }
            for (key, value) in mapping {
                let interface = key.string ?? ""
                let entry = YAMLConfigNode(node: value, file: node.file, path: "\(members.path).\(interface)")
                let text = try entry.string().uppercased().replacingOccurrences(of: "AS", with: "")
                guard let asn = UInt32(text), asn > 0 else {
                    throw entry.error("expected a member ASN like 64500 or AS64500")
                }
                explicit[interface] = asn
            }
        }
        let credentials = try settings.credentials(at: node, switchName: name)
        let target = SNMPTarget(
            host: address, port: port, credentials: credentials, timeout: settings.timeout,
            retries: settings.retries, maxRepetitions: settings.maxRepetitions,
            deadline: settings.deadline ?? max(settings.timeout * Double(settings.retries + 1) * 4, settings.interval * 0.9))
        var mapping = MemberPortMapping(explicit: explicit, aliasPattern: settings.memberASNPattern)
        if settings.memberASNPattern?.isEmpty == true { mapping.aliasPattern = nil }
        do {
            try mapping.validate()
        } catch {
            throw (keys["member_asn_pattern"] ?? node).error(error.message)
        }
        return SwitchConfiguration(name: name, target: target, interval: settings.interval,
                                   labelRefreshPolls: settings.labelRefreshPolls, memberMapping: mapping)
    }
}

/// SNMP settings that `snmp:` sets for every switch and a switch may override.
struct SNMPDefaults {
    static let keys = [
        "version", "community", "community_env", "community_file", "user", "auth_protocol", "auth_password",
        "auth_password_env", "auth_password_file", "priv_protocol", "priv_password", "priv_password_env",
        "priv_password_file", "context", "timeout", "retries", "max_repetitions", "deadline", "interval",
        "label_refresh_polls", "member_asn_pattern",
    ]

    var version = "2c"
    var community: String?
    var user: String?
    var authProtocol: SNMPv3User.AuthProtocol?
    var authPassword: String?
    var privProtocol: SNMPv3User.PrivProtocol?
    var privPassword: String?
    var context = ""
    var timeout: Double = 2
    var retries = 2
    var maxRepetitions = 25
    var deadline: Double?
    var interval: Double = 60
    var labelRefreshPolls = 30
    var memberASNPattern: String? = MemberPortMapping.defaultAliasPattern

    mutating func apply(_ keys: [String: YAMLConfigNode], environment: [String: String]) throws(ConfigurationError) {
        if let node = keys["version"] { version = try node.choice(["1", "2c", "3"]) }
        if let secret = try Self.secret("community", keys, environment) { community = secret }
        if let node = keys["user"] { user = try node.string() }
        if let node = keys["auth_protocol"] {
            let name = try node.choice(SNMPv3User.AuthProtocol.allCases.map(\.rawValue) + ["SHA1", "SHA-1"])
            authProtocol = SNMPv3User.AuthProtocol(rawValue: name) ?? .sha1
        }
        if let secret = try Self.secret("auth_password", keys, environment) { authPassword = secret }
        if let node = keys["priv_protocol"] {
            let name = try node.choice(SNMPv3User.PrivProtocol.allCases.map(\.rawValue) + ["AES-128", "AES128", "AES192", "AES256"])
            switch name {
            case "AES-128", "AES128": privProtocol = .aes128
            case "AES192": privProtocol = .aes192
            case "AES256": privProtocol = .aes256
            default: privProtocol = SNMPv3User.PrivProtocol(rawValue: name)
            }
        }
        if let secret = try Self.secret("priv_password", keys, environment) { privPassword = secret }
        if let node = keys["context"] { context = try node.string() }
        if let node = keys["timeout"] { timeout = try node.duration(atLeast: 0.01) }
        if let node = keys["retries"] { retries = try node.integer(in: 0...10) }
        if let node = keys["max_repetitions"] { maxRepetitions = try node.integer(in: 1...1000) }
        if let node = keys["deadline"] { deadline = try node.duration(atLeast: 0.01) }
        if let node = keys["interval"] { interval = try node.duration(atLeast: 1) }
        if let node = keys["label_refresh_polls"] { labelRefreshPolls = try node.integer(in: 1...1_000_000) }
        if let node = keys["member_asn_pattern"] { memberASNPattern = try node.string() }
    }

    /// A secret given inline (`name`), from an environment variable (`name_env`) or from a
    /// file (`name_file`, trailing newline removed). At most one of the three.
    static func secret(_ name: String, _ keys: [String: YAMLConfigNode], _ environment: [String: String])
        throws(ConfigurationError) -> String?
    {
        let given = [name, name + "_env", name + "_file"].filter { keys[$0] != nil }
        guard let which = given.first, let node = keys[which] else { return nil }
        guard given.count == 1 else {
            throw node.error("give only one of \(given.joined(separator: ", "))")
        }
        let value = try node.string()
        if which == name { return value }
        if which.hasSuffix("_env") {
            guard let secret = environment[value] else {
                throw node.error("the environment variable \(value) is not set")
            }
            return secret
        }
        do {
            var secret = try String(contentsOfFile: value, encoding: .utf8)
            while secret.hasSuffix("\n") || secret.hasSuffix("\r") { secret.removeLast() }
            return secret
        } catch {
            throw node.error("cannot read the secret file \(value): \(error.localizedDescription)")
        }
    }

    func credentials(at node: YAMLConfigNode, switchName: String) throws(ConfigurationError) -> SNMPCredentials {
        switch version {
        case "1", "2c":
            guard let community else {
                throw node.error("switch '\(switchName)' uses SNMP v\(version) but has no community (community, community_env or community_file)")
            }
            return version == "1" ? .v1(community: community) : .v2c(community: community)
        default:
            guard let user, !user.isEmpty else {
                throw node.error("switch '\(switchName)' uses SNMPv3 but has no 'user'")
            }
            var v3 = SNMPv3User(name: user, context: context)
            if let authProtocol {
                guard let authPassword, authPassword.count >= 8 else {
                    throw node.error("switch '\(switchName)': auth_protocol needs an auth password of at least 8 characters")
                }
                v3.authentication = (authProtocol, authPassword)
            }
            if let privProtocol {
                guard authProtocol != nil else {
                    throw node.error("switch '\(switchName)': priv_protocol needs auth_protocol too (authPriv)")
                }
                guard let privPassword, privPassword.count >= 8 else {
                    throw node.error("switch '\(switchName)': priv_protocol needs a priv password of at least 8 characters")
                }
                v3.privacy = (privProtocol, privPassword)
            }
            return .v3(v3)
        }
    }
}
