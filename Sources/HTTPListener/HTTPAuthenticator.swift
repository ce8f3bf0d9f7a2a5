import Crypto
import Foundation
import NIOPosix
import Synchronization

/// Checks a request's `Authorization` header against an `HTTPAuthPolicy`: `Basic` against the
/// users' bcrypt hashes, `Bearer` against the tokens (compared in constant time).
///
/// bcrypt is slow by design, so it runs on NIO's blocking thread pool, and a good user/password
/// pair is remembered for five minutes by its SHA-256 (never in clear), so that a browser
/// loading a page and its charts, or Prometheus scraping every 15 s, pays for one bcrypt.
public final class HTTPAuthenticator: Sendable {
    /// Who was let in.
    public enum Outcome: Equatable {
        /// A user (`Basic`) or a token holder (`Bearer`; the name is "bearer").
        case allowed(String)
        /// No credentials, or wrong ones.
        case denied
    }

    public let policy: HTTPAuthPolicy
    private let verified = Mutex<[SHA256Digest: Double]>([:])
    private let clock: @Sendable () -> Double
    /// A hash checked for unknown users, so that they take as long as known ones.
    private let decoy: String
    private static let remembered: Double = 300
    private static let maximumRemembered = 1_024

    /// An authenticator for `policy`; `clock` gives seconds.
    public init(policy: HTTPAuthPolicy, clock: @escaping @Sendable () -> Double) {
        self.policy = policy
        self.clock = clock
        let cost = policy.users.values.first.map { String($0.dropFirst(4).prefix(2)) } ?? "12"
        decoy = "$2b$\(cost)$" + String(repeating: "O", count: 53)
    }

    /// Checks `authorization` (the header's value, nil when absent).
    public func check(_ authorization: String?) async -> Outcome {
        guard let authorization else { return .denied }
        let trimmed = authorization.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return .denied }
        let scheme = trimmed[..<space].lowercased()
        let credentials = trimmed[space...].trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer" where !policy.tokens.isEmpty:
            let given = Array(credentials.utf8)
            // Every token is compared, whichever matches, so that the time says nothing.
            var matched = false
            for token in policy.tokens { matched = Self.constantTimeEqual(given, Array(token.utf8)) || matched }
            return matched ? .allowed("bearer") : .denied
        case "basic" where !policy.users.isEmpty:
            guard let data = Data(base64Encoded: credentials), let decoded = String(data: data, encoding: .utf8),
                  let colon = decoded.firstIndex(of: ":")
            else { return .denied }
            let user = String(decoded[..<colon])
            let password = String(decoded[decoded.index(after: colon)...])
            return await checkPassword(user: user, password: password) ? .allowed(user) : .denied
        default:
            return .denied
        }
    }

    private func checkPassword(user: String, password: String) async -> Bool {
        let key = SHA256.hash(data: Data("\(user)\u{0}\(password)".utf8))
        let now = clock()
        if verified.withLock({ ($0[key] ?? 0) > now }) { return true }
        let hash = policy.users[user]
        let decoy = self.decoy
        let good: Bool
        do {
            good = try await NIOThreadPool.singleton.runIfActive {
                guard let hash else {
                    _ = PasswordHash.verify(password, hash: decoy)
                    return false
                }
                return PasswordHash.verify(password, hash: hash)
            }
        } catch {
            return false
        }
        if good {
            verified.withLock { remembered in
                if remembered.count >= Self.maximumRemembered { remembered = remembered.filter { $0.value > now } }
                if remembered.count >= Self.maximumRemembered { remembered.removeAll() }
                remembered[key] = now + Self.remembered
            }
        }
        return good
    }

    /// Whether two byte strings are equal, in a time that depends on their lengths only.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        difference |= a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
