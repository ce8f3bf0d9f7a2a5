public import Detection
public import Foundation
public import IXPCore
import Yams

extension AlertingConfiguration {
    /// The keys of the `alerting:` section.
    static let alertingKeys: Set<String> = [
        "external_url", "smtp", "group_wait", "group_interval", "repeat_interval", "send_resolved", "receivers", "routes",
        "silences", "retry", "message_id_host",
    ]

    /// `alerting: {external_url, smtp: {…}, group_wait, group_interval, repeat_interval, send_resolved, receivers,
    /// routes, silences, retry, message_id_host}`, validated; the password is resolved from
    /// `password_env` or `password_file` here. `now` dates silences given with a `duration`.
    public static func parse(_ node: YAMLConfigNode, language: Language, environment: [String: String],
                              now: Double = Date().timeIntervalSince1970) throws(ConfigurationError) -> AlertingConfiguration
    {
        let keys = try node.mapping(allowed: alertingKeys)
        guard let smtpNode = keys["smtp"] else {
            throw node.error("alerting: needs an smtp section (host, port, tls, from)")
        }
        let (smtp, from) = try parseSMTP(smtpNode, environment: environment)
        var timing = NotificationTiming()
        if let value = keys["group_wait"] { timing.groupWait = try value.duration(atLeast: 0) }
        if let value = keys["group_interval"] { timing.groupInterval = try value.duration(atLeast: 1) }
        if let value = keys["repeat_interval"] { timing.repeatInterval = try value.duration(atLeast: 1) }
        if let value = keys["send_resolved"] { timing.sendResolved = try value.bool() }
        guard let receiversNode = keys["receivers"] else {
            throw node.error("alerting: needs receivers, e.g. receivers: [{name: noc, to: [noc@example.net]}]")
        }
        let receivers = try receiversNode.sequence().map { item throws(ConfigurationError) in try parseReceiver(item) }
        var routes: [Route] = []
        if let routesNode = keys["routes"] {
            routes = try routesNode.sequence().map { item throws(ConfigurationError) in try parseRoute(item) }
        } else if receivers.count == 1, let only = receivers.first {
            routes = [Route(receiver: only.name)]
        } else {
            throw node.error("alerting: needs routes when there is more than one receiver, e.g. routes: [{receiver: noc}]")
        }
        var silences: [Silence] = []
        if let silencesNode = keys["silences"] {
            silences = try silencesNode.sequence().enumerated().map { index, item throws(ConfigurationError) in
                try parseConfiguredSilence(item, index: index, now: now)
            }
        }
        var retry = RetryPolicy()
        if let retryNode = keys["retry"] {
            let fields = try retryNode.mapping(allowed: ["initial_delay", "max_delay", "max_age"])
            if let value = fields["initial_delay"] { retry.initialDelay = try value.duration(atLeast: 0.1) }
            if let value = fields["max_delay"] { retry.maximumDelay = try value.duration(atLeast: 0.1) }
            if let value = fields["max_age"] { retry.maximumAge = try value.duration(atLeast: 1) }
        }
        var externalURL: String?
        if let value = keys["external_url"] {
            let text = try value.string()
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw value.error("expected an http:// or https:// URL, got '\(text)'")
            }
            externalURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        let configuration = AlertingConfiguration(
            externalURL: externalURL, smtp: smtp, from: from, language: language,
            messageIDHost: try keys["message_id_host"]?.string(), timing: timing, receivers: receivers, routes: routes,
            silences: silences, retry: retry)
        do {
            try configuration.validate()
        } catch {
            throw alertingError(String(describing: error), root: node)
        }
        return configuration
    }

    // MARK: smtp

    private static func parseSMTP(_ node: YAMLConfigNode, environment: [String: String])
        throws(ConfigurationError) -> (SMTPConfiguration, MailAddress)
    {
        let keys = try node.mapping(allowed: [
            "host", "port", "tls", "from", "user", "password", "password_env", "password_file", "ca_file",
            "verify_certificate", "helo_name", "timeout",
        ])
        guard let host = keys["host"] else { throw node.error("smtp: needs a host") }
        guard let fromNode = keys["from"] else { throw node.error("smtp: needs from (the sender address)") }
        let hostName = try host.string().trimmingCharacters(in: .whitespaces)
        guard !hostName.isEmpty, !hostName.contains(" ") else {
            throw host.error("expected the mail server's host name or address, like smtp.example.net, got '\(hostName)'")
        }
        var smtp = SMTPConfiguration(host: hostName)
        if let value = keys["tls"] {
            smtp.security = SMTPSecurity(rawValue: try value.choice(SMTPSecurity.allCases.map(\.rawValue))) ?? .startTLS
        }
        if let value = keys["port"] {
            smtp.port = try value.integer(in: 1...65535)
        } else {
            smtp.port = smtp.security == .implicitTLS ? 465 : smtp.security == .none ? 25 : 587
        }
        if let value = keys["user"] { smtp.username = try value.string() }
        if let value = keys["password"] {
            throw value.error("a plain password is not accepted in the file; use password_env (an environment variable) or password_file")
        }
        smtp.password = try SecretResolver(environment: environment).secret("password", in: keys, allowsInline: false)
        if smtp.password != nil, smtp.username == nil {
            throw node.error("smtp: a password is given but no user")
        }
        if let value = keys["ca_file"] {
            let path = try value.string()
            guard FileManager.default.isReadableFile(atPath: path) else { throw value.error("cannot read the CA file \(path)") }
            smtp.caFile = path
        }
        if let value = keys["verify_certificate"] { smtp.verifyCertificate = try value.bool() }
        if let value = keys["helo_name"] { smtp.heloName = try value.string() }
        if let value = keys["timeout"] {
            let seconds = try value.duration(atLeast: 1)
            smtp.connectTimeout = seconds
            smtp.commandTimeout = seconds
            smtp.dataTimeout = max(seconds, smtp.dataTimeout)
        }
        return (smtp, try mailAddress(fromNode))
    }

    /// `noc@example.net` or `IXP Health <noc@example.net>`.
    private static func mailAddress(_ node: YAMLConfigNode) throws(ConfigurationError) -> MailAddress {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            var name = text[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            return MailAddress(address, displayName: name.isEmpty ? nil : name)
        }
        return MailAddress(text)
    }

    // MARK: receivers, routes

    private static func parseReceiver(_ node: YAMLConfigNode) throws(ConfigurationError) -> Receiver {
        let keys = try node.mapping(allowed: ["name", "to"])
        guard let name = keys["name"] else { throw node.error("a receiver needs a name") }
        guard let to = keys["to"] else { throw node.error("a receiver needs to: [address, …]") }
        let addresses: [MailAddress]
        if to.node.sequence != nil {
            addresses = try to.sequence().map { item throws(ConfigurationError) in try mailAddress(item) }
        } else {
            addresses = [try mailAddress(to)]
        }
        return Receiver(name: try name.string(), to: addresses)
    }

    private static func parseRoute(_ node: YAMLConfigNode) throws(ConfigurationError) -> Route {
        let keys = try node.mapping(allowed: [
            "receiver", "match", "continue", "group_by", "group_wait", "group_interval", "repeat_interval", "send_resolved",
        ])
        guard let receiver = keys["receiver"] else { throw node.error("a route needs a receiver") }
        var route = Route(receiver: try receiver.string())
        if let match = keys["match"] { route.match = try parseMatch(match) }
        if let value = keys["continue"] { route.continue = try value.bool() }
        if let value = keys["group_by"] {
            route.groupBy = try stringList(value)
            for label in route.groupBy where label != "..." && !isLabelName(label) {
                throw value.error("group_by takes label names (rule, severity, subject, member_asn, …) or \"...\", not '\(label)'")
            }
        }
        if let value = keys["group_wait"] { route.groupWait = try value.duration(atLeast: 0) }
        if let value = keys["group_interval"] { route.groupInterval = try value.duration(atLeast: 1) }
        if let value = keys["repeat_interval"] { route.repeatInterval = try value.duration(atLeast: 1) }
        if let value = keys["send_resolved"] { route.sendResolved = try value.bool() }
        return route
    }

    private static func parseMatch(_ node: YAMLConfigNode) throws(ConfigurationError) -> RouteMatch {
        let keys = try node.mapping(allowed: ["severity", "rule", "subject", "member_asn"])
        var match = RouteMatch()
        if let value = keys["severity"] {
            match.severity = Severity(rawValue: try value.choice(Severity.allCases.map(\.rawValue)))
        }
        if let value = keys["rule"] {
            let known = Set(RuleCatalog.ruleIDs.map(\.rawValue))
            match.rules = try stringList(value).map { name throws(ConfigurationError) in
                guard known.contains(name) else {
                    throw value.error("unknown rule '\(name)' (known: \(known.sorted().joined(separator: ", ")))")
                }
                return RuleID(rawValue: name)
            }
        }
        if let value = keys["subject"] { match.subject = try value.string() }
        if let value = keys["member_asn"] { match.memberASN = try asn(value) }
        return match
    }

    /// A scalar or a list of scalars.
    private static func stringList(_ node: YAMLConfigNode) throws(ConfigurationError) -> [String] {
        if node.node.sequence != nil {
            return try node.sequence().map { item throws(ConfigurationError) in try item.string() }
        }
        return [try node.string()]
    }

    /// Whether `text` is a label name: a letter or `_`, then letters, digits and `_`.
    private static func isLabelName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    private static func asn(_ node: YAMLConfigNode) throws(ConfigurationError) -> UInt32 {
        let text = try node.string()
        let digits = text.uppercased().hasPrefix("AS") ? String(text.dropFirst(2)) : text
        guard let asn = UInt32(digits), asn > 0 else { throw node.error("expected an AS number like 64500 or AS64500, got '\(text)'") }
        return asn
    }

    // MARK: silences

    /// `{matchers: {rule: port_down, subject: "sw1 *"}, expires: 2025-07-01T00:00:00Z | duration: 2h, comment, id}`.
    private static func parseConfiguredSilence(_ node: YAMLConfigNode, index: Int, now: Double)
        throws(ConfigurationError) -> Silence
    {
        let keys = try node.mapping(allowed: ["id", "matchers", "expires", "duration", "comment", "created_by"])
        guard let matchersNode = keys["matchers"] else {
            throw node.error("a silence needs matchers, e.g. matchers: {rule: port_down, subject: \"sw1 *\"}")
        }
        var matchers: [SilenceMatcher] = []
        // Any finding label can be matched, so the names are not a closed set; they must look like labels.
        guard let mapping = matchersNode.node.mapping else { throw matchersNode.error("expected a mapping of labels to values") }
        for (keyNode, valueNode) in mapping {
            let name = keyNode.string ?? ""
            guard SilenceMatcher.isLabelName(name) else {
                throw YAMLConfigNode(node: keyNode, file: node.file, path: matchersNode.path)
                    .error("'\(name)' is not a label name (rule, severity, subject, member_asn, switch, interface, …)")
            }
            matchers.append(SilenceMatcher(name: name, value: try YAMLConfigNode(node: valueNode, file: node.file,
                                                                               path: "\(matchersNode.path).\(name)").string()))
        }
        guard !matchers.isEmpty else { throw matchersNode.error("a silence needs at least one matcher") }
        let endsAt: Double
        var startsAt: Double = 0
        switch (keys["expires"], keys["duration"]) {
        case (let expires?, nil):
            let text = try expires.string()
            guard let time = parseTime(text) else {
                throw expires.error("expected a date like 2025-07-01 or a time like 2025-07-01T06:00:00Z, got '\(text)'")
            }
            endsAt = time
        case (nil, let duration?):
            startsAt = now
            endsAt = now + (try duration.duration(atLeast: 1))
        case (.some, .some):
            throw node.error("give either expires or duration, not both")
        case (nil, nil):
            throw node.error("a silence needs expires (a date) or duration (from when the agent starts)")
        }
        return Silence(id: try keys["id"]?.string() ?? "config-\(index)", matchers: matchers, startsAt: startsAt, endsAt: endsAt,
                       createdBy: try keys["created_by"]?.string() ?? "configuration", comment: try keys["comment"]?.string() ?? "")
    }

    /// Unix seconds from `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time.
    static func parseTime(_ text: String) -> Double? {
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date.timeIntervalSince1970 }
        if let date = ISO8601DateFormatter().date(from: text) { return date.timeIntervalSince1970 }
        return nil
    }

    // MARK: validate() errors

    /// Places an error of ``AlertingConfiguration/validate()`` (`alerting.routes[1]: …`) at the
    /// node its key path names, as far as the file has it.
    static func alertingError(_ message: String, root: YAMLConfigNode) -> ConfigurationError {
        let path = message.prefix { $0 != ":" && $0 != " " }
        var components = path.split(separator: ".").map(String.init)
        if components.first == "alerting" { components.removeFirst() }
        var node = root
        walk: for component in components {
            var name = component
            var index: Int?
            if let open = component.firstIndex(of: "["), component.hasSuffix("]") {
                name = String(component[..<open])
                index = Int(component[component.index(after: open)..<component.index(before: component.endIndex)])
            }
            var next: YAMLConfigNode?
            if let mapping = node.node.mapping {
                for (key, value) in mapping where key.string == name {
                    next = YAMLConfigNode(node: value, file: node.file, path: "")
                }
            }
            // `from` lives in smtp:, and a receiver's problem has no index in the message.
            if next == nil, name == "from", let mapping = node.node.mapping {
                for (key, value) in mapping where key.string == "smtp" {
                    next = YAMLConfigNode(node: value, file: node.file, path: "")
                }
            }
            guard var found = next else { break walk }
            if let index, let items = found.node.sequence, items.indices.contains(index) {
                found = YAMLConfigNode(node: items[index], file: node.file, path: "")
            }
            node = found
        }
        return ConfigurationError(file: root.file, line: node.node.mark?.line, column: node.node.mark?.column, message: message)
    }
}

extension SilenceMatcher {
    /// Whether `name` can be a finding label: lower-case letters, digits and `_`, 1 to 64 characters.
    public static func isLabelName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f }
    }
}
