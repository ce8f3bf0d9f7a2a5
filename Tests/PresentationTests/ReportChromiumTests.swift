import Foundation
import Testing
@testable import Detection
@testable import Presentation

/// The headless browser, if one is installed.
private let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Renders the HTML report in headless Chromium (Debian's `/usr/bin/chromium`) to a screenshot
/// and to PDF. Skipped, saying why, when Chromium is not installed. With
/// `IXP_REPORT_SCREENSHOTS=DIR` in the environment, the screenshots are kept in DIR.
@Suite(.enabled(if: chromiumPath != nil, "Chromium is not installed (/usr/bin/chromium); the browser rendering tests are skipped"))
struct ReportChromiumTests {
    static let chromium = chromiumPath

    struct ChromiumFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs Chromium headless on `page` with `arguments`; returns its exit status.
    static func runChromium(_ arguments: [String], page: URL, workDirectory: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--hide-scrollbars", "--user-data-dir=\(workDirectory.appendingPathComponent("profile").path)",
        ] + arguments + [page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: Language.allCases)
    func screenshotAndPDF(_ language: Language) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report-\(language.rawValue).html")
        try HealthReportHTML.render(SampleReports.dying(language: language)).write(to: page, atomically: true, encoding: .utf8)

        let png = directory.appendingPathComponent("report-\(language.rawValue).png")
        let status = try Self.runChromium(["--screenshot=\(png.path)", "--window-size=1280,2400"], page: page, workDirectory: directory)
        #expect(status == 0)
        let image = try Data(contentsOf: png)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        // A blank page of this size compresses to a few kilobytes; the report is far more.
        #expect(image.count > 60_000, "the screenshot is \(image.count) bytes: nearly blank?")
        if let keep = ProcessInfo.processInfo.environment["IXP_REPORT_SCREENSHOTS"] {
            let html = URL(fileURLWithPath: keep).appendingPathComponent(page.lastPathComponent)
            try? FileManager.default.removeItem(at: html)
            try FileManager.default.copyItem(at: page, to: html)
            let target = URL(fileURLWithPath: keep).appendingPathComponent(png.lastPathComponent)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: png, to: target)
        }

        let pdf = directory.appendingPathComponent("report-\(language.rawValue).pdf")
        let pdfStatus = try Self.runChromium(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer"], page: page, workDirectory: directory)
        #expect(pdfStatus == 0)
        let document = try Data(contentsOf: pdf)
        #expect(document.starts(with: Array("%PDF".utf8)))
        #expect(document.count > 20_000)
        if let keep = ProcessInfo.processInfo.environment["IXP_REPORT_SCREENSHOTS"] {
            let target = URL(fileURLWithPath: keep).appendingPathComponent(pdf.lastPathComponent)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: pdf, to: target)
        }
    }
}
