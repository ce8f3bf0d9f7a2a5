public import Detection
import IXPCore

/// Inline SVG charts for the report, drawn in Swift with no script and no external resource:
/// a time-series line chart (daily peaks with a dashed trend), a monthly bar chart of joins and
/// leaves with the member count, and a horizontal bar chart of traffic shares.
///
/// Each chart is a `viewBox`-scaled `<svg>` that fills its container's width, so that it scales
/// on screen and in print. Every text from data is escaped. Colours come from CSS classes
/// (`.c-…`) the page defines, with fallbacks in the attributes.
public enum SVGChart {
    /// Chart width in viewBox units.
    static let width = 960.0

    // MARK: Scales

    /// A "nice" step near `range / count`: 1, 2 or 5 × 10^n.
    public static func niceStep(range: Double, count: Int) -> Double {
        guard range.isFinite, range > 0, count > 0 else { return 1 }
        let raw = range / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let residual = raw / magnitude
        let nice: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// Ticks from a multiple of the step at or below `min` to one at or above `max`, about
    /// `count` of them, at 1/2/5 × 10^n steps. `integer` keeps steps at 1 or more.
    public static func niceTicks(min: Double, max: Double, count: Int = 5, integer: Bool = false) -> [Double] {
        guard min.isFinite, max.isFinite else { return [0, 1] }
        var low = Swift.min(min, max), high = Swift.max(min, max)
        if high - low <= 0 {
            high = low == 0 ? 1 : high + abs(high) * 0.5
            low = low == 0 ? 0 : low - abs(low) * 0.5
        }
        var step = niceStep(range: high - low, count: count)
        if integer { step = Swift.max(1, step.rounded()) }
        let first = (low / step).rounded(.down) * step
        let last = (high / step).rounded(.up) * step
        var ticks: [Double] = []
        var value = first
        while value <= last + step / 2 && ticks.count < 50 {
            ticks.append(abs(value) < step / 1e6 ? 0 : value)
            value += step
        }
        return ticks
    }

    /// Decimals the labels of ticks `step` apart need in a unit of size `unit`.
    static func decimals(step: Double, unit: Double) -> Int {
        let scaled = step / unit
        if scaled >= 1 || scaled <= 0 { return 0 }
        if scaled >= 0.1 { return 1 }
        if scaled >= 0.01 { return 2 }
        return 3
    }

    /// The first instant of each month between `from` and `to`, every `step` months, aligned
    /// to January so the labels are regular.
    static func monthStarts(from: Double, to: Double, step: Int) -> [Double] {
        guard from.isFinite, to.isFinite, from <= to, step > 0 else { return [] }
        let (fromYear, fromMonth, _) = UTCCalendar.civil(days: Int((from / 86_400).rounded(.down)))
        var year = fromYear, month = fromMonth
        var starts: [Double] = []
        while starts.count < 400 {
            let time = Double(UTCCalendar.days(year: year, month: month, day: 1)) * 86_400
            if time > to { break }
            if time >= from && (month - 1) % step == 0 { starts.append(time) }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return starts
    }

    private static func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    private static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }

    private static func open(height: Double, title: String, id: String) -> String {
        """
        <svg class="chart" viewBox="0 0 \(fmt(width)) \(fmt(height))" width="100%" preserveAspectRatio="xMidYMid meet" \
        role="img" aria-labelledby="\(id)-title" xmlns="http://www.w3.org/2000/svg"><title id="\(id)-title">\(escape(title))</title>
        """
    }

    private static func empty(_ message: String, title: String, id: String) -> String {
        open(height: 80, title: title, id: id)
            + "<rect x=\"0.5\" y=\"0.5\" width=\"\(fmt(width - 1))\" height=\"79\" rx=\"6\" class=\"c-empty\" fill=\"#f7f8fa\" stroke=\"#dde1e6\"/>"
            + "<text x=\"\(fmt(width / 2))\" y=\"45\" text-anchor=\"middle\" class=\"c-muted\" fill=\"#5b6572\">\(escape(message))</text></svg>"
    }

    // MARK: Time series

    /// A line chart of daily traffic peaks over time with bits-per-second ticks, month
    /// gridlines, NaN and missing days as breaks in the line, and `trend` as a dashed line.
    public static func timeSeries(_ points: [TimePoint], trend: TrendLine?, localizer: ReportLocalizer,
                                  height: Double = 320) -> String {
        let id = "chart-traffic"
        let title = localizer.text("chart.title.traffic")
        let sorted = points.filter { $0.time.isFinite }.sorted { $0.time < $1.time }
        let known = sorted.filter { $0.value.isFinite }
        guard let firstTime = sorted.first?.time, let lastTime = sorted.last?.time, !known.isEmpty else {
            return empty(localizer.text("chart.no_data"), title: title, id: id)
        }
        var values = known.map(\.value)
        let usableTrend = trend.flatMap { line -> TrendLine? in
            [line.from, line.to, line.startValue, line.endValue].allSatisfy(\.isFinite) && line.to > line.from ? line : nil
        }
        if let line = usableTrend { values += [line.startValue, line.endValue] }
        let maxValue = values.max() ?? 1
        let ticks = niceTicks(min: 0, max: maxValue > 0 ? maxValue * 1.05 : 1, count: 5)
        let yMin = ticks.first ?? 0, yMax = ticks.last ?? 1
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : yMax
        let unitDivisor = localizer.format.bitsUnit(for: yMax).0
        let places = decimals(step: step, unit: unitDivisor)

        let left = 84.0, right = 18.0, top = 34.0, bottom = 34.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let xStart = firstTime, xEnd = Swift.max(lastTime, firstTime + 86_400)
        func x(_ time: Double) -> Double { left + (time - xStart) / (xEnd - xStart) * plotWidth }
        func y(_ value: Double) -> Double { top + plotHeight - (value - yMin) / (yMax - yMin) * plotHeight }

        var svg = open(height: height, title: title, id: id)
        // Horizontal gridlines and value labels.
        for tick in ticks {
            let ty = y(tick)
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(ty))\" y2=\"\(fmt(ty))\" class=\"c-grid\" stroke=\"#e3e7ec\"/>"
            let label = tick == 0 ? "0" : localizer.format.bitsPerSecond(tick, inUnitOf: yMax, decimals: places)
            svg += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(ty + 4))\" text-anchor=\"end\" class=\"c-tick\">\(escape(label))</text>"
        }
        // Month gridlines: every month under a year, every quarter above.
        let span = xEnd - xStart
        let monthStep = span <= 400 * 86_400 ? 1 : span <= 800 * 86_400 ? 3 : 6
        let labelStep = span <= 200 * 86_400 ? 1 : monthStep == 1 ? 2 : monthStep
        for time in monthStarts(from: xStart, to: xEnd, step: monthStep) {
            let tx = x(time)
            svg += "<line x1=\"\(fmt(tx))\" x2=\"\(fmt(tx))\" y1=\"\(fmt(top))\" y2=\"\(fmt(top + plotHeight))\" class=\"c-grid\" stroke=\"#e3e7ec\"/>"
            let month = localizer.format.month(time)
            let monthNumber = Int(month.suffix(2)) ?? 1
            if (monthNumber - 1) % labelStep == 0 {
                svg += "<text x=\"\(fmt(tx))\" y=\"\(fmt(top + plotHeight + 20))\" text-anchor=\"middle\" class=\"c-tick\">\(month)</text>"
            }
        }
        // Axis.
        svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(top + plotHeight))\" y2=\"\(fmt(top + plotHeight))\" class=\"c-axis\" stroke=\"#8a94a3\"/>"

        // The line, broken at unknown values and at gaps of more than two typical steps.
        let gaps = zip(sorted.dropFirst(), sorted).map { $0.time - $1.time }.sorted()
        let typical = gaps.isEmpty ? 86_400 : gaps[gaps.count / 2]
        var path = ""
        var runLength = 0
        var lonely: [TimePoint] = []
        var previous: TimePoint?
        var runStart: TimePoint?
        func endRun() {
            if runLength == 1, let start = runStart { lonely.append(start) }
            runLength = 0
            runStart = nil
        }
        for point in sorted {
            let broken = previous.map { point.time - $0.time > 2.5 * typical } ?? true
            if !point.value.isFinite {
                endRun()
            } else {
                if broken || runLength == 0 {
                    endRun()
                    path += "M\(fmt(x(point.time))),\(fmt(y(point.value)))"
                    runStart = point
                } else {
                    path += "L\(fmt(x(point.time))),\(fmt(y(point.value)))"
                }
                runLength += 1
            }
            previous = point
        }
        endRun()
        svg += "<path d=\"\(path)\" class=\"c-series\" fill=\"none\" stroke=\"#1f5f99\" stroke-width=\"1.4\" stroke-opacity=\".9\" stroke-linejoin=\"round\"/>"
        for point in lonely {
            svg += "<circle cx=\"\(fmt(x(point.time)))\" cy=\"\(fmt(y(point.value)))\" r=\"2\" class=\"c-dot\" fill=\"#1f5f99\"/>"
        }
        if let line = usableTrend {
            let from = Swift.max(line.from, xStart), to = Swift.min(line.to, xEnd)
            if to > from {
                func value(at time: Double) -> Double {
                    line.startValue + (line.endValue - line.startValue) * (time - line.from) / (line.to - line.from)
                }
                let ends = "x1=\"\(fmt(x(from)))\" y1=\"\(fmt(y(value(at: from))))\" x2=\"\(fmt(x(to)))\" y2=\"\(fmt(y(value(at: to))))\""
                // A white halo keeps the dashes readable over a dense series.
                svg += "<line \(ends) class=\"c-halo\" stroke=\"#fff\" stroke-width=\"5.5\" stroke-opacity=\".85\"/>"
                svg += "<line \(ends) class=\"c-trend\" stroke=\"#b4461b\" stroke-width=\"2.6\" stroke-dasharray=\"9 6\"/>"
            }
        }
        // Legend, top left.
        svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(left + 26))\" y1=\"14\" y2=\"14\" class=\"c-series\" stroke=\"#1f5f99\" stroke-width=\"2\"/>"
        svg += "<text x=\"\(fmt(left + 32))\" y=\"18\" class=\"c-legend\">\(escape(localizer.text("chart.traffic.peaks")))</text>"
        if usableTrend != nil {
            let legendX = left + 200
            svg += "<line x1=\"\(fmt(legendX))\" x2=\"\(fmt(legendX + 26))\" y1=\"14\" y2=\"14\" class=\"c-trend\" stroke=\"#b4461b\" stroke-width=\"2.4\" stroke-dasharray=\"7 4\"/>"
            svg += "<text x=\"\(fmt(legendX + 32))\" y=\"18\" class=\"c-legend\">\(escape(localizer.text("chart.traffic.trend")))</text>"
        }
        return svg + "</svg>"
    }

    // MARK: Membership

    /// Joins (bars up) and leaves (bars down) per month, with the member count as a line on
    /// its own axis at the right.
    public static func membership(_ months: [MonthlyMembership], localizer: ReportLocalizer, height: Double = 300) -> String {
        let id = "chart-membership"
        let title = localizer.text("chart.title.membership")
        guard !months.isEmpty else { return empty(localizer.text("chart.no_data"), title: title, id: id) }
        let maxJoins = Double(months.map(\.joins).max() ?? 0)
        let maxLeaves = Double(months.map(\.leaves).max() ?? 0)
        let barTicks = niceTicks(min: -Swift.max(maxLeaves, 1), max: Swift.max(maxJoins, 1), count: 6, integer: true)
        let barMin = barTicks.first ?? -1, barMax = barTicks.last ?? 1
        let counts = months.compactMap(\.members)
        let memberTicks = counts.isEmpty ? [] : niceTicks(min: 0, max: Double(counts.max() ?? 1) * 1.05, count: 4, integer: true)

        let left = 56.0, right = counts.isEmpty ? 18.0 : 56.0, top = 34.0, bottom = 34.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let slot = plotWidth / Double(months.count)
        func yBar(_ value: Double) -> Double { top + plotHeight - (value - barMin) / (barMax - barMin) * plotHeight }
        let memberMax = memberTicks.last ?? 1
        func yMembers(_ value: Double) -> Double { top + plotHeight - value / memberMax * plotHeight }
        func xCentre(_ index: Int) -> Double { left + (Double(index) + 0.5) * slot }

        var svg = open(height: height, title: title, id: id)
        for tick in barTicks {
            let ty = yBar(tick)
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(ty))\" y2=\"\(fmt(ty))\" class=\"\(tick == 0 ? "c-axis" : "c-grid")\" stroke=\"\(tick == 0 ? "#8a94a3" : "#e3e7ec")\"/>"
            svg += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(ty + 4))\" text-anchor=\"end\" class=\"c-tick\">\(escape(localizer.format.count(abs(tick))))</text>"
        }
        for tick in memberTicks {
            svg += "<text x=\"\(fmt(width - right + 8))\" y=\"\(fmt(yMembers(tick) + 4))\" class=\"c-tick c-members-tick\">\(escape(localizer.format.count(tick)))</text>"
        }
        let barWidth = Swift.max(2, Swift.min(slot * 0.62, 28))
        let labelEvery = months.count <= 13 ? 1 : months.count <= 26 ? 3 : 6
        for (index, month) in months.enumerated() {
            let cx = xCentre(index)
            if month.joins > 0 {
                let top = yBar(Double(month.joins)), base = yBar(0)
                svg += "<rect x=\"\(fmt(cx - barWidth / 2))\" y=\"\(fmt(top))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(base - top))\" class=\"c-join\" fill=\"#2f6fb0\"><title>\(escape(month.month)): +\(month.joins)</title></rect>"
            }
            if month.leaves > 0 {
                let base = yBar(0), bottomY = yBar(-Double(month.leaves))
                svg += "<rect x=\"\(fmt(cx - barWidth / 2))\" y=\"\(fmt(base))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(bottomY - base))\" class=\"c-leave\" fill=\"#d0661e\"><title>\(escape(month.month)): −\(month.leaves)</title></rect>"
            }
            let monthNumber = Int(month.month.suffix(2)) ?? 1
            if labelEvery == 1 ? true : (monthNumber - 1) % labelEvery == 0 {
                svg += "<text x=\"\(fmt(cx))\" y=\"\(fmt(top + plotHeight + 20))\" text-anchor=\"middle\" class=\"c-tick\">\(escape(month.month))</text>"
            }
        }
        if !counts.isEmpty {
            var path = ""
            var drawing = false
            for (index, month) in months.enumerated() {
                guard let members = month.members else { drawing = false; continue }
                path += "\(drawing ? "L" : "M")\(fmt(xCentre(index))),\(fmt(yMembers(Double(members))))"
                drawing = true
            }
            svg += "<path d=\"\(path)\" class=\"c-members\" fill=\"none\" stroke=\"#1d2733\" stroke-width=\"2\" stroke-linejoin=\"round\"/>"
            if let lastIndex = months.lastIndex(where: { $0.members != nil }), let last = months[lastIndex].members {
                svg += "<circle cx=\"\(fmt(xCentre(lastIndex)))\" cy=\"\(fmt(yMembers(Double(last))))\" r=\"3.5\" class=\"c-members-dot\" fill=\"#1d2733\"/>"
            }
        }
        // Legend.
        var legendX = left
        func legendItem(_ swatch: String, _ label: String) {
            svg += swatch
            svg += "<text x=\"\(fmt(legendX + 20))\" y=\"18\" class=\"c-legend\">\(escape(label))</text>"
            legendX += 20 + Double(label.count) * 7.5 + 28
        }
        legendItem("<rect x=\"\(fmt(legendX))\" y=\"8\" width=\"12\" height=\"12\" class=\"c-join\" fill=\"#2f6fb0\"/>", localizer.text("chart.membership.joins"))
        legendItem("<rect x=\"\(fmt(legendX))\" y=\"8\" width=\"12\" height=\"12\" class=\"c-leave\" fill=\"#d0661e\"/>", localizer.text("chart.membership.leaves"))
        if !counts.isEmpty {
            legendItem("<line x1=\"\(fmt(legendX - 4))\" x2=\"\(fmt(legendX + 14))\" y1=\"14\" y2=\"14\" class=\"c-members\" stroke=\"#1d2733\" stroke-width=\"2\"/>",
                       localizer.text("chart.membership.members_axis"))
        }
        return svg + "</svg>"
    }

    // MARK: Shares

    /// A horizontal bar per member (largest first, at most `maxRows`; the rest summed as
    /// "others"), with its share written at the bar's end.
    public static func shares(_ shares: [TrafficShare], localizer: ReportLocalizer, maxRows: Int = 12) -> String {
        let id = "chart-shares"
        let title = localizer.text("chart.title.shares")
        var rows = shares.filter { $0.share.isFinite && $0.share > 0 }
        guard !rows.isEmpty else { return empty(localizer.text("chart.no_data"), title: title, id: id) }
        let isOthers: (TrafficShare) -> Bool = { $0.asn == nil && $0.label.lowercased() == "others" }
        var others = rows.filter(isOthers).map(\.share).reduce(0, +)
        rows = rows.filter { !isOthers($0) }.sorted { $0.share > $1.share }
        if rows.count > maxRows - 1 {
            others += rows[(maxRows - 1)...].map(\.share).reduce(0, +)
            rows = Array(rows.prefix(maxRows - 1))
        }
        if others > 0 { rows.append(TrafficShare(label: "others", asn: nil, share: others)) }

        let rowHeight = 26.0, top = 8.0, labelWidth = 260.0, valueWidth = 70.0
        let height = top * 2 + rowHeight * Double(rows.count)
        let barSpace = width - labelWidth - valueWidth - 12
        let maxShare = rows.map(\.share).max() ?? 1
        var svg = open(height: height, title: title, id: id)
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            var label = localizer.label(of: row)
            if label.count > 34 { label = String(label.prefix(33)) + "…" }
            let barLength = Swift.max(1, row.share / maxShare * barSpace)
            let other = isOthers(row)
            svg += "<text x=\"\(fmt(labelWidth - 10))\" y=\"\(fmt(y + 17))\" text-anchor=\"end\" class=\"c-label\">\(escape(label))</text>"
            svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 5))\" width=\"\(fmt(barLength))\" height=\"\(fmt(rowHeight - 10))\" rx=\"2\" class=\"\(other ? "c-share-other" : "c-share")\" fill=\"\(other ? "#aab3bf" : "#3d6e9e")\"/>"
            svg += "<text x=\"\(fmt(labelWidth + barLength + 8))\" y=\"\(fmt(y + 17))\" class=\"c-value\">\(escape(localizer.format.percent(row.share)))</text>"
        }
        return svg + "</svg>"
    }
}
