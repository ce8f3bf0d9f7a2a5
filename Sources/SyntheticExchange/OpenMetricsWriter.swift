public import Foundation

/// Writes a scenario's history as OpenMetrics text with timestamps — what `ixp-health import
/// --openmetrics` and `promtool tsdb create-blocks-from openmetrics` read. Byte, error and
/// discard counts are counters (`…_total`, cumulative integers that integrate the rate, dropping
/// to 0 at a counter reset); status and speed are gauges. One family after the other, each
/// series' samples together in time order, integer timestamps in seconds, `# EOF` at the end.
///
/// Output streams through one buffer, so a file of any size needs little memory.
public struct OpenMetricsWriter: Sendable {
    /// Seconds between samples.
    public var step: Int
    /// Bytes buffered between writes.
    public var bufferSize: Int

    /// Creates a writer.
    public init(step: Int = 3_600, bufferSize: Int = 4 << 20) {
        self.step = step
        self.bufferSize = bufferSize
    }

    /// Writes the file at `url` (replacing it).
    @discardableResult
    public func write(_ scenario: ExchangeScenario, to url: URL) throws -> OpenMetricsWriteSummary {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw SyntheticExchangeError("\(url.path): cannot create the file (does the directory exist and is it writable?)")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw SyntheticExchangeError("\(url.path): cannot open for writing: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        do {
            return try write(scenario, to: handle)
        } catch let error as SyntheticExchangeError {
            throw error
        } catch {
            throw SyntheticExchangeError("\(url.path): write failed: \(error.localizedDescription)")
        }
    }

    /// Writes to an open file handle.
    @discardableResult
    public func write(_ scenario: ExchangeScenario, to handle: FileHandle) throws -> OpenMetricsWriteSummary {
        try write(scenario) { bytes in
            try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count, deallocator: .none))
        }
    }

    /// The whole text in memory (for small scenarios and tests).
    public func data(for scenario: ExchangeScenario) throws -> Data {
        var data = Data()
        try write(scenario) { data.append(contentsOf: $0) }
        return data
    }

    /// Streams the text to `sink`, a buffer at a time (never an empty one).
    @discardableResult
    public func write(_ scenario: ExchangeScenario, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> OpenMetricsWriteSummary {
        guard step >= 1 else { throw SyntheticExchangeError("the step must be at least 1 second, not \(step)") }
        guard scenario.start == scenario.start.rounded(), scenario.start >= 0, scenario.end > scenario.start else {
            throw SyntheticExchangeError("the scenario must start at a whole second after 1970 and end after it starts")
        }
        return try withoutActuallyEscaping(sink) { sink in
            var out = ByteSink(capacity: max(64 << 10, bufferSize), sink: sink)
            defer { out.deallocate() }
            return try write(scenario, into: &out)
        }
    }

    private func write(_ scenario: ExchangeScenario, into out: inout ByteSink) throws -> OpenMetricsWriteSummary {
        var summary = OpenMetricsWriteSummary()
        let grid = scenario.grid(step: step)
        let entries = scenario.portEntries
        let labelTexts = entries.map { entry in
            "{switch=\"\(escape(entry.port.switchName))\",interface=\"\(escape(entry.port.interface))\",member_asn=\"\(entry.asn.map(String.init) ?? "")\"} "
        }
        if let long = labelTexts.first(where: { $0.utf8.count > 32_000 }) {
            throw SyntheticExchangeError("a port's labels are too long for one line: \(long.prefix(80))…")
        }
        var column = RawColumn()
        for metric in PortMetric.allCases {
            try out.append("# HELP \(metric.familyName) \(metric.help)\n")
            try out.append("# TYPE \(metric.familyName) \(metric.isCounter ? "counter" : "gauge")\n")
            summary.lines += 2
            if let unit = metric.unit {
                try out.append("# UNIT \(metric.familyName) \(unit)\n")
                summary.lines += 1
            }
            for (entry, labels) in zip(entries, labelTexts) {
                scenario.rawColumn(entry, metric, grid: grid, into: &column)
                guard !column.times.isEmpty else { continue }
                summary.series += 1
                summary.samples += column.times.count
                summary.lines += column.times.count
                let prefix = Array((metric.sampleName + labels).utf8)
                try prefix.withUnsafeBufferPointer { prefix in
                    for index in column.times.indices {
                        try out.line(prefix: prefix, value: column.values[index], timestamp: column.times[index])
                    }
                }
            }
        }
        try out.append("# EOF\n")
        summary.lines += 1
        try out.flush()
        summary.bytes = out.written
        return summary
    }

    private func escape(_ value: String) -> String {
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
}

/// What an OpenMetrics write produced.
public struct OpenMetricsWriteSummary: Sendable, Hashable {
    /// Bytes written.
    public var bytes = 0
    /// Lines written.
    public var lines = 0
    /// Sample lines written.
    public var samples = 0
    /// Series written.
    public var series = 0
}

/// A fixed output buffer handed to a sink when full.
private struct ByteSink {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0
    var written = 0
    let sink: (UnsafeRawBufferPointer) throws -> Void

    init(capacity: Int, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        self.sink = sink
    }

    func deallocate() { base.deallocate() }

    mutating func flush() throws {
        guard count > 0 else { return }
        try sink(UnsafeRawBufferPointer(start: base, count: count))
        written += count
        count = 0
    }

    mutating func append(_ text: String) throws {
        for byte in text.utf8 {
            if count == capacity { try flush() }
            base[count] = byte
            count += 1
        }
    }

    /// `prefix value timestamp\n`, with both numbers in decimal.
    @inline(__always)
    mutating func line(prefix: UnsafeBufferPointer<UInt8>, value: UInt64, timestamp: Int64) throws {
        if count + prefix.count + 44 > capacity { try flush() }
        var cursor = base + count
        if let source = prefix.baseAddress { cursor.update(from: source, count: prefix.count) }
        cursor += prefix.count
        cursor = Self.decimal(value, at: cursor)
        cursor.pointee = 0x20
        cursor += 1
        cursor = Self.decimal(UInt64(max(0, timestamp)), at: cursor)
        cursor.pointee = 0x0A
        cursor += 1
        count = cursor - base
    }

    /// Writes `value` in decimal at `cursor`; returns the position after it.
    @inline(__always)
    static func decimal(_ value: UInt64, at cursor: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        var position = cursor + digits
        var remaining = value
        repeat {
            position -= 1
            position.pointee = UInt8(truncatingIfNeeded: 0x30 &+ remaining % 10)
            remaining /= 10
        } while remaining > 0
        return cursor + digits
    }
}
