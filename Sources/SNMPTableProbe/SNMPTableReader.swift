import Foundation
import ProbeKit
public import SNMPClient
public import TimeSeries
public import IXPCore

/// Turns one walk of a definition's tables into metric families and store samples: the pure
/// part of the table poller, with no I/O, so that every rule has a unit test.
public struct SNMPTableReader: Sendable {
    /// The definition read.
    public let definition: SNMPTableDefinition
    /// The `switch` label.
    public let switchName: String

    /// ENTITY-MIB entAliasMappingIdentifier (index entPhysicalIndex.logicalIndex, value the
    /// ifIndex instance OID `1.3.6.1.2.1.2.2.1.1.N`).
    public static let entAliasMappingIdentifier = OID([1, 3, 6, 1, 2, 1, 47, 1, 3, 2, 1, 2])
    static let ifIndexColumn = OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 1])

    /// What one walk became.
    public struct Result: Sendable {
        /// The families for `/metrics`, in definition order.
        public var families: [MetricFamily]
        /// Gauges and counter rates for the store.
        public var samples: [Sample]
        /// Rows that made no sense (dropped duplicates, malformed instances).
        public var warnings: [String]
        /// For each info metric with `changes`: the port key → what it sees now.
        public var observed: [String: [String: ObservedValue]]
    }

    /// What an info metric with `changes` saw on one port.
    public struct ObservedValue: Sendable, Hashable, Codable {
        /// The labels that say where (switch, interface, member_asn, or the index).
        public var place: [String: String]
        /// The rows' data labels, each row as `value value …`, sorted and joined with `, `.
        public var value: String
    }

    /// Creates a reader.
    public init(definition: SNMPTableDefinition, switchName: String) {
        self.definition = definition
        self.switchName = switchName
    }

    /// Every column OID to walk, in definition order, plus entAliasMappingIdentifier when a
    /// metric joins through it.
    public var columns: [OID] {
        var result: [OID] = []
        for table in definition.tables {
            for name in table.columns.keys.sorted() {
                guard let column = table.columns[name] else { continue }
                let oid = OID(table.columnOID(column))
                if !result.contains(oid) { result.append(oid) }
            }
        }
        if definition.usesEntAliasMapping { result.append(Self.entAliasMappingIdentifier) }
        return result
    }

    /// Reads `walk`. `interfaces` are the switch's interfaces by ifIndex (for joins);
    /// `tracker` keeps the counters between polls.
    public func read(_ walk: SNMPTableWalk, interfaces: [UInt32: SNMPTableInterface],
                     tracker: inout TableCounterTracker, at time: Double) -> Result {
        let joins = InterfaceLookup(interfaces: interfaces, aliasMapping: Self.aliasMapping(from: walk))
        var families: [String: MetricFamily] = [:]
        var order: [String] = []
        var seriesSeen: [String: Set<[String]>] = [:]
        var samples: [Sample] = []
        var warnings: [String] = []
        var observed: [String: [String: [String]]] = [:]
        var observedPlaces: [String: [String: [String: String]]] = [:]
        var counterKeys = Set<String>()
        var regexes: [String: Regex<AnyRegexOutput>] = [:]
        func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
            if let cached = regexes[pattern] { return cached }
            let compiled = try? Regex(pattern)
            regexes[pattern] = compiled
            return compiled
        }

        for table in definition.tables {
            var malformed = 0
            let rows = SNMPTableRow.rows(of: table, in: walk, malformed: &malformed)
            if malformed > 0 {
                warnings.append("\(table.name): \(malformed) value(s) whose instance does not fit the index \(table.index.joined(separator: "."))")
            }
            for metric in table.metrics {
                if families[metric.name] == nil {
                    families[metric.name] = MetricFamily(name: metric.name, help: metric.help,
                                                         kind: metric.kind == .counter ? .counter : .gauge)
                    order.append(metric.name)
                }
                rowLoop: for row in rows {
                    for (source, pattern) in metric.match {
                        guard let text = row.text(of: source, in: table), let compiled = regex(pattern),
                              (try? compiled.firstMatch(in: text)) != nil else { continue rowLoop }
                    }
                    var labels: [(name: String, value: String)] = [("switch", switchName)]
                    var place = ["switch": switchName]
                    if let join = metric.interface {
                        let found = joins.find(join, row: row, table: table, regex: regex)
                        let interface = found?.label ?? ""
                        let asn = found?.memberASN.map(String.init) ?? ""
                        labels.append(("interface", interface))
                        labels.append(("member_asn", asn))
                        place["interface"] = interface
                        place["member_asn"] = asn
                    }
                    var dataParts: [String] = []
                    for label in metric.labels.keys.sorted() {
                        guard let source = metric.labels[label] else { continue }
                        var text = row.text(of: source, in: table) ?? ""
                        if let pattern = metric.labelPatterns[label], let compiled = regex(pattern) {
                            text = Self.capture(compiled, in: text) ?? ""
                        }
                        labels.append((label, text))
                        if table.index.contains(source) || source == SNMPTableDefinition.wholeIndex {
                            if metric.interface == nil { place[label] = text }
                        } else {
                            dataParts.append(text)
                        }
                    }
                    let identity = labels.map { $0.value }
                    guard seriesSeen[metric.name, default: []].insert(identity).inserted else {
                        warnings.append("\(metric.name): two rows of \(table.name) give the same labels; row \(row.key) left out")
                        continue
                    }
                    let seriesLabels = Dictionary(labels.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
                    switch metric.kind {
                    case .info:
                        families[metric.name]?.samples.append(MetricSample(labels: labels, value: 1))
                        if metric.changes != nil {
                            let placeKey = place.keys.sorted().map { "\($0)=\(place[$0] ?? "")" }.joined(separator: ",")
                            observed[metric.name, default: [:]][placeKey, default: []].append(dataParts.joined(separator: " "))
                            observedPlaces[metric.name, default: [:]][placeKey] = place
                        }
                    case .gauge:
                        guard let column = metric.value, let raw = row.number(of: column),
                              let value = Self.scaled(raw, metric: metric, row: row) else { continue }
                        families[metric.name]?.samples.append(MetricSample(labels: labels, value: value))
                        samples.append(Sample(key: SeriesKey(name: metric.name, labels: seriesLabels), timestamp: time, value: value))
                    case .counter:
                        guard let column = metric.value, let value = row.values[column] else { continue }
                        let reading: TableCounterTracker.Reading
                        switch value {
                        case .counter32(let v): reading = .init(value: UInt64(v), bits: 32, receivedAt: row.receivedAt)
                        case .counter64(let v): reading = .init(value: v, bits: 64, receivedAt: row.receivedAt)
                        default: continue
                        }
                        let key = "\(metric.name)|\(row.key)"
                        counterKeys.insert(key)
                        let update = tracker.update(key: key, reading: reading)
                        families[metric.name]?.samples.append(MetricSample(labels: labels, value: Double(update.total)))
                        let rateName = String(metric.name.dropLast("_total".count)) + "_per_second"
                        samples.append(Sample(key: SeriesKey(name: rateName, labels: seriesLabels), timestamp: time,
                                              value: update.rate * (Self.factor(metric) ?? 1)))
                        if update.gap == .implausibleDecrease {
                            warnings.append("\(metric.name) row \(row.key): went down by more than a plausible wrap; interval left unknown")
                        }
                    }
                }
            }
        }
        tracker.retain(counterKeys)
        var result: [String: [String: ObservedValue]] = [:]
        for (metric, ports) in observed {
            for (port, values) in ports {
                result[metric, default: [:]][port] = ObservedValue(place: observedPlaces[metric]?[port] ?? [:],
                                                                   value: values.sorted().joined(separator: ", "))
            }
        }
        return Result(families: order.compactMap { families[$0] }, samples: samples, warnings: warnings, observed: result)
    }

    /// A constant factor of a metric's scale, for counter rates.
    static func factor(_ metric: SNMPTableDefinition.Metric) -> Double? {
        if case .factor(let f)? = metric.scale { return f }
        return nil
    }

    /// The value after scaling and conversion; nil when the row cannot give one.
    static func scaled(_ raw: Double, metric: SNMPTableDefinition.Metric, row: SNMPTableRow) -> Double? {
        var value = raw
        switch metric.scale {
        case .factor(let factor)?:
            value *= factor
        case .entitySensor(let scaleColumn, let precisionColumn)?:
            guard let scale = row.number(of: scaleColumn), let precision = row.number(of: precisionColumn) else { return nil }
            value = value * pow(10, 3 * (scale - 9)) / pow(10, precision)
        case .column(let column)?:
            guard let factor = row.number(of: column) else { return nil }
            value *= factor
        case nil:
            break
        }
        switch metric.convert {
        case .dbmFromWatts?:
            guard value > 0 else { return nil }
            value = 10 * log10(value * 1000)
        case nil:
            break
        }
        return value.isFinite ? value : nil
    }

    /// The first capture group of `regex` in `text` (the whole match when it has none).
    static func capture(_ regex: Regex<AnyRegexOutput>, in text: String) -> String? {
        guard let match = try? regex.firstMatch(in: text) else { return nil }
        if match.output.count > 1, let group = match.output[1].substring { return String(group) }
        return match.output[0].substring.map(String.init)
    }

    /// entPhysicalIndex → ifIndex from entAliasMappingIdentifier.
    static func aliasMapping(from walk: SNMPTableWalk) -> [UInt32: UInt32] {
        var mapping: [UInt32: UInt32] = [:]
        for entry in walk.entries(of: entAliasMappingIdentifier) where entry.index.count == 2 {
            guard case .oid(let target) = entry.value, target.hasPrefix(ifIndexColumn),
                  let ifIndex = target.suffix(after: ifIndexColumn).first else { continue }
            if mapping[entry.index[0]] == nil || entry.index[1] == 0 { mapping[entry.index[0]] = ifIndex }
        }
        return mapping
    }
}

/// Finds the interface a row joins to.
struct InterfaceLookup {
    let interfaces: [UInt32: SNMPTableInterface]
    let aliasMapping: [UInt32: UInt32]
    let byName: [String: SNMPTableInterface]
    let byAlias: [String: SNMPTableInterface]
    let byDescr: [String: SNMPTableInterface]

    init(interfaces: [UInt32: SNMPTableInterface], aliasMapping: [UInt32: UInt32]) {
        self.interfaces = interfaces
        self.aliasMapping = aliasMapping
        let sorted = interfaces.values.sorted { $0.ifIndex < $1.ifIndex }
        func index(_ key: (SNMPTableInterface) -> String) -> [String: SNMPTableInterface] {
            var result: [String: SNMPTableInterface] = [:]
            for interface in sorted where !key(interface).isEmpty && result[key(interface)] == nil { result[key(interface)] = interface }
            return result
        }
        byName = index(\.name)
        byAlias = index(\.alias)
        byDescr = index(\.descr)
    }

    func find(_ join: SNMPTableDefinition.InterfaceJoin, row: SNMPTableRow, table: SNMPTableDefinition.Table,
              regex: (String) -> Regex<AnyRegexOutput>?) -> SNMPTableInterface? {
        guard let source = join.index ?? join.column, var text = row.text(of: source, in: table) else { return nil }
        if let pattern = join.pattern {
            guard let compiled = regex(pattern), let captured = SNMPTableReader.capture(compiled, in: text) else { return nil }
            text = captured
        }
        switch join.via {
        case "entAliasMapping":
            return UInt32(text).flatMap { aliasMapping[$0] }.flatMap { interfaces[$0] }
        case "ifName": return byName[text]
        case "ifAlias": return byAlias[text]
        case "ifDescr": return byDescr[text]
        default: return UInt32(text).flatMap { interfaces[$0] }
        }
    }
}
