/// Why an SMTP session failed: the step, the kind of failure, the server's reply if there was
/// one, and a message a person can act on.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, which decides whether a retry can help.
    public var kind: SMTPFailureKind
    /// The step that failed.
    public var stage: SMTPStage
    /// The server's reply, when the failure is one (4xx, 5xx, or an unexpected code).
    public var reply: SMTPReply?
    /// What went wrong, for a person.
    public var message: String

    /// An error.
    public init(_ kind: SMTPFailureKind, stage: SMTPStage, reply: SMTPReply? = nil, message: String) {
        self.kind = kind
        self.stage = stage
        self.reply = reply
        self.message = message
    }

    /// Whether trying again later cannot help: the server said 5xx. Everything else (4xx,
    /// connection failures, timeouts, TLS problems, a server that stopped offering STARTTLS)
    /// is retried with backoff.
    public var isPermanent: Bool { kind == .permanent }

    /// `STAGE: message (reply)`.
    public var description: String {
        var text = "SMTP \(stage.rawValue.uppercased()) failed: \(message)"
        if let reply { text += " (server said: \(reply))" }
        return text
    }
}

/// Kinds of SMTP failure; the raw value is the `reason` label of
/// `ixp_alert_emails_failed_total`.
public enum SMTPFailureKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The TCP connection could not be made or broke.
    case connection
    /// The server did not answer in time.
    case timeout
    /// The TLS handshake failed (certificate not trusted, wrong host name, protocol error).
    case tls
    /// STARTTLS is required but the server does not offer it.
    case startTLSUnavailable = "starttls_unavailable"
    /// Credentials are configured but the server offers no AUTH mechanism this client knows.
    case authenticationUnavailable = "auth_unavailable"
    /// A 4xx reply: try again later.
    case transient
    /// A 5xx reply: permanent.
    case permanent
    /// The server broke the protocol (a malformed or oversized reply, an unexpected code).
    case protocolViolation = "protocol"
    /// The client's own configuration is unusable (a CA file that cannot be read).
    case configuration
}
