import HummingbirdBcrypt

/// bcrypt password hashes, as the `http.auth` users of the configuration hold them
/// (`$2b$12$…`; `htpasswd -B`'s `$2y$` is the same algorithm and is accepted too).
public enum PasswordHash {
    /// The cost `ixp-health hash-password` uses by default (2^12 rounds, about a quarter of a
    /// second on a current server core).
    public static let defaultCost = 12

    /// The costs a hash may be made with.
    public static let costs = 4...31

    /// A new hash of `password` with a random salt.
    public static func make(_ password: String, cost: Int = defaultCost) -> String {
        Bcrypt.hash(password, cost: UInt8(min(max(cost, costs.lowerBound), costs.upperBound)))
    }

    /// Whether `password` matches `hash` (a hash `isWellFormed` accepts). Slow by design: call it
    /// off the request's executor.
    public static func verify(_ password: String, hash: String) -> Bool {
        guard let hash = normalized(hash) else { return false }
        return Bcrypt.verify(password, hash: hash)
    }

    /// Whether `text` is a bcrypt hash: `$2a$`, `$2b$` or `$2y$`, a two-digit cost from 04 to 31,
    /// and 53 characters of bcrypt's base-64 (salt and digest).
    public static func isWellFormed(_ text: String) -> Bool {
        normalized(text) != nil
    }

    /// The hash with `$2y$` written as `$2b$` (the bcrypt implementation knows only `a` and
    /// `b`), or nil when `text` is not a bcrypt hash.
    public static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
              [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
              bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$")
        else { return nil }
        guard let cost = Int(String(decoding: bytes[4...5], as: UTF8.self)), costs.contains(cost),
              bytes[4...5].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        guard bytes[7...].allSatisfy(alphabet.contains) else { return nil }
        guard bytes[2] == UInt8(ascii: "y") else { return text }
        return "$2b" + text.dropFirst(3)
    }
}
