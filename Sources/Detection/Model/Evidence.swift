/// The numbers behind a verdict or a finding, each with the window it comes from. Ordered as
/// the rule wrote them, so that the report and the mail read in a sensible order.
///
/// In JSON it is an object: `{"name": {"value": …, "unit": "…", "from": …, "to": …}, …}`
/// (times in seconds since the epoch, NaN as null).
public struct Evidence: Sendable, Hashable, Codable {
    /// The items, in order.
    public var items: [EvidenceItem]

    /// Evidence made of `items`.
    public init(_ items: [EvidenceItem] = []) {
        self.items = items
    }

    /// Whether there is no item.
    public var isEmpty: Bool { items.isEmpty }

    /// The item named `name`, if any.
    public subscript(name: String) -> EvidenceItem? {
        items.first { $0.name == name }
    }

    /// Appends a number.
    public mutating func add(_ name: String, _ value: Double, unit: EvidenceUnit = .none, window: EvidenceWindow? = nil) {
        items.append(EvidenceItem(name: name, value: .number(value), unit: unit, window: window))
    }

    /// Appends a text.
    public mutating func add(_ name: String, text: String, window: EvidenceWindow? = nil) {
        items.append(EvidenceItem(name: name, value: .text(text), unit: .none, window: window))
    }

    /// Appends a list of texts (ports, ASNs, MACs).
    public mutating func add(_ name: String, list: [String], window: EvidenceWindow? = nil) {
        items.append(EvidenceItem(name: name, value: .list(list), unit: .none, window: window))
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Body: Codable {
        var value: EvidenceValue
        var unit: EvidenceUnit?
        var from: Double?
        var to: Double?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        items = try container.allKeys.map { key in
            let body = try container.decode(Body.self, forKey: key)
            let window = body.from.flatMap { from in body.to.map { EvidenceWindow(from: from, to: $0) } }
            return EvidenceItem(name: key.stringValue, value: body.value, unit: body.unit ?? .none, window: window)
        }.sorted { $0.name < $1.name }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for item in items {
            // A window with an end that is not a finite number is left out rather than made to throw.
            let window = item.window.flatMap { $0.from.isFinite && $0.to.isFinite ? $0 : nil }
            try container.encode(
                Body(value: item.value, unit: item.unit == .none ? nil : item.unit, from: window?.from, to: window?.to),
                forKey: Key(stringValue: item.name))
        }
    }
}

/// One number (or text, or list) of evidence.
public struct EvidenceItem: Sendable, Hashable {
    /// A snake_case name, e.g. `p95_daily_peak_last_quarter`. The wording tables name it for people.
    public var name: String
    /// The value.
    public var value: EvidenceValue
    /// Its unit, for formatting.
    public var unit: EvidenceUnit
    /// The time window it was computed over, if any.
    public var window: EvidenceWindow?

    /// An item.
    public init(name: String, value: EvidenceValue, unit: EvidenceUnit = .none, window: EvidenceWindow? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.window = window
    }

    /// The value as a number, if it is one.
    public var number: Double? {
        if case .number(let value) = value { return value }
        return nil
    }
}

/// The value of an evidence item.
public enum EvidenceValue: Sendable, Hashable, Codable {
    /// A number; NaN is encoded as null.
    case number(Double)
    /// A text.
    case text(String)
    /// A list of texts.
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .number(.nan)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .list(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value):
            if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .text(let text): try container.encode(text)
        case .list(let list): try container.encode(list)
        }
    }
}

/// How an evidence number is to be read and formatted.
public enum EvidenceUnit: String, Sendable, Hashable, Codable {
    /// A plain number.
    case none
    /// Bits per second (traffic; shown as kb/s, Mb/s, Gb/s).
    case bitsPerSecond = "bits_per_second"
    /// A fraction 0…1 (shown as a percentage).
    case ratio
    /// A count of things (members, ports, frames).
    case count
    /// Seconds since the epoch (shown as a date).
    case timestamp
    /// A duration in seconds (shown as days, hours, minutes).
    case seconds
    /// Per second (errors, frames).
    case perSecond = "per_second"
    /// A p-value.
    case pValue = "p_value"
}

/// A time window, in seconds since the epoch.
public struct EvidenceWindow: Sendable, Hashable, Codable {
    /// Start, inclusive.
    public var from: Double
    /// End, inclusive.
    public var to: Double

    /// A window.
    public init(from: Double, to: Double) {
        self.from = from
        self.to = to
    }

    enum CodingKeys: String, CodingKey { case from, to }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decodeNaNIfNull(forKey: .from)
        to = try container.decodeNaNIfNull(forKey: .to)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeFinite(from, forKey: .from)
        try container.encodeFinite(to, forKey: .to)
    }
}
