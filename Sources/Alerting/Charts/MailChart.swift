/// Draws one series as a small line chart for an alert mail (480 × 140 pixels by default): a
/// light grid, the area under the line lightly filled, the line, and optionally a shaded band
/// from ``ChartSeries/highlightFrom`` to the end. Unknown values (NaN) break the line. There
/// is no text in the picture (no font here): the mail states the numbers beside it.
///
/// The y axis starts at zero for series that never go below it (traffic, counts), so that a
/// fall reads as the fall it is; else at the series' minimum. The x axis spans the series'
/// first to last time; grid lines fall on whole hours, days, weeks or 30-day steps (UTC).
public struct MailChart: Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A chart of `width` × `height` pixels.
    public init(width: Int = 480, height: Int = 140) {
        self.width = width
        self.height = height
    }

    /// The palette of the chart's pixels, by index: background, shaded band, grid, area,
    /// area within the band, line, border.
    public static let palette: [RGBColour] = [
        RGBColour(255, 255, 255), RGBColour(253, 236, 206), RGBColour(225, 229, 234), RGBColour(214, 230, 250),
        RGBColour(238, 214, 196), RGBColour(9, 105, 218), RGBColour(175, 184, 193),
    ]

    enum Ink: UInt8 {
        case background = 0, band, grid, area, areaInBand, line, border
    }

    /// `series` as a PNG (palette, fixed-Huffman deflate).
    public func png(_ series: ChartSeries) throws(PNGEncoderError) -> [UInt8] {
        guard width >= 16, height >= 16, width <= 4_096, height <= 4_096 else {
            throw PNGEncoderError("chart size \(width)×\(height) outside 16…4096 pixels a side")
        }
        return try PNGEncoder().encode(indices: pixels(series), palette: Self.palette, width: width, height: height)
    }

    /// The chart's pixels as palette indices (``palette``), rows top to bottom.
    func pixels(_ series: ChartSeries) -> [UInt8] {
        var canvas = Canvas(width: width, height: height)
        let plot = (left: 1, right: width - 2, top: 4, bottom: height - 2)
        guard series.isDrawable else {
            canvas.frame()
            return canvas.pixels
        }
        let t0 = series.times.first ?? 0
        let t1 = series.times.last ?? 1
        let span = t1 > t0 ? t1 - t0 : 1
        func x(_ time: Double) -> Double {
            min(Double(plot.right), max(Double(plot.left), Double(plot.left) + (time - t0) / span * Double(plot.right - plot.left)))
        }
        let (low, high) = Self.valueRange(series)
        func y(_ value: Double) -> Double {
            min(Double(plot.bottom), max(Double(plot.top), Double(plot.bottom) - (value - low) / (high - low) * Double(plot.bottom - plot.top)))
        }

        // The shaded band.
        var bandStart = Int.max
        if let from = series.highlightFrom, from.isFinite, from <= t1 {
            bandStart = max(plot.left, Int(x(max(from, t0)).rounded()))
            for row in plot.top...plot.bottom {
                for column in bandStart...plot.right { canvas[column, row] = .band }
            }
        }
        // The grid: three horizontal lines, vertical lines on whole time steps.
        for quarter in 1...3 {
            let row = Int(y(low + (high - low) * Double(quarter) / 4).rounded())
            for column in plot.left...plot.right { canvas[column, row] = .grid }
        }
        let step = Self.gridStep(span: span)
        var tick = (t0 / step).rounded(.up) * step
        while tick <= t1 {
            let column = Int(x(tick).rounded())
            for row in plot.top...plot.bottom { canvas[column, row] = .grid }
            tick += step
        }
        // The area under the line, then the line, each between two known neighbours only.
        let points = zip(series.times, series.values).map { (x: x($0), y: y($1), known: $0.isFinite && $1.isFinite) }
        let baseline = Int(y(max(low, min(high, 0))).rounded())
        for index in points.indices.dropLast() where points[index].known && points[index + 1].known {
            let (a, b) = (points[index], points[index + 1])
            let first = Int(a.x.rounded())
            let last = Int(b.x.rounded())
            for column in first...max(first, last) {
                let fraction = last > first ? Double(column - first) / Double(last - first) : 0
                let top = Int((a.y + (b.y - a.y) * fraction).rounded())
                for row in min(top, baseline)...max(top, baseline) {
                    canvas[column, row] = column >= bandStart ? .areaInBand : .area
                }
            }
        }
        for index in points.indices where points[index].known {
            let a = points[index]
            let neighbourKnown = (index > 0 && points[index - 1].known) || (index + 1 < points.count && points[index + 1].known)
            if index + 1 < points.count, points[index + 1].known {
                let b = points[index + 1]
                canvas.line(from: (Int(a.x.rounded()), Int(a.y.rounded())), to: (Int(b.x.rounded()), Int(b.y.rounded())), .line)
            } else if !neighbourKnown {
                // A lone value between gaps: a dot.
                canvas.line(from: (Int(a.x.rounded()), Int(a.y.rounded())), to: (Int(a.x.rounded()), Int(a.y.rounded())), .line)
            }
        }
        canvas.frame()
        return canvas.pixels
    }

    /// The value axis: from zero (or the minimum, if the series goes below zero) to a little
    /// above the maximum; never empty.
    static func valueRange(_ series: ChartSeries) -> (Double, Double) {
        guard let minimum = series.minimum, let maximum = series.maximum else { return (0, 1) }
        var low = min(0, minimum)
        var high = maximum
        if high <= low {
            // A flat series: centre it.
            let pad = abs(high) > 0 ? abs(high) * 0.5 : 1
            if low < 0 || minimum < 0 { low -= pad }
            high += pad
        }
        high += (high - low) * 0.08
        return (low, high)
    }

    /// The spacing of the vertical grid lines for a chart spanning `span` seconds: the
    /// smallest whole step that gives at most eight lines.
    static func gridStep(span: Double) -> Double {
        let steps: [Double] = [60, 300, 900, 1_800, 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600, 86_400, 7 * 86_400,
                               30 * 86_400, 91 * 86_400, 365 * 86_400]
        return steps.first { span / $0 <= 8 } ?? span
    }
}

/// Palette indices in rows, with clipped drawing.
private struct Canvas {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: MailChart.Ink.background.rawValue, count: width * height)
    }

    subscript(column: Int, row: Int) -> MailChart.Ink {
        get { MailChart.Ink(rawValue: pixels[row * width + column]) ?? .background }
        set {
            guard column >= 0, column < width, row >= 0, row < height else { return }
            pixels[row * width + column] = newValue.rawValue
        }
    }

    /// A one-pixel border round the picture.
    mutating func frame() {
        for column in 0..<width {
            self[column, 0] = .border
            self[column, height - 1] = .border
        }
        for row in 0..<height {
            self[0, row] = .border
            self[width - 1, row] = .border
        }
    }

    /// A line two pixels thick (Bresenham, with a 2 × 2 brush).
    mutating func line(from start: (Int, Int), to end: (Int, Int), _ ink: MailChart.Ink) {
        var (x, y) = start
        let dx = abs(end.0 - x)
        let dy = -abs(end.1 - y)
        let sx = x < end.0 ? 1 : -1
        let sy = y < end.1 ? 1 : -1
        var error = dx + dy
        while true {
            self[x, y] = ink
            self[x + 1, y] = ink
            self[x, y + 1] = ink
            self[x + 1, y + 1] = ink
            if x == end.0 && y == end.1 { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += sx
            }
            if doubled <= dx {
                error += dx
                y += sy
            }
        }
    }
}
