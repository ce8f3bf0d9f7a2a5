import Foundation
public import IXPCore
import Yams

extension HTTPConfiguration {
    /// The `http:` section:
    /// ```yaml
    /// http:
    ///   listen: 0.0.0.0:9470
    ///   tls: {certificate: /etc/ixp-health/tls.crt, key: /etc/ixp-health/tls.key}
    ///   auth:
    ///     metrics: {bearer: {token_file: /etc/ixp-health/metrics.token}}   # or token_env: VAR
    ///     ui:
    ///       basic:
    ///         users_file: /etc/ixp-health/users     # name:$2b$… a line
    ///         users: [{name: noc, password_hash: "$2b$12$…"}]
    ///   max_body_size: 64KiB
    ///   rate_limit: {requests_per_second: 20, burst: 100}   # or off
    /// ```
    /// The certificate, key, users file and token are read and checked here.
    public init(node: YAMLConfigNode, environment: [String: String]) throws(ConfigurationError) {
        self = try Self.parse(node, environment: environment)
    }

    private static func parse(_ node: YAMLConfigNode, environment: [String: String]) throws(ConfigurationError) -> HTTPConfiguration {
        var http = HTTPConfiguration()
        let keys = try node.mapping(allowed: ["listen", "tls", "auth", "max_body_size", "rate_limit"])
        if let listen = keys["listen"] {
            (http.host, http.port) = try parseListen(listen)
        }
        if let tls = keys["tls"] {
            let fields = try tls.mapping(allowed: ["certificate", "key"])
            guard let certificate = fields["certificate"], let key = fields["key"] else {
                throw tls.error("give both certificate and key (PEM files)")
            }
            let settings = HTTPTLSSettings(certificateFile: try certificate.string(), keyFile: try key.string())
            do {
                _ = try settings.serverConfiguration()
            } catch {
                throw (error.file == settings.keyFile ? key : certificate).error(error.message)
            }
            http.tls = settings
        }
        if let auth = keys["auth"] {
            let parts = try auth.mapping(allowed: ["metrics", "ui"])
            if let metrics = parts["metrics"] {
                http.metricsAuth = try parseAuthPolicy(metrics, realm: "ixp-health metrics", environment: environment)
            }
            if let ui = parts["ui"] {
                http.uiAuth = try parseAuthPolicy(ui, realm: "ixp-health", environment: environment)
            }
        }
        if let size = keys["max_body_size"] { http.maxBodySize = try parseByteSize(size, in: 1024...(64 << 20)) }
        if let limit = keys["rate_limit"] {
            if limit.node.scalar != nil {
                guard try !limit.bool() else { throw limit.error("give {requests_per_second: N, burst: M} or off") }
                http.rateLimit = nil
            } else {
                let fields = try limit.mapping(allowed: ["requests_per_second", "burst"])
                var rate = HTTPRateLimit()
                if let value = fields["requests_per_second"] { rate.requestsPerSecond = try value.number(in: 0.001...1_000_000) }
                if let value = fields["burst"] { rate.burst = Double(try value.integer(in: 1...1_000_000)) }
                http.rateLimit = rate
            }
        }
        return http
    }

    /// `{basic: {users_file, users}, bearer: {token_file | token_env}}`, at least one of them.
    private static func parseAuthPolicy(_ node: YAMLConfigNode, realm: String, environment: [String: String])
        throws(ConfigurationError) -> HTTPAuthPolicy
    {
        let keys = try node.mapping(allowed: ["basic", "bearer"])
        var policy = HTTPAuthPolicy(realm: realm)
        if let basic = keys["basic"] {
            let fields = try basic.mapping(allowed: ["users_file", "users"])
            if let file = fields["users_file"] {
                for (name, hash) in try readUsersFile(try file.string(), node: file) {
                    guard policy.users[name] == nil else { throw file.error("the user \(name) is given twice") }
                    policy.users[name] = hash
                }
            }
            if let users = fields["users"] {
                for user in try users.sequence() {
                    let entry = try user.mapping(allowed: ["name", "password_hash", "password"])
                    if let plain = entry["password"] {
                        throw plain.error("a plain password is not accepted; give password_hash, a bcrypt hash that "
                                          + "`ixp-health hash-password` prints")
                    }
                    guard let nameNode = entry["name"], let hashNode = entry["password_hash"] else {
                        throw user.error("each user needs name and password_hash")
                    }
                    let name = try nameNode.string()
                    guard isUserName(name) else {
                        throw nameNode.error("a user name is 1 to 64 characters without ':' or spaces, not '\(name)'")
                    }
                    let hash = try hashNode.string()
                    guard PasswordHash.isWellFormed(hash) else {
                        throw hashNode.error("password_hash must be a bcrypt hash ($2b$12$ and 53 characters), not a plain "
                                             + "password; make one with `ixp-health hash-password`")
                    }
                    guard policy.users[name] == nil else { throw nameNode.error("the user \(name) is given twice") }
                    policy.users[name] = hash
                }
            }
            guard !policy.users.isEmpty else { throw basic.error("basic needs users_file or users, with at least one user") }
        }
        if let bearer = keys["bearer"] {
            let fields = try bearer.mapping(allowed: ["token_file", "token_env"])
            let given = ["token_file", "token_env"].filter { fields[$0] != nil }
            guard given.count == 1, let which = given.first, let source = fields[which] else {
                throw bearer.error("give one of token_file and token_env")
            }
            let name = try source.string()
            // The resolver removes the file's trailing newlines, which do not change the lines below.
            guard let text = try SecretResolver(environment: environment)
                .secret("token", in: fields, allowsInline: false, fileDescription: "token file")
            else { throw bearer.error("give one of token_file and token_env") }
            // One token a line, so that a new one can be added before the old one is removed.
            let tokens = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            guard !tokens.isEmpty else { throw source.error("\(name) holds no token") }
            for token in tokens {
                guard token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                    throw source.error("a token must be at least 16 printable characters without spaces "
                                       + "(make one with: openssl rand -hex 32)")
                }
            }
            policy.tokens = tokens
        }
        guard !policy.users.isEmpty || !policy.tokens.isEmpty else { throw node.error("give basic, bearer or both") }
        return policy
    }

    /// `name:hash` a line (what `htpasswd -B` writes); blank lines and `#` comments are skipped.
    /// Errors name the users file and its line.
    private static func readUsersFile(_ path: String, node: YAMLConfigNode) throws(ConfigurationError) -> [(String, String)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw node.error("cannot read the users file \(path): \(error.localizedDescription)")
        }
        var users: [(String, String)] = []
        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ConfigurationError(file: path, line: index + 1, message: "expected name:bcrypt-hash")
            }
            let name = String(line[..<colon])
            let hash = String(line[line.index(after: colon)...])
            guard isUserName(name) else {
                throw ConfigurationError(file: path, line: index + 1,
                                         message: "a user name is 1 to 64 characters without ':' or spaces")
            }
            guard PasswordHash.isWellFormed(hash) else {
                throw ConfigurationError(file: path, line: index + 1,
                                         message: "the password of \(name) must be a bcrypt hash ($2b$12$ and 53 characters), "
                                             + "not a plain password; make one with `ixp-health hash-password`")
            }
            users.append((name, hash))
        }
        guard !users.isEmpty else { throw node.error("the users file \(path) lists no user") }
        return users
    }

    private static func isUserName(_ name: String) -> Bool {
        (1...64).contains(name.count) && !name.contains(":") && !name.contains(where: { $0.isWhitespace || $0.isNewline })
    }

    /// A size in bytes: `65536`, `64KiB`, `64k`, `1MiB`, `1M`.
    private static func parseByteSize(_ node: YAMLConfigNode, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("KiB", 1024), ("MiB", 1 << 20), ("KB", 1024), ("MB", 1 << 20), ("k", 1024), ("K", 1024),
                                      ("M", 1 << 20), ("B", 1)]
        var bytes = Int(text)
        if bytes == nil {
            for (unit, factor) in units where text.hasSuffix(unit) {
                if let number = Int(text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)) {
                    bytes = number.multipliedReportingOverflow(by: factor).overflow ? nil : number * factor
                    break
                }
            }
        }
        guard let bytes, range.contains(bytes) else {
            throw node.error("expected a size from 1KiB to 64MiB, like 65536 or 64KiB, got '\(text)'")
        }
        return bytes
    }

    /// `host:port` or `[v6]:port`.
    public static func parseListen(_ node: YAMLConfigNode) throws(ConfigurationError) -> (String, Int) {
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
}
