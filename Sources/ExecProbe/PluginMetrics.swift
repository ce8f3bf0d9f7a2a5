public import ProbeKit
public import TimeSeries
public import IXPCore

/// Turns a plugin's scrape into the agent's metric families, as node_exporter's textfile
/// collector does: the families are exported as they are, with no label added. Families whose
/// names start with `ixp_` are refused, since those are the agent's own; parts of histograms and
/// summaries (`_bucket`, `_sum`, `_count`) become untyped families of their own.
public enum PluginMetrics {
    /// The prefix reserved for the agent's own metrics.
    public static let reservedPrefix = "ixp_"

    /// The families of `scrape`, or an error naming the first refused family and its line.
    /// `defaultHelp` is used where the scrape gives no `# HELP`.
    public static func families(_ scrape: [ExpositionTextParser.Family], source: String, defaultHelp: String)
        throws(ProbeError) -> [MetricFamily]
    {
        var result: [MetricFamily] = []
        for family in scrape {
            let help = family.help.isEmpty ? defaultHelp : family.help
            var byName: [String: MetricFamily] = [:]
            var order: [String] = []
            for sample in family.samples {
                if sample.name.hasPrefix(reservedPrefix) {
                    throw ProbeError("\(source):\(sample.line): \(sample.name): names starting with \(reservedPrefix) are the agent's own; rename the metric")
                }
                let kind: MetricFamily.Kind
                switch family.type {
                case "counter":
                    if sample.name.hasSuffix("_created") && sample.name != family.name { continue }
                    kind = .counter
                case "gauge": kind = .gauge
                default: kind = .untyped
                }
                if byName[sample.name] == nil {
                    byName[sample.name] = MetricFamily(name: sample.name, help: help, kind: kind)
                    order.append(sample.name)
                }
                byName[sample.name]?.samples.append(
                    MetricSample(labels: sample.labels.map { (name: $0.name, value: $0.value) }, value: sample.value))
            }
            result += order.compactMap { byName[$0] }
        }
        return result
    }
}
