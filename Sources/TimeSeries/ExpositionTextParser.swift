/// Parses a scrape: the Prometheus text format (0.0.4) or OpenMetrics text, as a plugin prints it
/// or a `*.prom` file holds it, into metric families with their help and type. It shares the
/// lexer (names, labels, numbers) with the backfill importer's `OpenMetricsParser`, but reads
/// a single scrape: samples carry no timestamps, blank lines and free comments are allowed as
/// in the Prometheus format, and every family type is kept, not only counters and gauges.
public enum ExpositionTextParser {
    /// One family of a scrape.
    public struct Family: Sendable, Hashable {
        /// The family name (for an OpenMetrics counter, without `_total`).
        public var name: String
        /// Its `# HELP` text, unescaped; empty when the scrape gives none.
        public var help: String
        /// Its `# TYPE`: `counter`, `gauge`, `histogram`, `summary`, `untyped`, … (`untyped` when
        /// the scrape gives none).
        public var type: String
        /// Its samples, in the order of the scrape.
        public var samples: [Sample]
    }

    /// One sample line.
    public struct Sample: Sendable, Hashable {
        /// The sample name (`foo_total`, `foo_bucket`, …).
        public var name: String
        /// Labels, sorted by name.
        public var labels: [Label]
        /// The value.
        public var value: Double
        /// The line it was on.
        public var line: Int
    }

    /// One label of a sample.
    public struct Label: Sendable, Hashable {
        /// The label name.
        public var name: String
        /// The label value, unescaped.
        public var value: String
    }

    /// Parses `bytes` (named `source` in errors). Fails at the first line that is not valid, or on
    /// a sample with a timestamp: a scrape's samples are stamped by whoever collects them, as
    /// node_exporter's textfile collector insists too.
    public static func parse(_ bytes: [UInt8], source: String) throws(ImportDiagnostic) -> [Family] {
        var state = State()
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        var failure: ImportDiagnostic?
        bytes.withUnsafeBytes { buffer in
            while start < count, failure == nil, !state.sawEOF {
                var end = start
                while end < count, buffer[end] != 0x0A { end += 1 }
                lineNumber += 1
                do throws(OpenMetricsParser.LineError) {
                    try state.parseLine(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), number: lineNumber)
                } catch {
                    failure = ImportDiagnostic(file: source, line: lineNumber, column: error.column, message: error.message)
                }
                start = end + 1
            }
        }
        if let failure { throw failure }
        return state.families()
    }

    private struct State {
        var types: [String: String] = [:]
        var helps: [String: String] = [:]
        var order: [String] = []
        var samples: [String: [Sample]] = [:]
        var seen: Set<Sample.Key> = []
        var sawEOF = false

        mutating func parseLine(_ line: UnsafeRawBufferPointer, number: Int) throws(OpenMetricsParser.LineError) {
            var cursor = Cursor(bytes: line)
            if cursor.atEnd || cursor.restIsWhitespace { return }
            if cursor.peek == UInt8(ascii: "#") {
                try comment(&cursor)
                return
            }
            let name = try cursor.metricName()
            var labels: [String: String] = [:]
            if cursor.peek == UInt8(ascii: "{") { labels = try cursor.labels() }
            try cursor.expectSpace("a space and the value after the metric name and labels")
            while cursor.peek == 0x20 { cursor.advance() }
            let value = try cursor.number("value")
            while cursor.peek == 0x20 { cursor.advance() }
            guard cursor.atEnd else {
                if cursor.peek == UInt8(ascii: "#") { return try add(name, labels, value, number) }  // an exemplar
                throw .init(column: cursor.column, message: "samples must not carry a timestamp (the agent stamps them when it reads them)")
            }
            try add(name, labels, value, number)
        }

        mutating func add(_ name: String, _ labels: [String: String], _ value: Double, _ line: Int) throws(OpenMetricsParser.LineError) {
            let sorted = labels.keys.sorted().map { Label(name: $0, value: labels[$0] ?? "") }
            let sample = Sample(name: name, labels: sorted, value: value, line: line)
            guard seen.insert(Sample.Key(name: name, labels: sorted)).inserted else {
                throw .init(column: 1, message: "\(name) with these labels appears twice")
            }
            let family = family(of: name)
            if samples[family] == nil { order.append(family) }
            samples[family, default: []].append(sample)
        }

        mutating func comment(_ cursor: inout Cursor) throws(OpenMetricsParser.LineError) {
            guard cursor.remainderStarts(with: "# ") else { return }  // a free comment
            cursor.advance(2)
            switch cursor.word() {
            case "EOF":
                sawEOF = true
            case "TYPE":
                try cursor.expectSpace("a space and the family name after '# TYPE'")
                let name = try cursor.metricName()
                try cursor.expectSpace("a space and the type after the family name")
                let typeColumn = cursor.column
                let type = cursor.word()
                let known = ["counter", "gauge", "histogram", "gaugehistogram", "summary", "untyped", "unknown", "info", "stateset"]
                guard known.contains(type) else {
                    throw .init(column: typeColumn, message: "unknown metric type '\(type)' (\(known.joined(separator: ", ")))")
                }
                if let previous = types[name], previous != type {
                    throw .init(column: typeColumn, message: "family \(name) was declared \(previous) before")
                }
                guard samples[name] == nil else {
                    throw .init(column: 1, message: "the TYPE of \(name) comes after its samples")
                }
                types[name] = type == "unknown" ? "untyped" : type
            case "HELP":
                try cursor.expectSpace("a space and the family name after '# HELP'")
                let name = try cursor.metricName()
                var text = ""
                if cursor.peek == 0x20 {
                    cursor.advance()
                    text = cursor.rest()
                }
                helps[name] = Self.unescapeHelp(text)
            default:
                return  // `# UNIT` and free comments
            }
        }

        /// The family a sample name belongs to: a typed family whose suffix it carries, else itself.
        func family(of name: String) -> String {
            if types[name] != nil { return name }
            let suffixes: [String: [String]] = [
                "counter": ["_total", "_created"], "histogram": ["_bucket", "_sum", "_count", "_created"],
                "gaugehistogram": ["_bucket", "_gsum", "_gcount"], "summary": ["_sum", "_count", "_created"], "info": ["_info"],
            ]
            for (type, endings) in suffixes {
                for ending in endings where name.hasSuffix(ending) {
                    let base = String(name.dropLast(ending.count))
                    if types[base] == type { return base }
                }
            }
            return name
        }

        func families() -> [Family] {
            order.map { name in
                Family(name: name, help: helps[name] ?? "", type: types[name] ?? "untyped", samples: samples[name] ?? [])
            }
        }

        static func unescapeHelp(_ text: String) -> String {
            guard text.contains("\\") else { return text }
            var result = ""
            var escaping = false
            for character in text {
                if escaping {
                    result.append(character == "n" ? "\n" : character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    result.append(character)
                }
            }
            return result
        }
    }
}

extension ExpositionTextParser.Sample {
    struct Key: Hashable {
        var name: String
        var labels: [ExpositionTextParser.Label]
    }
}

extension Cursor {
    /// The rest of the line, without a trailing carriage return.
    mutating func rest() -> String {
        var end = bytes.count
        if end > offset, bytes[end - 1] == 0x0D { end -= 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<max(offset, end)]), as: UTF8.self)
        offset = bytes.count
        return text
    }
}

/// A parse error is thrown as its diagnostic.
extension ImportDiagnostic: Error {}
