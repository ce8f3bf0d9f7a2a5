import NIOCore
public import NIOSSL
import Synchronization

/// What the guarded listener checks that SIGHUP may replace while it runs: the users and
/// tokens of `auth.metrics` and `auth.ui`, and the TLS certificate and key.
///
/// The listener asks it on every request (authentication) and every TLS handshake (the
/// certificate, through NIOSSL's context callback), so that a renewed certificate or a
/// rotated password takes effect for the next connection, without a restart. Connections
/// already open keep the certificate they were made with. What cannot change under a running
/// listener — its address, plain HTTP against TLS, the body size and rate limits — is kept,
/// and `apply(_:)` says that it takes effect at the next restart.
public final class ListenerCredentials: Sendable {
    private struct State {
        var configuration: HTTPConfiguration
        var metrics: HTTPAuthenticator?
        var ui: HTTPAuthenticator?
        var certificate: NIOSSLContextConfigurationOverride
    }

    private let state: Mutex<State>
    private let clock: @Sendable () -> Double

    /// Credentials of `configuration`, read from its files now; `clock` gives seconds (for the
    /// authenticators' memory of good passwords). Throws when the certificate or key cannot be
    /// read.
    public init(_ configuration: HTTPConfiguration, clock: @escaping @Sendable () -> Double) throws(HTTPTLSError) {
        self.clock = clock
        var certificate = NIOSSLContextConfigurationOverride.noChanges
        if let tls = configuration.tls { certificate = try tls.certificateOverride() }
        state = Mutex(State(
            configuration: configuration,
            metrics: configuration.metricsAuth.map { HTTPAuthenticator(policy: $0, clock: clock) },
            ui: configuration.uiAuth.map { HTTPAuthenticator(policy: $0, clock: clock) },
            certificate: certificate))
    }

    /// The authenticator of `/metrics` (nil: open).
    public var metrics: HTTPAuthenticator? { state.withLock { $0.metrics } }

    /// The authenticator of the dashboard, report and API (nil: open).
    public var ui: HTTPAuthenticator? { state.withLock { $0.ui } }

    /// The certificate chain and key a new TLS connection gets.
    public var certificate: NIOSSLContextConfigurationOverride { state.withLock { $0.certificate } }

    /// The server's TLS configuration for `settings`, whose every handshake takes the
    /// certificate and key held here at that moment.
    public func serverConfiguration(_ settings: HTTPTLSSettings) throws(HTTPTLSError) -> TLSConfiguration {
        var configuration = try settings.serverConfiguration()
        configuration.sslContextCallback = { [self] _, promise in
            promise.succeed(certificate)
        }
        return configuration
    }

    /// Takes the users, tokens, certificate and key of `next` (a configuration just read and
    /// checked). The certificate files are read again here; when that fails (changed between
    /// the check and now) the old certificate stays, and so does everything else. Returns what
    /// it did not take and why, one line each, for the log.
    public func apply(_ next: HTTPConfiguration) throws(HTTPTLSError) -> [String] {
        var certificate: NIOSSLContextConfigurationOverride?
        if let tls = next.tls { certificate = try tls.certificateOverride() }
        let clock = self.clock
        return state.withLock { state in
            let old = state.configuration
            var kept: [String] = []
            if old.host != next.host || old.port != next.port {
                kept.append("http.listen changes from \(old.host):\(old.port) to \(next.host):\(next.port) at the next restart")
            }
            if (old.tls == nil) != (next.tls == nil) {
                kept.append("http.tls \(next.tls == nil ? "removed" : "added"): the listener changes between HTTP and HTTPS at the next restart")
            }
            if old.maxBodySize != next.maxBodySize || old.rateLimit != next.rateLimit {
                kept.append("http.max_body_size and http.rate_limit change at the next restart")
            }
            if old.metricsAuth != next.metricsAuth {
                state.metrics = next.metricsAuth.map { HTTPAuthenticator(policy: $0, clock: clock) }
                state.configuration.metricsAuth = next.metricsAuth
            }
            if old.uiAuth != next.uiAuth {
                state.ui = next.uiAuth.map { HTTPAuthenticator(policy: $0, clock: clock) }
                state.configuration.uiAuth = next.uiAuth
            }
            if let certificate, old.tls != nil {
                state.certificate = certificate
                state.configuration.tls = next.tls
            }
            return kept
        }
    }
}

extension HTTPTLSSettings {
    /// The certificate chain and key of the two files, as a handshake's override; checked as
    /// `serverConfiguration()` checks them.
    public func certificateOverride() throws(HTTPTLSError) -> NIOSSLContextConfigurationOverride {
        let configuration = try serverConfiguration()
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = configuration.certificateChain
        override.privateKey = configuration.privateKey
        return override
    }
}
