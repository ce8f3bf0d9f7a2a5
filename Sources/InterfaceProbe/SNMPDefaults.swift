import Foundation
import ProbeKit
import SNMPClient
import IXPCore

/// SNMP settings that `snmp:` sets for every switch and a switch may override.
struct SNMPDefaults {
    /// The keys of `snmp:` and of each switch that set SNMP options.
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
        let secrets = SecretResolver(environment: environment)
        if let node = keys["version"] { version = try node.choice(["1", "2c", "3"]) }
        if let secret = try secrets.secret("community", in: keys) { community = secret }
        if let node = keys["user"] { user = try node.string() }
        if let node = keys["auth_protocol"] {
            let name = try node.choice(SNMPv3User.AuthProtocol.allCases.map(\.rawValue) + ["SHA1", "SHA-1"])
            authProtocol = SNMPv3User.AuthProtocol(rawValue: name) ?? .sha1
        }
        if let secret = try secrets.secret("auth_password", in: keys) { authPassword = secret }
        if let node = keys["priv_protocol"] {
            let name = try node.choice(SNMPv3User.PrivProtocol.allCases.map(\.rawValue) + ["AES-128", "AES128", "AES192", "AES256"])
            switch name {
            case "AES-128", "AES128": privProtocol = .aes128
            case "AES192": privProtocol = .aes192
            case "AES256": privProtocol = .aes256
            default: privProtocol = SNMPv3User.PrivProtocol(rawValue: name)
            }
        }
        if let secret = try secrets.secret("priv_password", in: keys) { privPassword = secret }
        if let node = keys["context"] { context = try node.string() }
        if let node = keys["timeout"] { timeout = try node.duration(atLeast: 0.01) }
        if let node = keys["retries"] { retries = try node.integer(in: 0...10) }
        if let node = keys["max_repetitions"] { maxRepetitions = try node.integer(in: 1...1000) }
        if let node = keys["deadline"] { deadline = try node.duration(atLeast: 0.01) }
        if let node = keys["interval"] { interval = try node.duration(atLeast: 1) }
        if let node = keys["label_refresh_polls"] { labelRefreshPolls = try node.integer(in: 1...1_000_000) }
        if let node = keys["member_asn_pattern"] { memberASNPattern = try node.string() }
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
