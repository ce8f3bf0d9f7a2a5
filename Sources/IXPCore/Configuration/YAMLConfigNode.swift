import Foundation
public import Yams

/// A YAML node of a configuration file with typed accessors whose errors name the file, line
/// and column. Unknown keys are errors too: a misspelt option must not be silently ignored.
/// Probe kinds parse their sections of the configuration file through it.
public struct YAMLConfigNode {
    /// The Yams node.
    public let node: Node
    /// The file, as the operator named it.
    public let file: String
    /// The dotted path, for messages (`switches[2].community`).
    public let path: String

    /// A node of `file` at `path`.
    public init(node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// Parses `text` (as UTF-8, whatever `YAMS_DEFAULT_ENCODING` says); a syntax error names its
    /// line and column.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> YAMLConfigNode? {
        do {
            // The encoding given: Yams's default reads the whole process environment on every call.
            guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else { return nil }
            return YAMLConfigNode(node: node, file: file, path: "")
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw ConfigurationError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
            case .reader(let problem, _, _, _):
                throw ConfigurationError(file: file, message: "YAML: \(problem)")
            default:
                throw ConfigurationError(file: file, message: "YAML: \(error)")
            }
        } catch {
            throw ConfigurationError(file: file, message: "YAML: \(error)")
        }
    }

    /// An error at this node: file, line, column, and the node's path before `message`.
    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, column: node.mark?.column,
                           message: path.isEmpty ? message : "\(path): \(message)")
    }

    private func child(_ node: Node, _ key: String) -> YAMLConfigNode {
        YAMLConfigNode(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries; fails when the node is not a mapping or has a key outside `allowed`.
    public func mapping(allowed: Set<String>) throws(ConfigurationError) -> [String: YAMLConfigNode] {
        guard let mapping = node.mapping else { throw error("expected a mapping of keys to values") }
        var result: [String: YAMLConfigNode] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                throw YAMLConfigNode(node: keyNode, file: file, path: path).error("keys must be strings")
            }
            guard allowed.contains(key) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw YAMLConfigNode(node: keyNode, file: file, path: path)
                    .error("unknown key '\(key)' (known here: \(known))")
            }
            guard result[key] == nil else {
                throw YAMLConfigNode(node: keyNode, file: file, path: path).error("key '\(key)' given twice")
            }
            result[key] = child(valueNode, key)
        }
        return result
    }

    /// The elements of a sequence.
    public func sequence() throws(ConfigurationError) -> [YAMLConfigNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLConfigNode(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// A scalar as text.
    public func string() throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error("expected a single value") }
        return scalar.string
    }

    /// A whole number in `range`.
    public func integer(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let text = try string()
        guard let value = Int(text), range.contains(value) else {
            throw error("expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// The longest duration any key accepts: 100 years. Longer ones are typing mistakes, and
    /// a sleep of that many nanoseconds would not fit in 64 bits.
    public static let longestDuration: Double = 100 * 365 * 86_400

    /// A duration: a number of seconds, or a number with a unit `ms`, `s`, `m`, `h`, `d`; at
    /// least `minimum` and at most ``longestDuration``.
    public func duration(atLeast minimum: Double = 0.001) throws(ConfigurationError) -> Double {
        let text = try string().trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        var seconds: Double?
        if let plain = Double(text) {
            seconds = plain
        } else {
            for (unit, factor) in units where text.hasSuffix(unit) {
                if let number = Double(text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)) {
                    seconds = number * factor
                    break
                }
            }
        }
        guard let seconds, seconds.isFinite, seconds >= minimum else {
            throw error("expected a duration like 30s, 5m or 500ms (at least \(minimum) s), got '\(text)'")
        }
        guard seconds <= Self.longestDuration else {
            throw error("'\(text)' is longer than 100 years; expected a duration like 30s, 5m, 2d")
        }
        return seconds
    }

    /// A number within `range`, e.g. a threshold.
    public func number(in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        throws(ConfigurationError) -> Double
    {
        let text = try string()
        guard let value = Double(text), value.isFinite else { throw error("expected a number, got '\(text)'") }
        guard range.contains(value) else { throw error("\(text) is out of range (\(range.lowerBound)…\(range.upperBound))") }
        return value
    }

    /// A boolean.
    public func bool() throws(ConfigurationError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw error("expected true or false, got '\(other)'")
        }
    }

    /// One of `choices`, case-insensitively; returns the matching choice.
    public func choice(_ choices: [String]) throws(ConfigurationError) -> String {
        let text = try string()
        guard let match = choices.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
            throw error("expected one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return match
    }
}
