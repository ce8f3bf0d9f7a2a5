/// A sentence to be put into words in the reader's language: a key of the wording tables and
/// the values for its `{placeholders}`. Rules produce these; the report, the dashboard and
/// the mail render them in English or French.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The key in `Wording`'s tables, e.g. `idle_member_ports.warning`.
    public var key: String
    /// Values for placeholders that need no formatting (names, ports, lists).
    public var arguments: [String: String]
    /// Numbers for placeholders, formatted in the reader's language by their unit
    /// (`1,2 Gbit/s` in French, `1.2 Gbit/s` in English).
    public var numbers: [String: NumberArgument]

    /// A text.
    public init(_ key: String, _ arguments: [String: String] = [:], numbers: [String: NumberArgument] = [:]) {
        self.key = key
        self.arguments = arguments
        self.numbers = numbers
    }

    enum CodingKeys: String, CodingKey { case key, arguments, numbers }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        arguments = try container.decodeIfPresent([String: String].self, forKey: .arguments) ?? [:]
        numbers = try container.decodeIfPresent([String: NumberArgument].self, forKey: .numbers) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(arguments, forKey: .arguments)
        if !numbers.isEmpty { try container.encode(numbers, forKey: .numbers) }
    }
}

/// A number to be formatted in the reader's language.
public struct NumberArgument: Sendable, Hashable, Codable {
    /// The value (NaN encodes as null and renders as "?").
    public var value: Double
    /// How to read it.
    public var unit: EvidenceUnit

    /// A number.
    public init(_ value: Double, _ unit: EvidenceUnit) {
        self.value = value
        self.unit = unit
    }

    enum CodingKeys: String, CodingKey { case value, unit }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent(Double.self, forKey: .value) ?? .nan
        unit = try container.decode(EvidenceUnit.self, forKey: .unit)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if value.isFinite { try container.encode(value, forKey: .value) } else { try container.encodeNil(forKey: .value) }
        try container.encode(unit, forKey: .unit)
    }
}
