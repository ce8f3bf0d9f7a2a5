import Detection
import Foundation
import Testing
@testable import Dashboard

@Suite("SVG charts")
struct ChartTests {
    @Test("a line chart draws its axes, a path per line with a gap at unknown values, the trend and hover labels")
    func lineChart() throws {
        let series = DashboardSeries(start: 1_795_000_000 - 86_400, step: 3_600,
                                     values: (0..<24).map { $0 == 10 ? nil : Double($0) * 1e9 })
        let svg = SVGLineChart(title: "Traffic <all>", lines: [.init(name: "in", series: series)], unit: .bitsPerSecond, trend: true).render()
        #expect(svg.hasPrefix("<svg class=\"chart line-chart\" viewBox=\"0 0 960 280\""))
        #expect(svg.contains("aria-label=\"Traffic &lt;all&gt;\""))
        // 0…23 Gb/s in about four steps: ticks every 10 Gb/s up to 30, labelled in Gb/s.
        #expect(svg.contains(">30\u{00A0}Gb/s</text>"))
        #expect(svg.contains(">10\u{00A0}Gb/s</text>"))
        #expect(svg.contains(">0 Gb/s</text>") || svg.contains(">0\u{00A0}Gb/s</text>"))
        // The unknown value splits the line into two subpaths.
        let path = try #require(svg.range(of: "<path class=\"line s1\" d=\"").map { svg[$0.upperBound...] })
        let d = path.prefix { $0 != "\"" }
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(d.filter { $0 == "L" }.count == 21)
        #expect(svg.contains("<line class=\"trend\""))
        #expect(svg.contains("data-labels=\"["))
        #expect(svg.contains("&quot;"))  // JSON strings escaped in the attribute
        #expect(svg.contains("<line class=\"hover-rule\""))
    }

    @Test("the trend of a straight line is that line")
    func trend() throws {
        let series = DashboardSeries(start: 0, step: 86_400, values: (0..<365).map { 100 + Double($0) })
        let fit = try #require(ChartTrend(series))
        #expect(abs(fit.startValue - 100) < 1e-6)
        #expect(abs(fit.endValue - 464) < 1e-6)
        // +364 over a mean of 282 a year.
        #expect(abs((fit.changePerYear ?? 0) - 365.0 / 282.0) < 1e-3)
        #expect(ChartTrend(DashboardSeries(start: 0, step: 1, values: [nil, 5])) == nil)
    }

    @Test("a chart with no data says so instead of drawing axes")
    func empty() {
        let svg = SVGLineChart(title: "x", lines: [.init(name: "in", series: .empty)], unit: .count).render()
        #expect(svg.contains("No data yet"))
        #expect(!svg.contains("<path"))
        let french = SVGLineChart(title: "x", lines: [.init(name: "in", series: .empty)], unit: .count, language: .french).render()
        #expect(french.contains("Pas encore de données"))
    }

    @Test("downsampling keeps each bucket's peak")
    func downsampling() {
        let series = DashboardSeries(start: 0, step: 60, values: (0..<1_000).map { $0 == 517 ? 1e6 : Double($0 % 7) })
        let small = series.downsampled(to: 100)
        #expect(small.values.count == 100)
        #expect(small.step == 600)
        #expect(small.maximum == 1e6)
    }

    @Test("a sparkline is a single path scaled to its own range, with a dot on the newest value")
    func sparkline() {
        let svg = SVGSparkline.render(DashboardSeries(start: 0, step: 1, values: [1, 2, 3, 2, 1]))
        #expect(svg.contains("<path d=\"M2 25L"))
        #expect(svg.contains("<circle cx=\"118\" cy=\"25\""))
        #expect(SVGSparkline.render(.empty) == "<svg class=\"spark\" viewBox=\"0 0 120 28\" preserveAspectRatio=\"none\" aria-hidden=\"true\"></svg>")
    }

    @Test("bars are as tall as their value relative to the largest")
    func bars() {
        let svg = SVGBarChart(title: "t", bars: [.init(label: "a", value: 10, text: "10"), .init(label: "b", value: 5, text: "5")],
                              height: 256).render()
        // 256 − 26 top − 30 bottom = 200 units for the largest bar.
        #expect(svg.contains("height=\"200\""))
        #expect(svg.contains("height=\"100\""))
        #expect(svg.contains(">a: 10</title>"))
    }

    @Test("time axes pick hours, days or months by span")
    func timeTicks() {
        let day = ChartTime.ticks(from: 1_795_000_000 - 86_400, to: 1_795_000_000, language: .english)
        #expect(day.count >= 4 && day.count <= 8)
        let year = ChartTime.ticks(from: 1_795_000_000 - 365 * 86_400, to: 1_795_000_000, language: .french)
        #expect(year.contains { $0.1.hasPrefix("janv.") })
    }
}
