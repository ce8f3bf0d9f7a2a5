public import IXPCore

/// Renders metric families in OpenMetrics 1.0.0.
///
/// As in the text format, families of one name are merged and sorted. The differences: a
/// counter's family name drops `_total` (its samples keep it) and a counter sample with a
/// known start gets a `<name>_created` line; a family whose name ends in a base unit
/// (`_seconds`, `_bytes`, …) gets a `# UNIT` line; HELP escapes `"` too; the output ends
/// with `# EOF`.
public enum OpenMetricsRenderer {
    /// The Content-Type of the output.
    public static let contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// The units a family name may end in to get a `# UNIT` line.
    public static let units = ["seconds", "bytes", "bits", "ratio", "celsius", "volts", "amperes", "joules", "watts",
                               "meters", "grams", "hertz"]

    /// The exposition of `families`, ending in `# EOF`.
    public static func render(_ families: [MetricFamily]) -> String {
        let merged = MetricFamilyMerger.merge(families)
        var text = ""
        text.reserveCapacity(MetricFamilyMerger.estimatedSize(merged) * 5 / 4)
        var written: Set<String> = []
        for family in merged {
            let name = familyName(family)
            // `x` (a gauge) and `x_total` (a counter) would be one OpenMetrics family: keep the first.
            guard written.insert(name).inserted else { continue }
            text += "# HELP \(name) \(escapeHelp(family.help))\n"
            // OpenMetrics calls an untyped family (a plugin's) `unknown`.
            text += "# TYPE \(name) \(family.kind == .untyped ? "unknown" : family.kind.rawValue)\n"
            if let unit = unit(of: name) { text += "# UNIT \(name) \(unit)\n" }
            switch family.kind {
            case .gauge, .untyped:
                for sample in family.samples {
                    PrometheusTextRenderer.appendSample(name, sample.labels, sample.value, to: &text)
                }
            case .counter:
                let total = name + "_total"
                let created = name + "_created"
                for sample in family.samples {
                    PrometheusTextRenderer.appendSample(total, sample.labels, sample.value, to: &text)
                    if let start = sample.created {
                        PrometheusTextRenderer.appendSample(created, sample.labels, start, to: &text)
                    }
                }
            }
        }
        text += "# EOF\n"
        return text
    }

    /// The OpenMetrics family name: a counter's name without `_total`.
    public static func familyName(_ family: MetricFamily) -> String {
        guard family.kind == .counter, family.name.hasSuffix("_total") else { return family.name }
        return String(family.name.dropLast("_total".count))
    }

    /// The unit a family name ends in, if it is one of `units`.
    public static func unit(of familyName: String) -> String? {
        units.first { familyName.hasSuffix("_" + $0) }
    }

    private static func escapeHelp(_ help: String) -> String {
        guard help.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return help }
        var escaped = ""
        for character in help {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n", "\r", "\r\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
