import Foundation
import Members
import IXPCore

/// The path of a fixture under Tests/Fixtures/ixf.
func ixfFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ixf/\(name)").path
}

/// Epoch seconds of an ISO 8601 text written in a test; NaN (which fails every comparison)
/// when it does not parse.
func epoch(_ text: String) -> Double {
    UTCCalendar.seconds(iso8601: text) ?? .nan
}
