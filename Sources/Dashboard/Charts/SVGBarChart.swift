import IXPCore

/// A vertical bar chart as inline SVG: one bar per labelled value, the value written above it.
/// For distributions (ports by utilisation) and small rankings.
public struct SVGBarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable, Hashable {
        /// Its label under the bar.
        public var label: String
        /// Its value (0 or more).
        public var value: Double
        /// The value as written above the bar.
        public var text: String
        /// Its CSS class (`s1`, `warn`, `bad`).
        public var style: String

        /// A bar.
        public init(label: String, value: Double, text: String, style: String = "s1") {
            self.label = label
            self.value = value
            self.text = text
            self.style = style
        }
    }

    /// What the chart is, for screen readers.
    public var title: String
    /// The bars, left to right.
    public var bars: [Bar]
    /// Height in viewBox units (width is 960).
    public var height: Double

    /// A chart.
    public init(title: String, bars: [Bar], height: Double = 220) {
        self.title = title
        self.bars = bars
        self.height = height
    }

    /// The SVG.
    public func render() -> String {
        let width = 960.0, bottom = 30.0, top = 26.0
        var svg = "<svg class=\"chart bar-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(MarkupEscaping.escape(title))\">"
        svg += "<title>\(MarkupEscaping.escape(title))</title>"
        guard !bars.isEmpty else { return svg + "</svg>" }
        let largest = max(bars.map(\.value).max() ?? 0, 1e-12)
        let slot = width / Double(bars.count)
        let barWidth = slot * 0.7
        for (index, bar) in bars.enumerated() {
            let value = bar.value.isFinite ? max(0, bar.value) : 0
            let h = value / largest * (height - top - bottom)
            let x = Double(index) * slot + (slot - barWidth) / 2
            let y = height - bottom - h
            svg += "<rect class=\"bar \(MarkupEscaping.escape(bar.style))\" x=\"\(SVGText.coordinate(x))\" y=\"\(SVGText.coordinate(y))\""
            svg += " width=\"\(SVGText.coordinate(barWidth))\" height=\"\(SVGText.coordinate(h))\"><title>"
            svg += MarkupEscaping.escape("\(bar.label): \(bar.text)") + "</title></rect>"
            let cx = SVGText.coordinate(x + barWidth / 2)
            svg += "<text class=\"bar-value\" x=\"\(cx)\" y=\"\(SVGText.coordinate(y - 6))\" text-anchor=\"middle\">\(MarkupEscaping.escape(bar.text))</text>"
            svg += "<text class=\"bar-label\" x=\"\(cx)\" y=\"\(SVGText.coordinate(height - 8))\" text-anchor=\"middle\">\(MarkupEscaping.escape(bar.label))</text>"
        }
        return svg + "</svg>"
    }
}
