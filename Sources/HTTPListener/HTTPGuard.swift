import Foundation
public import Hummingbird
import Logging
import NIOCore

/// The listener's gate, in front of the agent's router: every request passes it in this order:
/// 1. the client address's rate limit (429 with `Retry-After`);
/// 2. the body size limit, from `Content-Length` (413);
/// 3. authentication: `/metrics` against `auth.metrics`; the dashboard, report and `/api/v1`
///    against `auth.ui` (401 with `WWW-Authenticate`); `/-/healthy`, the dashboard's static
///    assets and the public page stay open;
/// 4. writes (silences and acknowledgements of findings are the only writable resources): without
///    `auth.ui` only a client on the agent's own host may change them (403);
/// 5. the body itself, read up to the limit (413).
///
/// It is the application's responder; the router behind it keeps its `BasicRequestContext`.
public struct HTTPGuard<Inner: HTTPResponder>: HTTPResponder where Inner.Context == BasicRequestContext {
    public typealias Context = GuardedRequestContext

    public let inner: Inner
    public let maxBodySize: Int
    public let limiter: RateLimiter?
    /// The users and tokens, asked on every request (SIGHUP may replace them).
    public let credentials: ListenerCredentials

    /// A gate for `configuration` whose users and tokens come from `credentials`; `clock`
    /// gives seconds.
    public init(_ inner: Inner, configuration: HTTPConfiguration, credentials: ListenerCredentials,
         clock: @escaping @Sendable () -> Double) {
        self.inner = inner
        maxBodySize = configuration.maxBodySize
        limiter = configuration.rateLimit.map { RateLimiter($0, clock: clock) }
        self.credentials = credentials
    }

    /// Which part of the listener a path belongs to.
    public enum Area: Equatable {
        case metrics, ui, open
    }

    /// The path's area, judged on its segments as the router matches them (percent-decoded,
    /// empty and `.` segments ignored), so that `//metrics/` is `/metrics`. A path that climbs
    /// (`..`) or cannot be decoded is nil: refused.
    public static func area(of path: String) -> Area? {
        guard let decoded = path.removingPercentEncoding else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !segments.contains("..") else { return nil }
        switch segments.joined(separator: "/") {
        case "metrics": return .metrics
        case "-/healthy", "public", "public.json": return .open
        default: return segments.first == "assets" ? .open : .ui
        }
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let admitted: (Request, String?)
        do {
            admitted = try await admit(request, context: context)
        } catch {
            // Answered here, as the router answers its own errors: JSON {"error": {"message"}}.
            return try error.response(from: request, context: context)
        }
        var inner = context.basicContext
        if let user = admitted.1 { inner.logger[metadataKey: "user"] = "\(user)" }
        return try await self.inner.respond(to: admitted.0, context: inner)
    }

    /// The request, its body read, and the user it authenticated as; or the refusal.
    private func admit(_ request: Request, context: Context) async throws(HTTPError) -> (Request, String?) {
        let client = context.clientAddress
        if let limiter, case .refused(let seconds) = limiter.take(client ?? "unknown") {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: "\(seconds)"],
                            message: "too many requests from \(client ?? "this client"); try again in \(seconds) s")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodySize {
            throw HTTPError(.contentTooLarge, message: "the request body is larger than \(maxBodySize) bytes")
        }
        let authenticator: HTTPAuthenticator?
        let ui = credentials.ui
        switch Self.area(of: request.uri.path) {
        case .metrics: authenticator = credentials.metrics
        case .ui: authenticator = ui
        case .open: authenticator = nil
        case nil: throw HTTPError(.badRequest, message: "the path climbs (..) or is not valid percent-encoding")
        }
        var user: String?
        if let authenticator {
            switch await authenticator.check(request.headers[.authorization]) {
            case .allowed(let name):
                user = name
            case .denied:
                var headers = HTTPFields()
                headers[values: .wwwAuthenticate] = authenticator.policy.challenges
                let given = request.headers[.authorization] != nil
                if given {
                    // For fail2ban and the like: who tried, never what they sent.
                    context.logger.notice("credentials refused", metadata: [
                        "client": "\(client ?? "unknown")", "path": "\(request.uri.path)"])
                }
                throw HTTPError(.unauthorized, headers: headers,
                                message: given ? "the credentials are not accepted" : "authentication is required")
            }
        }
        let writes = ![.get, .head, .options].contains(request.method)
        if writes, ui == nil, !Self.isLoopback(client) {
            throw HTTPError(.forbidden, message: "changes are accepted only from the agent's own host unless http.auth.ui is configured")
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBodySize)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the request body is larger than \(maxBodySize) bytes")
        }
        return (request, user)
    }

    /// Whether an address is on this host (127.0.0.0/8, ::1, or IPv4-mapped loopback).
    public static func isLoopback(_ address: String?) -> Bool {
        guard let address else { return false }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
