public import Foundation
import Synchronization

/// Reads OpenMetrics text with timestamps — the format `promtool tsdb create-blocks-from
/// openmetrics` takes, e.g. history exported from a Prometheus — into an `ImportPlan`.
///
/// Everything is validated before anything is returned: every problem is reported as
/// `file:line:column: message` (up to `maximumErrors` of them) and no plan is produced, so a
/// caller cannot commit part of a bad file. Counters (`# TYPE x counter` with `x_total`
/// samples, or an untyped `x_total`) become per-second rates between consecutive samples,
/// named by `counterRateName` (`x_total` → `x_per_second` by default, the agent's naming); a
/// counter that goes down (a reset) gives an unknown (NaN) rate for that interval. Gauges and
/// untyped metrics are imported as they are. Histogram, summary, info and stateset families and
/// `_created` samples are skipped and counted.
public struct OpenMetricsImporter: Sendable {
    /// Names the rate series of a counter sample name (e.g. `ixp_interface_receive_bytes_total`).
    public var counterRateName: @Sendable (String) -> String
    /// At most this many errors are collected before giving up.
    public var maximumErrors: Int

    /// The agent's naming: `x_total` → `x_per_second`.
    public static let perSecondName: @Sendable (String) -> String = { name in
        (name.hasSuffix("_total") ? String(name.dropLast(6)) : name) + "_per_second"
    }

    /// Creates an importer.
    public init(counterRateName: @escaping @Sendable (String) -> String = OpenMetricsImporter.perSecondName, maximumErrors: Int = 20) {
        self.counterRateName = counterRateName
        self.maximumErrors = maximumErrors
    }

    /// Parses the file at `url`; throws `OpenMetricsImportError` naming the file (and lines).
    public func parse(contentsOf url: URL) throws(OpenMetricsImportError) -> ImportPlan {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw OpenMetricsImportError(diagnostics: [.init(file: url.path, line: 0, column: 0, message: "cannot read the file: \(error.localizedDescription)")])
        }
        return try parse(data, file: url.path)
    }

    /// Parses OpenMetrics text; `file` names it in errors.
    public func parse(_ text: String, file: String = "<input>") throws(OpenMetricsImportError) -> ImportPlan {
        try parse(Data(text.utf8), file: file)
    }

    /// Parses OpenMetrics bytes; `file` names it in errors.
    public func parse(_ data: Data, file: String) throws(OpenMetricsImportError) -> ImportPlan {
        var parser = OpenMetricsParser(file: file, maximumErrors: maximumErrors)
        data.withUnsafeBytes { parser.run($0) }
        if parser.diagnostics.isEmpty, !parser.sawEOF {
            parser.diagnostics.append(.init(file: file, line: parser.lineNumber, column: 1, message: "the file does not end with '# EOF' (OpenMetrics requires it; was it cut short?)"))
        }
        guard parser.diagnostics.isEmpty else { throw OpenMetricsImportError(diagnostics: parser.diagnostics) }
        return parser.plan(counterRateName: counterRateName)
    }
}

/// One problem in an import file.
public struct ImportDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// 1-based line (0 = the file as a whole).
    public var line: Int
    /// 1-based column (0 = unknown).
    public var column: Int
    /// What is wrong.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String {
        line == 0 ? "\(file): \(message)" : column == 0 ? "\(file):\(line): \(message)" : "\(file):\(line):\(column): \(message)"
    }
}

/// A file that cannot be imported; nothing of it was committed.
public struct OpenMetricsImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems found, in file order.
    public var diagnostics: [ImportDiagnostic]

    /// Creates an error.
    public init(diagnostics: [ImportDiagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// What an import file holds, validated and ready to commit with `TimeSeriesStore.importHistory`.
public struct ImportPlan: Hashable, Sendable {
    /// One series of the plan, its samples in time order.
    public struct Series: Hashable, Sendable {
        /// The series (a counter already renamed to its rate).
        public var key: SeriesKey
        /// Sample timestamps, increasing.
        public var timestamps: [Double]
        /// Values (rates for counters); NaN = unknown.
        public var values: [Double]
        /// The line of the series' first sample in the file.
        public var firstLine: Int
        /// Whether the values are rates computed from a counter.
        public var fromCounter: Bool
    }

    /// The series, sorted by key.
    public var series: [Series]
    /// The file.
    public var file: String
    /// Lines read.
    public var lines: Int
    /// Samples read from the file (before counters became rates).
    public var samplesRead: Int
    /// Samples of skipped families (histogram, summary, info, stateset) and `_created` samples.
    public var samplesSkipped: Int
    /// Names of skipped families.
    public var skippedFamilies: [String]

    /// Values the plan will append.
    public var sampleCount: Int { series.reduce(0) { $0 + $1.values.count } }
}

/// What committing a plan did.
public struct ImportSummary: Hashable, Sendable {
    /// Series written (new or extended).
    public var series: Int
    /// Of them, series the store did not hold before.
    public var newSeries: Int
    /// Samples appended.
    public var samples: Int
    /// Earliest and latest timestamp imported.
    public var from: Double, to: Double
}

extension TimeSeriesStore {
    /// Commits a validated plan, all or nothing: it is refused (`StoreError.importRefused`,
    /// naming file:line of the series concerned) without appending anything if the store would
    /// refuse any of it — a series that already has samples at or after the plan's first
    /// timestamp for it (history can only be added before what the agent collected, or into a
    /// fresh state directory), or more new series than the cap leaves room for. Run
    /// `checkpoint()` afterwards to persist it.
    ///
    /// History is often coarser than the raw tier (hourly samples from a Prometheus, a store
    /// polled every minute). A sample stands for the interval since the series' previous one —
    /// Prometheus holds a value until the next sample — so when two samples are at most
    /// `holdUpTo` seconds apart, the earlier value also fills the raw steps between them, and
    /// the consolidated tiers see a known interval instead of mostly unknown steps (an hourly
    /// history gives exact hourly rows). Longer gaps stay unknown (a week of missing data is
    /// never invented).
    public func importHistory(_ plan: ImportPlan, holdUpTo: Double = 3 * 3_600) throws -> ImportSummary {
        let now = clock()
        return try core.withLock { core throws -> ImportSummary in
            var problems: [String] = []
            var newSeries = 0
            for series in plan.series {
                guard let first = series.timestamps.first else { continue }
                if let slot = core.slotOfKey[series.key] {
                    let last = core.slots[Int(slot)].lastTimestamp
                    if first <= last {
                        problems.append("\(plan.file):\(series.firstLine): \(series.key) already has samples up to \(Self.utc(last)), the file's start at \(Self.utc(first)) is not after them")
                    }
                } else {
                    newSeries += 1
                }
                let limit = now + core.configuration.maxFutureSkew
                if let bad = series.timestamps.first(where: { $0 < 0 || $0 > limit }) {
                    problems.append("\(plan.file):\(series.firstLine): \(series.key) has a sample at \(Self.utc(bad)), in the future (the clock says \(Self.utc(now)))")
                }
            }
            let room = core.capacity - core.seriesCount
            if newSeries > room {
                problems.append("the file has \(newSeries) new series but the store has room for \(room) more (max series \(core.capacity)); raise the limit")
            }
            guard problems.isEmpty else {
                let shown = problems.prefix(10).joined(separator: "\n")
                throw StoreError.importRefused(problems.count > 10 ? shown + "\n… and \(problems.count - 10) more" : shown)
            }
            core.allowTimestamps(upTo: now)
            var summary = ImportSummary(series: 0, newSeries: newSeries, samples: 0, from: .infinity, to: -.infinity)
            for series in plan.series where !series.timestamps.isEmpty {
                guard let handle = core.handle(for: series.key, now: now) else { continue }
                summary.series += 1
                let rawStep = Double(core.configuration.tiers[0].step)
                var previous = -Double.infinity
                var previousValue = Double.nan
                for (timestamp, value) in zip(series.timestamps, series.values) {
                    let value = value.isInfinite ? Double.nan : value
                    let gap = timestamp - previous
                    if gap > rawStep, gap <= holdUpTo {
                        // Hold the previous value over the raw steps strictly between the two samples' steps.
                        var bucket = (previous / rawStep).rounded(.down) + 1
                        let last = (timestamp / rawStep).rounded(.down)
                        while bucket < last {
                            _ = core.append(slot: handle.slot, generation: handle.generation, timestamp: bucket * rawStep, value: previousValue)
                            bucket += 1
                        }
                    }
                    previous = timestamp
                    previousValue = value
                    if core.append(slot: handle.slot, generation: handle.generation, timestamp: timestamp, value: value) == .accepted {
                        summary.samples += 1
                    }
                }
                summary.from = min(summary.from, series.timestamps[0])
                summary.to = max(summary.to, series.timestamps[series.timestamps.count - 1])
            }
            return summary
        }
    }

    static func utc(_ timestamp: Double) -> String {
        guard timestamp.isFinite else { return "\(timestamp)" }
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: timestamp))
    }
}
