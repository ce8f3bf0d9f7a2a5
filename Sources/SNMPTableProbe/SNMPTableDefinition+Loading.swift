import Foundation
import ProbeKit
import Yams
public import IXPCore

extension SNMPTableDefinition {
    /// The names a metric may not take: the IF-MIB probe's own families.
    static let reservedPrefixes = ["ixp_interface_", "ixp_snmp_", "ixp_probe_"]

    /// The label source that stands for the whole index, dotted (`7.1.0.0`), for tables whose
    /// rows only the full index tells apart.
    public static let wholeIndex = "_index"

    /// Reads and validates the definition in `path`. Errors name the file, line and column;
    /// unknown keys are refused, as in the configuration file.
    public static func load(path: String) throws(ConfigurationError) -> SNMPTableDefinition {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the probe definition: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Parses and validates a definition's text (named `file` in errors).
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> SNMPTableDefinition {
        guard let root = try YAMLConfigNode.parse(text, file: file) else {
            throw ConfigurationError(file: file, message: "the probe definition is empty")
        }
        let keys = try root.mapping(allowed: ["probe", "description", "tables"])
        guard let nameNode = keys["probe"] else { throw root.error("a probe definition needs its 'probe' name") }
        let name = try nameNode.string()
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw nameNode.error("the probe name must be letters, digits, '-' and '_', got '\(name)'")
        }
        guard let tablesNode = keys["tables"] else { throw root.error("a probe definition needs its 'tables'") }
        var tables: [Table] = []
        var metricNames = Set<String>()
        var metricKinds: [String: Metric.Kind] = [:]
        for tableNode in try tablesNode.sequence() {
            let table = try parseTable(tableNode)
            guard !tables.contains(where: { $0.name == table.name }) else { throw tableNode.error("table \(table.name) is listed twice") }
            for metric in table.metrics {
                // One metric may gather rows of several tables (two vendors' optics), with one type.
                if let earlier = metricKinds[metric.name], earlier != metric.kind || table.metrics.filter({ $0.name == metric.name }).count > 1 {
                    throw tableNode.error("metric \(metric.name) is defined twice")
                }
                metricKinds[metric.name] = metric.kind
                if let changes = metric.changes, !metricNames.insert(changes).inserted {
                    throw tableNode.error("metric \(changes) is defined twice")
                }
            }
            tables.append(table)
        }
        guard !tables.isEmpty else { throw tablesNode.error("list at least one table") }
        return SNMPTableDefinition(name: name, description: try keys["description"]?.string() ?? "", tables: tables)
    }

    static func parseTable(_ node: YAMLConfigNode) throws(ConfigurationError) -> Table {
        let keys = try node.mapping(allowed: ["table", "oid", "index", "columns", "metrics"])
        guard let nameNode = keys["table"] else { throw node.error("each table needs its MIB name ('table')") }
        let name = try nameNode.string()
        guard let oidNode = keys["oid"] else { throw node.error("table \(name) needs the 'oid' of its entry") }
        let oid = try parseOID(oidNode)
        guard let indexNode = keys["index"] else { throw node.error("table \(name) needs its 'index' components") }
        var index: [String] = []
        var indexTypes: [String: IndexType] = [:]
        for item in try indexNode.sequence() {
            if let mapping = item.node.mapping {
                // `{bgpPeerRemoteAddr: ipv4}`: a component with its encoding.
                guard mapping.count == 1, let first = mapping.first, let component = first.key.string else {
                    throw item.error("an index component is a name, or {NAME: TYPE} with TYPE one of \(IndexType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let typeNode = YAMLConfigNode(node: first.value, file: node.file, path: "\(item.path).\(component)")
                indexTypes[component] = IndexType(rawValue: try typeNode.choice(IndexType.allCases.map(\.rawValue)))
                index.append(component)
            } else {
                index.append(try item.string())
            }
        }
        guard !index.isEmpty, Set(index).count == index.count else {
            throw indexNode.error("the index lists each component once, at least one")
        }
        guard let columnsNode = keys["columns"] else { throw node.error("table \(name) needs its 'columns'") }
        var columns: [String: Column] = [:]
        guard let mapping = columnsNode.node.mapping else { throw columnsNode.error("expected a mapping of column names to columns") }
        for (keyNode, valueNode) in mapping {
            let at = YAMLConfigNode(node: keyNode, file: node.file, path: columnsNode.path)
            guard let column = keyNode.string else { throw at.error("column names must be strings") }
            guard columns[column] == nil, !index.contains(column) else { throw at.error("column \(column) is named twice") }
            let parsed = try parseColumn(YAMLConfigNode(node: valueNode, file: node.file, path: "\(columnsNode.path).\(column)"))
            if let other = columns.first(where: { $0.value.subid == parsed.subid && $0.value.oid == parsed.oid })?.key {
                throw at.error("column \(column) has the same \(parsed.oid == nil ? "subid" : "oid") as \(other)")
            }
            columns[column] = parsed
        }
        guard let metricsNode = keys["metrics"] else { throw node.error("table \(name) needs its 'metrics'") }
        let metrics = try metricsNode.sequence().map { item throws(ConfigurationError) in
            try parseMetric(item, index: index, columns: columns)
        }
        return Table(name: name, oid: oid, index: index, indexTypes: indexTypes, columns: columns, metrics: metrics)
    }

    static func parseOID(_ node: YAMLConfigNode) throws(ConfigurationError) -> [UInt32] {
        let text = try node.string().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt32($0) }
        guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else {
            throw node.error("expected a numeric OID like 1.3.6.1.2.1.99.1.1.1, got '\(text)'")
        }
        return parts.compactMap { $0 }
    }

    static func parseColumn(_ node: YAMLConfigNode) throws(ConfigurationError) -> Column {
        let keys = try node.mapping(allowed: ["subid", "oid", "type", "values"])
        var subid: UInt32 = 0
        var columnOID: [UInt32]?
        switch (keys["subid"], keys["oid"]) {
        case (let subidNode?, nil): subid = UInt32(try subidNode.integer(in: 1...Int(UInt32.max)))
        case (nil, let oidNode?): columnOID = try parseOID(oidNode)
        case (_?, _?): throw node.error("give a column's 'subid' under the entry, or the full 'oid' of a column of another table with the same index, not both")
        case (nil, nil): throw node.error("each column needs its 'subid' under the entry OID (or the full 'oid' of a column of another table with the same index)")
        }
        guard let typeNode = keys["type"] else { throw node.error("each column needs a 'type'") }
        let kind = Column.Kind(rawValue: try typeNode.choice(Column.Kind.allCases.map(\.rawValue))) ?? .integer
        var values: [Int: String] = [:]
        if let valuesNode = keys["values"] {
            guard kind == .enum else { throw valuesNode.error("'values' names the values of an enum column") }
            guard let mapping = valuesNode.node.mapping else { throw valuesNode.error("expected a mapping of numbers to names") }
            for (keyNode, valueNode) in mapping {
                let at = YAMLConfigNode(node: keyNode, file: node.file, path: valuesNode.path)
                guard let number = keyNode.string.flatMap({ Int($0) }) else { throw at.error("enum values are whole numbers") }
                guard let text = valueNode.string, !text.isEmpty else { throw at.error("value \(number) needs a name") }
                values[number] = text
            }
        } else if kind == .enum {
            throw node.error("an enum column needs its 'values'")
        }
        return Column(subid: subid, kind: kind, values: values, oid: columnOID)
    }

    static func parseMetric(_ node: YAMLConfigNode, index: [String], columns: [String: Column]) throws(ConfigurationError) -> Metric {
        let keys = try node.mapping(allowed: ["name", "help", "type", "value", "unit", "scale", "convert", "labels", "match", "interface", "changes"])
        guard let nameNode = keys["name"] else { throw node.error("each metric needs a 'name'") }
        let name = try nameNode.string()
        guard name.hasPrefix("ixp_"), name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw nameNode.error("metric names start with ixp_ and use lower-case letters, digits and '_', got '\(name)'")
        }
        if let prefix = reservedPrefixes.first(where: { name.hasPrefix($0) }) {
            throw nameNode.error("names starting with \(prefix) belong to the agent's own probes")
        }
        guard let typeNode = keys["type"] else { throw node.error("metric \(name) needs a 'type' (gauge, counter, info)") }
        let kind = Metric.Kind(rawValue: try typeNode.choice(Metric.Kind.allCases.map(\.rawValue))) ?? .gauge
        if kind == .counter, !name.hasSuffix("_total") { throw nameNode.error("a counter's name ends in _total") }
        if kind == .info, !name.hasSuffix("_info") { throw nameNode.error("an info metric's name ends in _info") }
        guard let help = try keys["help"]?.string(), !help.isEmpty else { throw node.error("metric \(name) needs one line of 'help'") }
        var value: String?
        if let valueNode = keys["value"] {
            guard kind != .info else { throw valueNode.error("an info metric has no value column (its value is 1)") }
            let column = try valueNode.string()
            guard let found = columns[column] else { throw valueNode.error("no column \(column) in this table") }
            switch (kind, found.kind) {
            case (.counter, .counter), (.gauge, .integer), (.gauge, .enum): break
            default: throw valueNode.error("a \(kind.rawValue) cannot take its value from \(found.kind.rawValue) column \(column)")
            }
            value = column
        } else if kind != .info {
            throw node.error("metric \(name) needs the column of its 'value'")
        }
        var scale: Metric.Scale?
        if let scaleNode = keys["scale"] {
            if scaleNode.node.mapping != nil, let byColumn = try scaleNode.mapping(allowed: ["entity_sensor_scale", "entity_sensor_precision", "column"])["column"] {
                let column = try byColumn.string()
                guard let found = columns[column], found.kind == .integer else {
                    throw byColumn.error("no integer column \(column) in this table")
                }
                scale = .column(column)
            } else if scaleNode.node.mapping != nil {
                let scaleKeys = try scaleNode.mapping(allowed: ["entity_sensor_scale", "entity_sensor_precision"])
                guard let scaleColumn = try scaleKeys["entity_sensor_scale"]?.string(),
                      let precisionColumn = try scaleKeys["entity_sensor_precision"]?.string() else {
                    throw scaleNode.error("expected a factor, {column: COLUMN}, or {entity_sensor_scale: COLUMN, entity_sensor_precision: COLUMN}")
                }
                for column in [scaleColumn, precisionColumn] where columns[column] == nil {
                    throw scaleNode.error("no column \(column) in this table")
                }
                scale = .entitySensor(scaleColumn: scaleColumn, precisionColumn: precisionColumn)
            } else {
                scale = .factor(try scaleNode.number())
            }
        }
        var labels: [String: String] = [:]
        var labelPatterns: [String: String] = [:]
        if let labelsNode = keys["labels"] {
            guard let mapping = labelsNode.node.mapping else { throw labelsNode.error("expected a mapping of label names to columns or index components") }
            for (keyNode, valueNode) in mapping {
                let at = YAMLConfigNode(node: keyNode, file: node.file, path: labelsNode.path)
                guard let label = keyNode.string, label.first.map({ $0.isLetter || $0 == "_" }) == true,
                      label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw at.error("label names are letters, digits and '_'")
                }
                guard !["switch", "interface", "member_asn"].contains(label) else {
                    throw at.error("\(label) comes from the interface join ('interface:'), not from a column")
                }
                let valueAt = YAMLConfigNode(node: valueNode, file: node.file, path: "\(labelsNode.path).\(label)")
                var sourceText = valueNode.string
                if valueNode.mapping != nil {
                    // `{from: entPhysicalDescr, pattern: "(RX|TX) Power"}`
                    let sourceKeys = try valueAt.mapping(allowed: ["from", "pattern"])
                    sourceText = try sourceKeys["from"]?.string()
                    if let patternNode = sourceKeys["pattern"] {
                        labelPatterns[label] = try parsePattern(patternNode)
                    }
                }
                guard let source = sourceText, columns[source] != nil || index.contains(source) || source == wholeIndex else {
                    throw valueAt.error("\(sourceText ?? "this") is neither a column nor an index component of this table")
                }
                labels[label] = source
            }
        }
        if kind == .info, labels.isEmpty { throw node.error("an info metric needs its 'labels'") }
        var interface: InterfaceJoin?
        if let joinNode = keys["interface"] {
            let joinKeys = try joinNode.mapping(allowed: ["index", "column", "via", "pattern"])
            let component = try joinKeys["index"]?.string()
            let column = try joinKeys["column"]?.string()
            switch (component, column) {
            case (let component?, nil):
                guard index.contains(component) else { throw joinNode.error("'index' names one of the table's index components") }
            case (nil, let column?):
                guard columns[column] != nil else { throw joinNode.error("no column \(column) in this table") }
            default:
                throw joinNode.error("join on one 'index' component or one 'column'")
            }
            let via = try joinKeys["via"]?.choice(InterfaceJoin.vias) ?? "ifIndex"
            var pattern: String?
            if let patternNode = joinKeys["pattern"] { pattern = try parsePattern(patternNode) }
            interface = InterfaceJoin(index: component, column: column, via: via, pattern: pattern)
        }
        var match: [String: String] = [:]
        if let matchNode = keys["match"] {
            guard let mapping = matchNode.node.mapping else { throw matchNode.error("expected a mapping of columns to regular expressions") }
            for (keyNode, valueNode) in mapping {
                let at = YAMLConfigNode(node: keyNode, file: node.file, path: matchNode.path)
                guard let source = keyNode.string, columns[source] != nil || index.contains(source) else {
                    throw at.error("\(keyNode.string ?? "this") is neither a column nor an index component of this table")
                }
                match[source] = try parsePattern(YAMLConfigNode(node: valueNode, file: node.file, path: "\(matchNode.path).\(source)"))
            }
        }
        var convert: Metric.Conversion?
        if let convertNode = keys["convert"] {
            convert = Metric.Conversion(rawValue: try convertNode.choice(Metric.Conversion.allCases.map(\.rawValue)))
        }
        var changes: String?
        if let changesNode = keys["changes"] {
            guard kind == .info else { throw changesNode.error("'changes' tracks the labels of an info metric") }
            let changesName = try changesNode.string()
            guard changesName.hasPrefix("ixp_"), changesName.hasSuffix("_timestamp_seconds"),
                  changesName.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw changesNode.error("the changes gauge is named ixp_…_timestamp_seconds in lower-case letters, digits and '_', got '\(changesName)'")
            }
            changes = changesName
        }
        return Metric(name: name, help: help, kind: kind, value: value, unit: try keys["unit"]?.string(), scale: scale,
                      convert: convert, labels: labels, labelPatterns: labelPatterns, match: match, changes: changes,
                      interface: interface)
    }

    /// A regular expression, checked to compile.
    static func parsePattern(_ node: YAMLConfigNode) throws(ConfigurationError) -> String {
        let pattern = try node.string()
        do {
            _ = try Regex(pattern)
        } catch {
            throw node.error("'\(pattern)' is not a valid regular expression: \(error)")
        }
        return pattern
    }
}
