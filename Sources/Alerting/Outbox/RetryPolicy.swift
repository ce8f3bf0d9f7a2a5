/// How a message that could not be delivered (4xx, no connection, timeout, TLS trouble) is
/// retried: exponential backoff from `initialDelay`, doubling up to `maximumDelay`, until the
/// message is `maximumAge` old; then it fails as `expired`. 5xx replies are never retried.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// The wait after the first failed attempt, seconds (default 30 s).
    public var initialDelay: Double
    /// The longest wait between attempts, seconds (default 10 min).
    public var maximumDelay: Double
    /// How long a message is tried at all, seconds (default 2 days).
    public var maximumAge: Double

    /// A policy.
    public init(initialDelay: Double = 30, maximumDelay: Double = 600, maximumAge: Double = 2 * 86_400) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAge = maximumAge
    }

    /// The wait after `attempts` failed attempts (1 → `initialDelay`).
    public func delay(afterAttempts attempts: Int) -> Double {
        let exponent = Double(max(0, min(attempts - 1, 30)))
        return min(maximumDelay, initialDelay * Double.pow2(exponent))
    }

    func validate() throws {
        guard initialDelay > 0, maximumDelay >= initialDelay, maximumAge > 0 else {
            throw AlertingConfigurationError(
                "alerting.retry: initial delay must be positive, the maximum delay at least the initial one, the maximum age positive")
        }
    }
}

extension Double {
    /// 2 to the power `exponent`, for small whole exponents.
    fileprivate static func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        var remaining = Int(exponent)
        while remaining > 0 {
            value *= 2
            remaining -= 1
        }
        return value
    }
}
