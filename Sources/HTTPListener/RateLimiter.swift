import Synchronization

/// A token bucket per client: each request takes a token, `requestsPerSecond` tokens flow back,
/// at most `burst` are held. Clients whose bucket has filled up again are forgotten, so memory
/// stays bounded by the clients active in the last `burst / requestsPerSecond` seconds (and at
/// most `maximumClients`: past that, the fullest buckets are forgotten first).
public final class RateLimiter: Sendable {
    /// A decision.
    public enum Outcome: Equatable {
        /// Serve it.
        case allowed
        /// Refuse it; a token is back in this many seconds (at least 1).
        case refused(retryAfter: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let limit: HTTPRateLimit
    private let clock: @Sendable () -> Double
    private let maximumClients: Int
    private let buckets = Mutex<(clients: [String: Bucket], lastSweep: Double)>(([:], 0))

    /// A limiter; `clock` gives seconds (monotonic or wall clock).
    public init(_ limit: HTTPRateLimit, maximumClients: Int = 100_000, clock: @escaping @Sendable () -> Double) {
        self.limit = limit
        self.clock = clock
        self.maximumClients = maximumClients
    }

    /// Takes a token for `client`.
    public func take(_ client: String) -> Outcome {
        let now = clock()
        let rate = limit.requestsPerSecond
        let burst = limit.burst
        return buckets.withLock { state in
            if now - state.lastSweep > burst / rate || state.clients.count >= maximumClients {
                sweep(&state.clients, now: now)
                state.lastSweep = now
            }
            var bucket = state.clients[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.updated) * rate)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                state.clients[client] = bucket
                return .refused(retryAfter: max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))))
            }
            bucket.tokens -= 1
            state.clients[client] = bucket
            return .allowed
        }
    }

    /// The number of clients remembered.
    public var clientCount: Int { buckets.withLock { $0.clients.count } }

    /// Forgets the buckets that are full again; when that is not enough, the fullest half.
    private func sweep(_ clients: inout [String: Bucket], now: Double) {
        let rate = limit.requestsPerSecond
        let burst = limit.burst
        clients = clients.filter { $0.value.tokens + max(0, now - $0.value.updated) * rate < burst }
        if clients.count >= maximumClients {
            let keep = clients.sorted { $0.value.tokens + (now - $0.value.updated) * rate < $1.value.tokens + (now - $1.value.updated) * rate }
                .prefix(maximumClients / 2)
            clients = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }
}
