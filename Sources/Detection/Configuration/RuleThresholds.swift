import Foundation

/// A rule's thresholds: a struct of numbers whose property initial values are the rule's
/// documented defaults, e.g.
///
/// ```swift
/// struct Thresholds: RuleThresholds {
///     var minimumMembers = 3.0
///     var minimumKnown = 0.8
///     init() {}
/// }
/// ```
///
/// Its keys in `detection.rules.<id>` are its property names in snake_case (`minimumMembers` is
/// `minimum_members`); every other key there is a configuration error. It is decoded once, when
/// the configuration loads; the rule reads the typed value (`DetectionContext.thresholds(_:)`).
public protocol RuleThresholds: Codable, Hashable, Sendable {
    /// The defaults.
    init()
}

/// The thresholds of a rule id that has none.
public struct NoThresholds: RuleThresholds {
    /// No thresholds.
    public init() {}
}

/// Between a thresholds struct and its `name: number` form, through `Codable` with snake_case
/// keys: the property names are the configuration's keys, so no name is written twice.
enum RuleThresholdsCoding {
    /// The values of `thresholds` by their configuration key.
    static func values(of thresholds: some RuleThresholds) -> [String: Double] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(thresholds),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var values: [String: Double] = [:]
        for (key, value) in object {
            if let number = value as? NSNumber { values[key] = number.doubleValue }
        }
        return values
    }

    /// `Thresholds` with `values` over its defaults; every key of `values` must be one of its keys.
    static func decode<Thresholds: RuleThresholds>(_ type: Thresholds.Type, overriding values: [String: Double])
        throws -> Thresholds
    {
        let merged = Self.values(of: Thresholds()).merging(values) { _, configured in configured }
        let data = try JSONSerialization.data(withJSONObject: merged)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Thresholds.self, from: data)
    }
}
