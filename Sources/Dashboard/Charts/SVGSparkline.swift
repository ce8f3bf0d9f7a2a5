import IXPCore

/// A sparkline: a small line without axes, scaled to its own range, with a dot on the newest
/// known value. For table cells.
public enum SVGSparkline {
    /// Width and height in viewBox units.
    static let width = 120.0, height = 28.0

    /// The SVG for `series` (an empty frame when nothing is known).
    public static func render(_ series: DashboardSeries, label: String = "") -> String {
        var svg = "<svg class=\"spark\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" preserveAspectRatio=\"none\""
        svg += label.isEmpty ? " aria-hidden=\"true\">" : " role=\"img\" aria-label=\"\(MarkupEscaping.escape(label))\">"
        let values = series.downsampled(to: 60).values
        let known = values.compactMap { $0 }
        guard let high = known.max(), let low = known.min(), values.count > 1 else { return svg + "</svg>" }
        let span = high - low > 0 ? high - low : max(1, high)
        func x(_ index: Int) -> Double { Double(index) / Double(values.count - 1) * (width - 4) + 2 }
        func y(_ value: Double) -> Double { height - 3 - (value - low) / span * (height - 6) }
        var path = ""
        var pen = false
        var last: (Double, Double)?
        for (index, value) in values.enumerated() {
            guard let value else {
                pen = false
                continue
            }
            path += (pen ? "L" : "M") + SVGText.coordinate(x(index)) + " " + SVGText.coordinate(y(value))
            pen = true
            last = (x(index), y(value))
        }
        svg += "<path d=\"\(path)\"/>"
        if let last { svg += "<circle cx=\"\(SVGText.coordinate(last.0))\" cy=\"\(SVGText.coordinate(last.1))\" r=\"2.2\"/>" }
        return svg + "</svg>"
    }
}
