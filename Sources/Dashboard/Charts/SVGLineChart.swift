public import Detection
import IXPCore
import Presentation

/// A time-series line chart as inline SVG: axes with labels, one line per series (gaps where
/// values are unknown), an optional dashed least-squares trend of the first series, and the
/// data the page's script needs to show the value under the pointer (`data-labels`).
///
/// The `<svg>` scales to its container's width (`viewBox`); colours come from CSS classes.
public struct SVGLineChart: Sendable {
    /// One line.
    public struct Line: Sendable {
        /// Its name, for the legend and hover text.
        public var name: String
        /// Its values.
        public var series: DashboardSeries
        /// Its CSS class (`s1`…`s6`, `bad`).
        public var style: String

        /// A line.
        public init(name: String, series: DashboardSeries, style: String = "s1") {
            self.name = name
            self.series = series
            self.style = style
        }
    }

    /// What the chart is, for screen readers.
    public var title: String
    /// Its lines, drawn in order; all share the first line's time axis.
    public var lines: [Line]
    /// What the values measure.
    public var unit: ChartUnit
    /// Whether to draw the first line's trend.
    public var trend: Bool
    /// Language of the labels.
    public var language: Language
    /// Height in viewBox units.
    public var height: Double
    /// Most points drawn per line; longer series keep each bucket's peak.
    public var maxPoints: Int
    /// Width in viewBox units: smaller for a chart in half a page, so its labels stay legible.
    public var width: Double

    static let left = 86.0, right = 14.0, top = 14.0, bottom = 30.0

    /// A chart.
    public init(title: String, lines: [Line], unit: ChartUnit, trend: Bool = false, language: Language = .english,
                height: Double = 280, maxPoints: Int = 480, width: Double = 960) {
        self.title = title
        self.lines = lines
        self.unit = unit
        self.trend = trend
        self.language = language
        self.height = height
        self.maxPoints = maxPoints
        self.width = width
    }

    /// Decimals the labels of ticks `step` apart need in a unit of size `unit`.
    static func decimals(step: Double, unit: Double) -> Int {
        let scaled = step / unit
        if scaled >= 1 || scaled <= 0 { return 0 }
        if scaled >= 0.1 { return 1 }
        return 2
    }

    /// The SVG.
    public func render() -> String {
        let formatter = ValueFormatter(language: language)
        let lines = self.lines.map { Line(name: $0.name, series: $0.series.downsampled(to: maxPoints), style: $0.style) }
        let plotLeft = Self.left, plotRight = width - Self.right
        let plotTop = Self.top, plotBottom = height - Self.bottom
        var svg = "<svg class=\"chart line-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(MarkupEscaping.escape(title))\""
        guard let axis = lines.first?.series, axis.hasData else {
            svg += "><text class=\"empty\" x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\">"
            svg += MarkupEscaping.escape(DashboardWording.table(language)["chart.no_data"] ?? "No data yet") + "</text></svg>"
            return svg
        }
        let count = axis.values.count
        let from = axis.start, to = axis.time(at: max(0, count - 1))
        var largest = 0.0
        for line in lines { largest = max(largest, line.series.maximum ?? 0) }
        let ticks = SVGChart.niceTicks(min: 0, max: largest > 0 ? largest : 1, count: 4)
        let top = ticks.last ?? 1
        let tickStep = ticks.count > 1 ? ticks[1] - ticks[0] : top
        func x(_ time: Double) -> Double {
            to > from ? plotLeft + (time - from) / (to - from) * (plotRight - plotLeft) : (plotLeft + plotRight) / 2
        }
        func y(_ value: Double) -> Double { plotBottom - value / top * (plotBottom - plotTop) }

        // Hover data: one label per index of the first line.
        var labels = "["
        for index in 0..<count {
            if index > 0 { labels += "," }
            var text = ChartTime.pointLabel(axis.time(at: index), step: axis.step, language)
            for line in lines {
                let value = index < line.series.values.count ? line.series.values[index] : nil
                let shown = value.map { unit.format($0, formatter) } ?? ValueFormatter.unknown
                text += lines.count > 1 ? " · \(line.name) \(shown)" : " · \(shown)"
            }
            labels += SVGText.jsonString(text)
        }
        labels += "]"
        svg += " data-x0=\"\(SVGText.coordinate(plotLeft))\" data-x1=\"\(SVGText.coordinate(plotRight))\""
        svg += " data-labels=\"\(MarkupEscaping.escape(labels))\">"
        svg += "<title>\(MarkupEscaping.escape(title))</title>"

        // Grid and y labels.
        svg += "<g class=\"grid\">"
        for tick in ticks {
            let ty = SVGText.coordinate(y(tick))
            svg += "<line x1=\"\(SVGText.coordinate(plotLeft))\" x2=\"\(SVGText.coordinate(plotRight))\" y1=\"\(ty)\" y2=\"\(ty)\"/>"
        }
        svg += "</g><g class=\"axis y\">"
        for tick in ticks {
            svg += "<text x=\"\(SVGText.coordinate(plotLeft - 8))\" y=\"\(SVGText.coordinate(y(tick) + 5))\" text-anchor=\"end\">"
            svg += MarkupEscaping.escape(unit.tick(tick, largest: top, step: tickStep, formatter)) + "</text>"
        }
        svg += "</g><g class=\"axis x\">"
        for (time, label) in ChartTime.ticks(from: from, to: to, language: language, maxTicks: max(3, Int(width / 120))) {
            let tx = SVGText.coordinate(x(time))
            svg += "<line x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(SVGText.coordinate(plotBottom))\" y2=\"\(SVGText.coordinate(plotBottom + 5))\"/>"
            svg += "<text x=\"\(tx)\" y=\"\(SVGText.coordinate(plotBottom + 22))\" text-anchor=\"middle\">\(MarkupEscaping.escape(label))</text>"
        }
        svg += "</g>"

        // Lines.
        for line in lines {
            var path = ""
            var pen = false
            for (index, value) in line.series.values.enumerated() {
                guard let value else {
                    pen = false
                    continue
                }
                path += (pen ? "L" : "M") + SVGText.coordinate(x(line.series.time(at: index))) + " " + SVGText.coordinate(y(value))
                pen = true
            }
            svg += "<path class=\"line \(MarkupEscaping.escape(line.style))\" d=\"\(path)\"><title>\(MarkupEscaping.escape(line.name))</title></path>"
        }
        if trend, let fit = ChartTrend(axis) {
            svg += "<line class=\"trend\" x1=\"\(SVGText.coordinate(x(from)))\" y1=\"\(SVGText.coordinate(y(fit.startValue)))\""
            svg += " x2=\"\(SVGText.coordinate(x(to)))\" y2=\"\(SVGText.coordinate(y(fit.endValue)))\"/>"
        }
        svg += "<line class=\"hover-rule\" x1=\"0\" x2=\"0\" y1=\"\(SVGText.coordinate(plotTop))\" y2=\"\(SVGText.coordinate(plotBottom))\" visibility=\"hidden\"/>"
        svg += "</svg>"
        return svg
    }
}
