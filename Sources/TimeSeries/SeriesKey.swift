/// One label of a series: a name and a value, as in Prometheus.
public struct Label: Hashable, Sendable, Codable, Comparable {
    /// The label's name, e.g. `switch`.
    public var name: String
    /// The label's value, e.g. `sw1`.
    public var value: String

    /// Creates a label.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Labels order by name, then value.
    public static func < (lhs: Label, rhs: Label) -> Bool {
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.value < rhs.value
    }
}

/// The identity of a series: a metric name plus a set of labels, kept sorted by label name so
/// that two keys with the same labels in a different order are equal.
public struct SeriesKey: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The metric name, e.g. `ixp_interface_receive_bits_per_second`.
    public let name: String
    /// The labels, sorted by name; a label name occurs at most once.
    public let labels: [Label]

    /// Creates a key from a metric name and a dictionary of labels.
    public init(name: String, labels: [String: String] = [:]) {
        self.name = name
        self.labels = labels.map { Label(name: $0.key, value: $0.value) }.sorted()
    }

    /// Creates a key from a list of labels; they are sorted, and of duplicate names the last wins.
    public init(name: String, labelList: [Label]) {
        // Labels already in order with distinct names (the usual case) need no dictionary.
        if zip(labelList, labelList.dropFirst()).allSatisfy({ $0.name < $1.name }) {
            self.init(name: name, sortedLabels: labelList)
            return
        }
        var byName: [String: String] = [:]
        for label in labelList { byName[label.name] = label.value }
        self.init(name: name, labels: byName)
    }

    /// A key from labels already sorted by name, names distinct.
    private init(name: String, sortedLabels: [Label]) {
        self.name = name
        self.labels = sortedLabels
    }

    /// The key of the series `name` with the same labels (e.g. a port's transmitted bytes from
    /// its received bytes), without sorting them again.
    public func renamed(_ name: String) -> SeriesKey { SeriesKey(name: name, sortedLabels: labels) }

    /// The value of the label `name`, or nil.
    public subscript(label name: String) -> String? {
        labels.first(where: { $0.name == name })?.value
    }

    /// The labels as a dictionary.
    public var labelDictionary: [String: String] {
        Dictionary(labels.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Prometheus text form: `name{a="1",b="2"}`.
    public var description: String {
        if labels.isEmpty { return name }
        let inner = labels.map { "\($0.name)=\"\(Self.escape($0.value))\"" }.joined(separator: ",")
        return "\(name){\(inner)}"
    }

    /// Keys order by name, then labels.
    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        return lhs.labels.lexicographicallyPrecedes(rhs.labels)
    }

    private static func escape(_ value: String) -> String {
        // Most values need no escaping: check the bytes before building a new string.
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
            return value
        }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    enum CodingKeys: String, CodingKey { case name, labels }

    /// Decodes a key and re-sorts its labels, so a hand-written file cannot break the invariant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.init(name: name, labels: labels)
    }

    /// Encodes the key as `{"name": …, "labels": {…}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(labelDictionary, forKey: .labels)
    }
}

/// Selects series by metric name and a set of labels that must all match exactly
/// (labels not mentioned may have any value).
public struct SeriesSelector: Hashable, Sendable, Codable {
    /// The metric name every selected series has.
    public var name: String
    /// Labels that must be present with exactly these values.
    public var matching: [String: String]

    /// Creates a selector; `matching` empty selects every series of the metric.
    public init(name: String, matching: [String: String] = [:]) {
        self.name = name
        self.matching = matching
    }

    /// Whether `key` is selected.
    public func matches(_ key: SeriesKey) -> Bool {
        guard key.name == name else { return false }
        for (labelName, value) in matching where key[label: labelName] != value { return false }
        return true
    }
}
