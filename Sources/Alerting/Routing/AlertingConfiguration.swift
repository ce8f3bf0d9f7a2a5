public import Detection

/// Everything the `alerting:` section of the configuration says, as values: the agent parses
/// the YAML into this, and the pipeline, renderer and outbox take their parts of it.
public struct AlertingConfiguration: Sendable, Hashable {
    /// The agent's address as readers reach it, for links in mail (`/report`, `/api/v1/findings`);
    /// nil leaves links out.
    public var externalURL: String?
    /// How to reach the mail server.
    public var smtp: SMTPConfiguration
    /// The sender of alert mail.
    public var from: MailAddress
    /// The language of the mail.
    public var language: Language
    /// The host name in Message-IDs (`…@host`); the sender's domain is a good choice.
    public var messageIDHost: String
    /// Defaults for routes that do not set their own.
    public var timing: NotificationTiming
    /// Named receivers.
    public var receivers: [Receiver]
    /// Routes, tried in order: the first match wins unless it says `continue`.
    public var routes: [Route]
    /// Silences written in the configuration (those added through the API and the command line
    /// live in the ``SilenceStore``).
    public var silences: [Silence]
    /// How failed deliveries are retried.
    public var retry: RetryPolicy

    /// A configuration. `messageIDHost` defaults to the domain of `from`.
    public init(externalURL: String? = nil, smtp: SMTPConfiguration, from: MailAddress, language: Language = .english,
                messageIDHost: String? = nil, timing: NotificationTiming = NotificationTiming(),
                receivers: [Receiver], routes: [Route], silences: [Silence] = [], retry: RetryPolicy = RetryPolicy()) {
        self.externalURL = externalURL
        self.smtp = smtp
        self.from = from
        self.language = language
        self.messageIDHost = messageIDHost ?? from.address.split(separator: "@").last.map(String.init) ?? "ixp-health.invalid"
        self.timing = timing
        self.receivers = receivers
        self.routes = routes
        self.silences = silences
        self.retry = retry
    }

    /// The receiver named `name`.
    public func receiver(named name: String) -> Receiver? {
        receivers.first { $0.name == name }
    }

    /// Checks what the YAML types cannot: every route names a known receiver, receivers have
    /// addresses and unique names, durations are positive. Throws the first problem found.
    public func validate() throws {
        var names = Set<String>()
        for receiver in receivers {
            guard !receiver.name.isEmpty else { throw AlertingConfigurationError("alerting.receivers: a receiver has no name") }
            guard names.insert(receiver.name).inserted else {
                throw AlertingConfigurationError("alerting.receivers: the name '\(receiver.name)' is used twice")
            }
            guard !receiver.to.isEmpty else {
                throw AlertingConfigurationError("alerting.receivers: '\(receiver.name)' has no address in 'to'")
            }
            for address in receiver.to where !Self.looksLikeAddress(address.address) {
                throw AlertingConfigurationError("alerting.receivers: '\(address.address)' of '\(receiver.name)' is not an e-mail address")
            }
        }
        guard Self.looksLikeAddress(from.address) else {
            throw AlertingConfigurationError("alerting.smtp.from: '\(from.address)' is not an e-mail address")
        }
        for (index, route) in routes.enumerated() {
            guard names.contains(route.receiver) else {
                throw AlertingConfigurationError(
                    "alerting.routes[\(index)]: the receiver '\(route.receiver)' is not defined in alerting.receivers")
            }
            try route.effectiveTiming(timing).validate(at: "alerting.routes[\(index)]")
        }
        try timing.validate(at: "alerting")
        try retry.validate()
        guard (1...65535).contains(smtp.port) else {
            throw AlertingConfigurationError("alerting.smtp.port: \(smtp.port) is not a TCP port")
        }
        if smtp.security == .none, smtp.username != nil,
           !["localhost", "127.0.0.1", "::1"].contains(smtp.host) {
            throw AlertingConfigurationError(
                "alerting.smtp: a password would go in plaintext to \(smtp.host) (tls: none); use tls: starttls or implicit")
        }
    }

    static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0.isNewline })
    }
}

/// A problem in the `alerting:` section, naming the key.
public struct AlertingConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and where.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
