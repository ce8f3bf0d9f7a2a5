import Foundation
import IXPCore
import Testing
@testable import Detection

/// `docs/detector.md` lists every rule id's defaults; the table is rendered from the rules, so
/// it cannot drift from them. When a rule changes, paste the table this test prints.
@Suite struct RuleDefaultsDocumentTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/detector.md")

    @Test func theDetectorDocumentListsEveryRulesDefaults() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let table = Self.table()
        #expect(text.contains(table), "docs/detector.md should contain:\n\(table)")
    }

    /// The table of defaults, one row per rule id in catalog order.
    static func table() -> String {
        var lines = ["| rule | `for` | severity | thresholds (`detection.rules.<id>.<name>`: default) |", "|---|---|---|---|"]
        for definition in RuleCatalog.definitions {
            let thresholds = definition.defaultThresholdValues.sorted { $0.key < $1.key }
                .map { "`\($0.key)`: \(number($0.value))" }.joined(separator: ", ")
            lines.append("| `\(definition.id)` | \(duration(definition.forDuration)) | "
                + "\(definition.severity?.rawValue ?? "by degree") | \(thresholds.isEmpty ? "–" : thresholds) |")
        }
        return lines.joined(separator: "\n")
    }

    private static func duration(_ seconds: Double) -> String {
        for (unit, size) in [("d", 86_400.0), ("h", 3_600), ("m", 60)] where seconds >= size && seconds.remainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return "\(Int(seconds))s"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
