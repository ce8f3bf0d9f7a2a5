import Foundation
import Testing

/// `docs/architecture.md` keeps up with the code: every module under `Sources/` (each a target
/// of `Package.swift`) has a row in its module table.
@Suite("architecture document")
struct ArchitectureDocumentTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The target names `Package.swift` declares with `name: "…"` whose sources are in `Sources/`.
    static func sourceTargets() throws -> [String] {
        let manifest = try String(contentsOf: repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        let modules = Set(try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Sources").path))
        var names: [String] = []
        var rest = manifest[...]
        while let range = rest.range(of: "name: \"") {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let name = String(rest[..<end])
            if modules.contains(name) { names.append(name) }
        }
        return names
    }

    @Test func everyModuleHasARowInTheModuleTable() throws {
        let document = try String(contentsOf: Self.repository.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let rows = document.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let targets = try Self.sourceTargets()
        #expect(targets.count >= 25, "the manifest's targets were read: \(targets)")
        for target in targets {
            #expect(rows.contains { $0.contains("`\(target)`") }, "docs/architecture.md has no row for the module \(target)")
        }
    }
}
