/// The HTTP listener (`http:`): where it binds, TLS, who may read `/metrics` and the
/// dashboard and API, and the limits every request meets.
public struct HTTPConfiguration: Sendable, Hashable {
    /// Address to bind; loopback by default.
    public var host: String = "127.0.0.1"
    /// Port to bind; 9470 by default.
    public var port: Int = 9470
    /// TLS (`tls: {certificate, key}`); nil serves plain HTTP.
    public var tls: HTTPTLSSettings?
    /// Who may read `/metrics` (`auth.metrics`); nil: anyone who reaches the listener.
    public var metricsAuth: HTTPAuthPolicy?
    /// Who may use the dashboard, the report and `/api/v1` (`auth.ui`); nil: anyone who
    /// reaches the listener, though silences can then be changed only from the agent's own host.
    public var uiAuth: HTTPAuthPolicy?
    /// The largest request body accepted, bytes (`max_body_size`); larger ones get 413.
    public var maxBodySize: Int = 64 * 1024
    /// Requests a client address may make (`rate_limit`); nil: no limit.
    public var rateLimit: HTTPRateLimit? = HTTPRateLimit()

    /// Creates the default listener: plain HTTP on 127.0.0.1:9470, no authentication, 64 KiB
    /// bodies, 20 requests a second (bursts of 100) per client.
    public init() {}

    /// Whether `host` is a loopback address (only this machine reaches the listener).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// The listener's certificate and key (PEM files).
public struct HTTPTLSSettings: Sendable, Hashable {
    /// The certificate chain, leaf first (PEM).
    public var certificateFile: String
    /// The private key (PEM), unencrypted.
    public var keyFile: String

    /// Settings with the two files.
    public init(certificateFile: String, keyFile: String) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}

/// Who may pass one guarded part of the listener: users with bcrypt password hashes (HTTP Basic)
/// and bearer tokens. A request passes with either.
public struct HTTPAuthPolicy: Sendable, Hashable {
    /// User name → bcrypt hash (`PasswordHash`).
    public var users: [String: String]
    /// Accepted bearer tokens.
    public var tokens: [String]
    /// The realm named in `WWW-Authenticate`.
    public var realm: String

    /// A policy; `realm` names the guarded part in the browser's login prompt.
    public init(users: [String: String] = [:], tokens: [String] = [], realm: String) {
        self.users = users
        self.tokens = tokens
        self.realm = realm
    }

    /// The `WWW-Authenticate` challenges of a 401: Basic when users are configured, Bearer when
    /// tokens are.
    public var challenges: [String] {
        var challenges: [String] = []
        if !users.isEmpty { challenges.append("Basic realm=\"\(realm)\", charset=\"UTF-8\"") }
        if !tokens.isEmpty { challenges.append("Bearer realm=\"\(realm)\"") }
        return challenges
    }
}

/// A token bucket per client address: `requestsPerSecond` refill it, up to `burst`.
public struct HTTPRateLimit: Sendable, Hashable {
    /// The sustained rate, requests a second.
    public var requestsPerSecond: Double
    /// The most requests a client may make at once after a quiet spell.
    public var burst: Double

    /// A limit; by default 20 requests a second with bursts of 100.
    public init(requestsPerSecond: Double = 20, burst: Double = 100) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }
}
