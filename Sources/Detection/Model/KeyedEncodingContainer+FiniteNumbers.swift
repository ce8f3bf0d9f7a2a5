/// JSON has no NaN or infinity: the model writes a number that is not finite as `null` and
/// reads `null` back as NaN, so that encoding a report never throws on a missing value.
extension KeyedEncodingContainer {
    /// Encodes `value`, or `null` when it is not finite.
    mutating func encodeFinite(_ value: Double, forKey key: Key) throws {
        if value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    /// Encodes `value` when it is present and finite; leaves the key out otherwise.
    mutating func encodeFiniteIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) }
    }

    /// Encodes `value`, or null when it is nil: an unknown count (or list) keeps its key and reads null.
    mutating func encodeOrNull<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a number that may be `null` or absent, as NaN.
    func decodeNaNIfNull(forKey key: Key) throws -> Double {
        try decodeIfPresent(Double.self, forKey: key) ?? .nan
    }
}
