/// The line parser behind `OpenMetricsImporter`: bytes in, series and diagnostics out.
struct OpenMetricsParser {
    enum FamilyType: String {
        case counter, gauge, histogram, gaugehistogram, stateset, info, summary, unknown
    }

    struct Accumulated {
        var key: SeriesKey
        var timestamps: [Double] = []
        var values: [Double] = []
        var firstLine: Int
        var lastLine: Int
        var isCounter: Bool
    }

    let file: String
    let maximumErrors: Int
    var diagnostics: [ImportDiagnostic] = []
    var lineNumber = 0
    var sawEOF = false
    var types: [String: FamilyType] = [:]
    var series: [SeriesKey: Accumulated] = [:]
    var samplesRead = 0
    var samplesSkipped = 0
    var skippedFamilies: Set<String> = []

    init(file: String, maximumErrors: Int) {
        self.file = file
        self.maximumErrors = max(1, maximumErrors)
    }

    struct LineError: Error {
        var column: Int
        var message: String
    }

    mutating func run(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        let count = bytes.count
        while start < count, diagnostics.count < maximumErrors {
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            if sawEOF {
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                    report(column: 1, "text after '# EOF'")
                }
            } else {
                do {
                    try parseLine(line)
                } catch {
                    report(column: error.column, error.message)
                }
            }
            start = end + 1
        }
    }

    mutating func report(column: Int, _ message: String) {
        diagnostics.append(ImportDiagnostic(file: file, line: lineNumber, column: column, message: message))
    }

    mutating func parseLine(_ line: UnsafeRawBufferPointer) throws(LineError) {
        var cursor = Cursor(bytes: line)
        if cursor.atEnd { throw LineError(column: 1, message: "empty line (OpenMetrics has none; promtool refuses it too)") }
        if cursor.peek == UInt8(ascii: "#") {
            try parseComment(&cursor)
            return
        }
        let name = try cursor.metricName()
        var labels: [String: String] = [:]
        if cursor.peek == UInt8(ascii: "{") {
            labels = try cursor.labels()
        }
        try cursor.expectSpace("a space and the value after the metric name and labels")
        let valueColumn = cursor.column
        let value = try cursor.number("value")
        guard cursor.peek == UInt8(ascii: " ") else {
            if cursor.atEnd { throw LineError(column: cursor.column, message: "the sample has no timestamp; backfill needs one on every sample") }
            throw LineError(column: cursor.column, message: "unexpected '\(cursor.peekCharacter)' after the value")
        }
        cursor.advance()
        let timestampColumn = cursor.column
        let timestamp = try cursor.number("timestamp")
        guard timestamp.isFinite else { throw LineError(column: timestampColumn, message: "the timestamp must be a finite number of seconds") }
        guard timestamp >= 0, timestamp < 1e11 else {
            throw LineError(column: timestampColumn, message: "timestamp \(timestamp) is not seconds since 1970 (milliseconds? OpenMetrics uses seconds)")
        }
        if !cursor.atEnd {
            // An exemplar: " # {labels} value [timestamp]" — checked for shape, then ignored.
            guard cursor.remainderStarts(with: " # ") else {
                throw LineError(column: cursor.column, message: "unexpected text after the timestamp")
            }
        }
        samplesRead += 1
        try addSample(name: name, labels: labels, value: value, valueColumn: valueColumn, timestamp: timestamp, timestampColumn: timestampColumn)
    }

    mutating func parseComment(_ cursor: inout Cursor) throws(LineError) {
        guard cursor.remainderStarts(with: "# ") else {
            throw LineError(column: 1, message: "a comment line must be '# TYPE', '# HELP', '# UNIT' or '# EOF'")
        }
        cursor.advance(2)
        let keywordColumn = cursor.column
        let keyword = cursor.word()
        switch keyword {
        case "EOF":
            guard cursor.atEnd || cursor.restIsWhitespace else { throw LineError(column: cursor.column, message: "text after '# EOF'") }
            sawEOF = true
        case "TYPE":
            try cursor.expectSpace("a space and the metric family name after '# TYPE'")
            let name = try cursor.metricName()
            try cursor.expectSpace("a space and the type after the family name")
            let typeColumn = cursor.column
            let typeName = cursor.word()
            guard let type = FamilyType(rawValue: typeName) else {
                throw LineError(column: typeColumn, message: "unknown metric type '\(typeName)' (counter, gauge, histogram, gaugehistogram, stateset, info, summary, unknown)")
            }
            guard cursor.atEnd else { throw LineError(column: cursor.column, message: "text after the type") }
            if let previous = types[name], previous != type {
                throw LineError(column: typeColumn, message: "family \(name) was declared \(previous.rawValue) before")
            }
            types[name] = type
        case "HELP", "UNIT":
            try cursor.expectSpace("a space and the metric family name after '# \(keyword)'")
            _ = try cursor.metricName()
        default:
            throw LineError(column: keywordColumn, message: "unknown comment '# \(keyword)': expected TYPE, HELP, UNIT or EOF")
        }
    }

    /// The family a sample name belongs to, and its type.
    func family(of name: String) -> (name: String, type: FamilyType, skip: Bool) {
        if let type = types[name] {
            switch type {
            case .gauge, .unknown: return (name, type, false)
            case .counter: return (name, type, false)  // a counter sample must end in _total
            default: return (name, type, true)
            }
        }
        for suffix in ["_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let type = types[base] {
                switch (type, suffix) {
                case (.counter, "_total"): return (base, .counter, false)
                case (.counter, "_created"): return (base, .counter, true)
                case (.gauge, _), (.unknown, _): continue
                default: return (base, type, true)
                }
            }
        }
        // Untyped: a name ending in _total is taken as a counter.
        if name.hasSuffix("_total") { return (String(name.dropLast(6)), .counter, false) }
        return (name, .unknown, false)
    }

    mutating func addSample(name: String, labels: [String: String], value: Double, valueColumn: Int, timestamp: Double, timestampColumn: Int) throws(LineError) {
        let family = family(of: name)
        if family.skip {
            samplesSkipped += 1
            skippedFamilies.insert(family.name)
            return
        }
        let isCounter = family.type == .counter
        if isCounter {
            guard name.hasSuffix("_total") else {
                throw LineError(column: 1, message: "counter family \(family.name) needs samples named \(family.name)_total, not \(name)")
            }
            guard value.isNaN || value >= 0, !value.isInfinite else {
                throw LineError(column: valueColumn, message: "a counter value must be a finite number ≥ 0, not \(value)")
            }
        } else if value.isInfinite {
            throw LineError(column: valueColumn, message: "value \(value) is not finite (write NaN for unknown)")
        }
        let key = SeriesKey(name: name, labels: labels)
        if var existing = series[key] {
            if let last = existing.timestamps.last, timestamp <= last {
                throw LineError(column: timestampColumn, message: "timestamp \(timestamp) is not after this series' previous sample (line \(existing.lastLine))")
            }
            series[key] = nil  // keep the arrays uniquely referenced while appending
            existing.timestamps.append(timestamp)
            existing.values.append(value)
            existing.lastLine = lineNumber
            series[key] = existing
        } else {
            series[key] = Accumulated(key: key, timestamps: [timestamp], values: [value], firstLine: lineNumber, lastLine: lineNumber, isCounter: isCounter)
        }
    }

    /// The validated plan, counters turned into rates.
    func plan(counterRateName: (String) -> String) -> ImportPlan {
        var result: [ImportPlan.Series] = []
        for accumulated in series.values {
            if accumulated.isCounter {
                var timestamps: [Double] = []
                var rates: [Double] = []
                timestamps.reserveCapacity(accumulated.timestamps.count)
                rates.reserveCapacity(accumulated.timestamps.count)
                for index in 1..<max(1, accumulated.timestamps.count) {
                    let delta = accumulated.values[index] - accumulated.values[index - 1]
                    let seconds = accumulated.timestamps[index] - accumulated.timestamps[index - 1]
                    timestamps.append(accumulated.timestamps[index])
                    // A decrease is a reset: the interval's rate is unknown (never a fake zero).
                    rates.append(delta >= 0 ? delta / seconds : .nan)
                }
                let key = SeriesKey(name: counterRateName(accumulated.key.name), labelList: accumulated.key.labels)
                result.append(.init(key: key, timestamps: timestamps, values: rates, firstLine: accumulated.firstLine, fromCounter: true))
            } else {
                result.append(.init(key: accumulated.key, timestamps: accumulated.timestamps, values: accumulated.values, firstLine: accumulated.firstLine, fromCounter: false))
            }
        }
        result.sort { $0.key < $1.key }
        return ImportPlan(series: result, file: file, lines: lineNumber, samplesRead: samplesRead, samplesSkipped: samplesSkipped, skippedFamilies: skippedFamilies.sorted())
    }
}

/// A position in one line.
struct Cursor {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var atEnd: Bool { offset >= bytes.count || (offset == bytes.count - 1 && bytes[offset] == 0x0D) }
    var peek: UInt8? { atEnd ? nil : bytes[offset] }
    var column: Int { offset + 1 }
    var peekCharacter: String { peek.map { String(UnicodeScalar($0)) } ?? "end of line" }
    var restIsWhitespace: Bool { bytes[offset...].allSatisfy { $0 == 0x20 || $0 == 0x0D } }

    mutating func advance(_ count: Int = 1) { offset += count }

    func remainderStarts(with text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard bytes.count - offset >= utf8.count else { return false }
        for (index, byte) in utf8.enumerated() where bytes[offset + index] != byte { return false }
        return true
    }

    /// Characters up to the next space or the end.
    mutating func word() -> String {
        let start = offset
        while let byte = peek, byte != 0x20 { offset += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    }

    mutating func expectSpace(_ what: String) throws(OpenMetricsParser.LineError) {
        guard peek == 0x20 else { throw .init(column: column, message: "expected \(what), found \(peekCharacter)") }
        offset += 1
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte == 0x3A
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool { isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) }

    mutating func metricName() throws(OpenMetricsParser.LineError) -> String {
        guard let first = peek, Self.isNameStart(first) else {
            throw .init(column: column, message: "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), found \(peekCharacter)")
        }
        let start = offset
        while let byte = peek, Self.isNameCharacter(byte) { offset += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    }

    mutating func labelName() throws(OpenMetricsParser.LineError) -> String {
        guard let first = peek, Self.isNameStart(first), first != 0x3A else {
            throw .init(column: column, message: "expected a label name ([a-zA-Z_][a-zA-Z0-9_]*), found \(peekCharacter)")
        }
        let start = offset
        while let byte = peek, Self.isNameCharacter(byte), byte != 0x3A { offset += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    }

    /// `{name="value",…}` with escapes `\\`, `\"`, `\n`.
    mutating func labels() throws(OpenMetricsParser.LineError) -> [String: String] {
        offset += 1  // {
        var labels: [String: String] = [:]
        while true {
            if peek == UInt8(ascii: "}") { offset += 1; return labels }
            let nameColumn = column
            let name = try labelName()
            guard peek == UInt8(ascii: "=") else { throw .init(column: column, message: "expected '=' after label name \(name)") }
            offset += 1
            guard peek == UInt8(ascii: "\"") else { throw .init(column: column, message: "expected '\"' to open the value of label \(name)") }
            offset += 1
            var value: [UInt8] = []
            var closed = false
            while let byte = peek {
                offset += 1
                if byte == UInt8(ascii: "\"") { closed = true; break }
                if byte == UInt8(ascii: "\\") {
                    guard let escaped = peek else { break }
                    offset += 1
                    switch escaped {
                    case UInt8(ascii: "\\"): value.append(escaped)
                    case UInt8(ascii: "\""): value.append(escaped)
                    case UInt8(ascii: "n"): value.append(0x0A)
                    default: throw .init(column: column - 1, message: "unknown escape '\\\(UnicodeScalar(escaped))' in the value of label \(name) (\\\\, \\\" or \\n)")
                    }
                } else {
                    value.append(byte)
                }
            }
            guard closed else { throw .init(column: column, message: "the value of label \(name) is not closed with '\"'") }
            guard labels[name] == nil else { throw .init(column: nameColumn, message: "label \(name) appears twice") }
            labels[name] = String(decoding: value, as: UTF8.self)
            if peek == UInt8(ascii: ",") { offset += 1; continue }
            guard peek == UInt8(ascii: "}") else { throw .init(column: column, message: "expected ',' or '}' after the value of label \(name), found \(peekCharacter)") }
        }
    }

    /// A number: decimal or exponent notation, NaN, +Inf, -Inf.
    mutating func number(_ what: String) throws(OpenMetricsParser.LineError) -> Double {
        let startColumn = column
        let start = offset
        while let byte = peek, byte != 0x20 { offset += 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: break
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }),
              let value = Double(text)
        else {
            throw .init(column: startColumn, message: "\(what) '\(text)' is not a number")
        }
        return value
    }
}
