public import IXPCore

/// The two exposition formats `/metrics` speaks, chosen by the scraper's `Accept` header.
public enum ExpositionFormat: String, Sendable, Hashable, CaseIterable {
    /// The Prometheus text format 0.0.4 (`text/plain; version=0.0.4`): the default.
    case prometheusText = "prometheus-text-0.0.4"
    /// OpenMetrics 1.0.0 (`application/openmetrics-text; version=1.0.0`): units, `_created`, `# EOF`.
    case openMetrics = "openmetrics-1.0.0"

    /// The `Content-Type` of a response in this format.
    public var contentType: String {
        switch self {
        case .prometheusText: PrometheusTextRenderer.contentType
        case .openMetrics: OpenMetricsRenderer.contentType
        }
    }

    /// `families` rendered in this format.
    public func render(_ families: [MetricFamily]) -> String {
        switch self {
        case .prometheusText: PrometheusTextRenderer.render(families)
        case .openMetrics: OpenMetricsRenderer.render(families)
        }
    }

    /// The format to answer a request with `Accept: accept`: OpenMetrics when the client lists
    /// `application/openmetrics-text` (version 1.0.0 or none) with a quality at least that of
    /// `text/plain`, else the text format. Prometheus 2.x sends
    /// `application/openmetrics-text;version=1.0.0,…,text/plain;version=0.0.4;q=0.5,*/*;q=0.1`.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept, !accept.isEmpty else { return .prometheusText }
        var openMetrics = 0.0
        var text = 0.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard let type = parts.first?.lowercased() else { continue }
            var quality = 1.0
            var version: String?
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " \t\"") }
                guard pair.count == 2 else { continue }
                switch pair[0].lowercased() {
                case "q": quality = Double(pair[1]).map { min(max($0, 0), 1) } ?? 0
                case "version": version = pair[1]
                default: break
                }
            }
            switch type {
            case "application/openmetrics-text" where version == nil || version == "1.0.0":
                openMetrics = max(openMetrics, quality)
            case "text/plain" where version == nil || version == "0.0.4", "text/*", "*/*":
                text = max(text, quality)
            default: break
            }
        }
        return openMetrics > 0 && openMetrics >= text ? .openMetrics : .prometheusText
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
