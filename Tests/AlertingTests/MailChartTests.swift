@testable import Alerting
@testable import Detection

import ProcessTestSupport
import Foundation
import Testing

/// The PNG encoder and the chart rasteriser, read back by Python's standard library; inline
/// images in the MIME structure, read back by Python's `email` package.
@Suite("Mail charts")
struct MailChartTests {
    /// What read_png.py prints.
    struct DecodedPNG: Decodable {
        var chunks: [String]
        var width: Int
        var height: Int
        var bit_depth: Int
        var colour_type: Int
        var palette: [[Int]]
        var compressed_bytes: Int
        var pixels_base64: String

        var pixels: [UInt8] { Data(base64Encoded: pixels_base64).map { [UInt8]($0) } ?? [] }
    }

    static let reader = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/png/read_png.py")

    /// `png` as Python reads it (chunk CRCs and the zlib Adler-32 checked there).
    static func decode(_ png: [UInt8]) throws -> DecodedPNG {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-chart-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Subprocess.run("python3", [reader.path, file.path])
        guard result.succeeded else { throw HarnessError("read_png.py: \(result.stderr)") }
        return try JSONDecoder().decode(DecodedPNG.self, from: Data(result.stdout.utf8))
    }

    /// A day of five-minute traffic samples, falling in the afternoon, with a two-hour gap.
    static func daySeries(start: Double = 1_790_000_000) -> ChartSeries {
        var times: [Double] = []
        var values: [Double] = []
        for index in 0..<288 {
            times.append(start + Double(index) * 300)
            let hour = Double(index) / 12
            if (10..<12).contains(hour) {
                values.append(.nan)
            } else {
                let daily = 4e9 + 3e9 * sin((hour - 6) / 24 * 2 * .pi)
                values.append(hour >= 16 ? daily * 0.35 : daily)
            }
        }
        return ChartSeries(title: "sw1 Ethernet7", times: times, values: values, unit: .bitsPerSecond,
                           highlightFrom: start + 16 * 3_600)
    }

    @Test("CRC-32 matches its check values")
    func checksums() {
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.crc32([]) == 0)
    }

    @Test("an RGB image, stored and fixed-Huffman, decodes in Python to the same pixels", arguments: [
        PNGEncoder.Compression.stored, .fixedHuffman,
    ])
    func rgbRoundTrip(compression: PNGEncoder.Compression) throws {
        // Irregular content (no long runs), plus runs and repeated rows, and more than one
        // stored block's worth of data.
        let width = 300
        let height = 90
        var rgb: [UInt8] = []
        var state: UInt32 = 12_345
        for row in 0..<height {
            for column in 0..<width {
                if row % 3 == 1 {
                    let above: Int = ((row - 1) * width + column) * 3
                    rgb += rgb[above..<(above + 3)]
                } else if column < 100 {
                    state = state &* 1_103_515_245 &+ 12_345
                    rgb += [UInt8(truncatingIfNeeded: state >> 16), UInt8(truncatingIfNeeded: state >> 8), UInt8(column)]
                } else {
                    rgb += [200, 10, UInt8(row)]
                }
            }
        }
        let png = try PNGEncoder(compression: compression).encode(rgb: rgb, width: width, height: height)
        let decoded = try Self.decode(png)
        #expect(decoded.chunks == ["IHDR", "IDAT", "IEND"])
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.colour_type == 2 && decoded.bit_depth == 8)
        #expect(decoded.pixels == rgb)
        if compression == .fixedHuffman { #expect(decoded.compressed_bytes < rgb.count * 3 / 4) }
    }

    @Test("bad sizes and buffers are errors, not crashes")
    func badInput() {
        #expect(throws: PNGEncoderError.self) { try PNGEncoder().encode(rgb: [1, 2, 3], width: 2, height: 1) }
        #expect(throws: PNGEncoderError.self) { try PNGEncoder().encode(rgb: [], width: 0, height: 0) }
        #expect(throws: PNGEncoderError.self) {
            try PNGEncoder().encode(indices: [0, 5], palette: [RGBColour(0, 0, 0)], width: 2, height: 1)
        }
        #expect(throws: PNGEncoderError.self) { try PNGEncoder().encode(indices: [0], palette: [], width: 1, height: 1) }
        #expect(throws: PNGEncoderError.self) { try MailChart(width: 4, height: 4).png(Self.daySeries()) }
    }

    @Test("a chart is a 480×140 palette PNG: grid, line, band, and a gap where values are unknown")
    func chart() throws {
        let series = Self.daySeries()
        let png = try MailChart().png(series)
        let decoded = try Self.decode(png)
        #expect(decoded.chunks == ["IHDR", "PLTE", "IDAT", "IEND"])
        #expect(decoded.width == 480 && decoded.height == 140)
        #expect(decoded.colour_type == 3)
        #expect(decoded.palette.count == MailChart.palette.count)
        let pixels = decoded.pixels
        #expect(pixels == MailChart().pixels(series))
        #expect(png.count < 12_000, "\(png.count) bytes")

        func column(_ x: Int) -> [MailChart.Ink] {
            (0..<140).map { MailChart.Ink(rawValue: pixels[$0 * 480 + x]) ?? .background }
        }
        // x of a time: the plot spans columns 1…478 from the first to the last sample.
        func x(hours: Double) -> Int { Int((1 + hours * 3_600 / (287 * 300) * 477).rounded()) }
        #expect(column(x(hours: 3)).contains(.line))
        #expect(column(x(hours: 3)).contains(.area))
        #expect(!column(x(hours: 11)).contains(.line), "the gap is drawn as a break")
        #expect(!column(x(hours: 11)).contains(.area))
        #expect(column(x(hours: 20)).contains(.line))
        #expect(column(x(hours: 20)).contains(.band))
        #expect(column(x(hours: 20)).contains(.areaInBand))
        #expect(!column(x(hours: 3)).contains(.band))
        #expect(column(x(hours: 11)).contains(.grid))
        // The fall reads as a fall: the line sits lower after 16:00 than before.
        func lineTop(_ x: Int) -> Int { column(x).firstIndex(of: .line) ?? -1 }
        #expect(lineTop(x(hours: 17)) > lineTop(x(hours: 15)) + 30)

        if let directory = ProcessInfo.processInfo.environment["IXP_CHART_SAMPLE_DIR"] {
            try Data(png).write(to: URL(fileURLWithPath: directory).appendingPathComponent("chart-day.png"))
        }
    }

    @Test("a series with nothing known draws an empty frame; a lone value is a dot")
    func degenerate() throws {
        let empty = ChartSeries(title: "x", times: [0, 60, 120], values: [.nan, .nan, .nan], unit: .count)
        #expect(!empty.isDrawable)
        let pixels = MailChart().pixels(empty)
        #expect(!pixels.contains(MailChart.Ink.line.rawValue))
        #expect(try Self.decode(MailChart().png(empty)).width == 480)

        let lone = ChartSeries(title: "x", times: [0, 60, 120, 180], values: [1, .nan, 5, .nan], unit: .count)
        #expect(lone.isDrawable)
        #expect(MailChart().pixels(lone).contains(MailChart.Ink.line.rawValue))
        let flat = ChartSeries(title: "x", times: [0, 60], values: [0, 0], unit: .count)
        #expect(MailChart().pixels(flat).contains(MailChart.Ink.line.rawValue))
        let reversed = ChartSeries(title: "x", times: [120, 60], values: [1, 2], unit: .count)
        #expect(!reversed.isDrawable)
    }

    @Test("MIME: alternative of text and related(HTML, PNG); Python reads the image back byte for byte")
    func mimeStructure() throws {
        let configuration = TestFindings.configuration()
        var pipeline = NotificationPipeline(configuration: configuration)
        let start = 1_790_000_000.0
        let findings = [TestFindings.portDown(1, since: start), TestFindings.portDown(2, since: start),
                        TestFindings.portDown(3, since: start), TestFindings.portDown(4, since: start),
                        TestFindings.memberDown(since: start)]
        pipeline.ingest(findings: findings, now: start)
        let notification = try #require(pipeline.tick(now: start + 30).notifications.first)
        var charts: [String: ChartSeries] = [:]
        for finding in findings { charts[finding.id] = Self.daySeries(start: start - 86_400 + 30) }
        charts[findings[1].id] = ChartSeries(title: "nothing", times: [1, 2], values: [.nan, .nan], unit: .count)
        let renderer = AlertMailRenderer(configuration: configuration)
        let message = renderer.message(for: notification, charts: charts)
        #expect(message.images.count == 3, "at most three, undrawable ones left out")
        let mail = try SMTPTestServer.parse(message.encoded())
        #expect(mail.defects.isEmpty)
        #expect(mail.parts.allSatisfy { $0.defects.isEmpty })
        #expect(mail.longest_line <= 998)
        #expect(mail.parts.map(\.content_type) == ["multipart/alternative", "text/plain", "multipart/related", "text/html",
                                                   "image/png", "image/png", "image/png"])
        let html = try #require(mail.content("text/html"))
        let images = mail.parts.filter { $0.content_type == "image/png" }
        for (image, sent) in zip(images, message.images) {
            #expect(image.data == sent.data)
            #expect(image.content_id == "<\(sent.contentID)>")
            #expect(image.disposition == "inline")
            #expect(image.transfer_encoding == "base64")
            #expect(html.contains("src=\"cid:\(sent.contentID)\""))
            #expect(try Self.decode(sent.data).width == 480)
        }
        #expect(message.images.map(\.contentID) == (1...3).map { "chart\($0).\(notification.messageID)" })
        let text = try #require(mail.content("text/plain"))
        #expect(text.contains("Chart: sw1 Ethernet7"))
        #expect(text.contains("max 7 Gbit/s"), "\(text)")
        #expect(text.contains("(the picture is in the HTML version of this mail)"))

        // Without charts the structure is as before.
        let plain = try SMTPTestServer.parse(renderer.message(for: notification).encoded())
        #expect(plain.parts.map(\.content_type) == ["multipart/alternative", "text/plain", "text/html"])
    }
}
