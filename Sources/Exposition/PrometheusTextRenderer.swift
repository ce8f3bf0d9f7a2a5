import Foundation
public import IXPCore

/// Renders metric families in the Prometheus text exposition format (version 0.0.4).
///
/// Families with the same name from several probes (every switch exports
/// `ixp_interface_receive_bytes_total`) are merged into one block with one HELP and TYPE line,
/// and families are sorted by name, so the output is stable for golden-file tests.
public enum PrometheusTextRenderer {
    /// The Content-Type of the output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The exposition of `families`.
    public static func render(_ families: [MetricFamily]) -> String {
        let merged = MetricFamilyMerger.merge(families)
        var text = ""
        text.reserveCapacity(MetricFamilyMerger.estimatedSize(merged))
        for family in merged {
            let name = family.name
            text += "# HELP \(name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                appendSample(name, sample.labels, sample.value, to: &text)
            }
        }
        return text
    }

    /// Appends `name{labels} value` and a newline.
    static func appendSample(_ name: String, _ labels: [(name: String, value: String)], _ value: Double, to text: inout String) {
        text += name
        if !labels.isEmpty {
            text += "{"
            for (position, label) in labels.enumerated() {
                if position > 0 { text += "," }
                text += label.name
                text += "=\""
                text += escapeLabelValue(label.value)
                text += "\""
            }
            text += "}"
        }
        text += " "
        text += formatValue(value)
        text += "\n"
    }

    /// A sample value as Prometheus writes it: integers without a fraction, `NaN`, `+Inf`, `-Inf`.
    public static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Escapes `\`, `"` and newlines in a label value.
    public static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n", "\r\n": escaped += "\\n"
            case "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func escapeHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
