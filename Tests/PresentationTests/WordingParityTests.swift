import Foundation
import Detection
import Testing
@testable import Presentation

/// One parity test over every table of words people read: the rules' (`Detection.Wording`),
/// the report's and the mail's (`Phrasebook`) and the dashboard's (`DashboardWording`). Each
/// table exists in every language with the same keys, the same `{placeholders}` and no empty
/// text. A new language that lacks a table does not compile (the switches are exhaustive).
@Suite struct WordingParityTests {
    /// A table of wording, by name, in each language.
    struct Table: Sendable, CustomStringConvertible {
        let name: String
        let words: @Sendable (Language) -> [String: String]
        var description: String { name }
    }

    static let tables: [Table] = [
        Table(name: "rules") { Wording.table($0) },
        Table(name: "report") {
            switch $0 {
            case .english: Phrasebook.reportEnglish
            case .french: Phrasebook.reportFrench
            }
        },
        Table(name: "mail") {
            switch $0 {
            case .english: Phrasebook.mailEnglish
            case .french: Phrasebook.mailFrench
            }
        },
        Table(name: "dashboard") { DashboardWording.table($0) },
    ]

    @Test(arguments: tables)
    func everyKeyInEveryLanguageWithTheSamePlaceholders(_ table: Table) {
        let english = table.words(.english)
        #expect(!english.isEmpty)
        for language in Language.allCases where language != .english {
            let other = table.words(language)
            let missing = Set(english.keys).subtracting(other.keys).sorted()
            let extra = Set(other.keys).subtracting(english.keys).sorted()
            #expect(missing.isEmpty, "\(table) \(language) lacks \(missing)")
            #expect(extra.isEmpty, "\(table) \(language) has keys English lacks: \(extra)")
            for (key, template) in english {
                guard let translated = other[key] else { continue }
                #expect(Wording.placeholders(translated) == Wording.placeholders(template), "\(table) \(language) \(key)")
            }
        }
    }

    @Test(arguments: tables)
    func noEmptyText(_ table: Table) {
        for language in Language.allCases {
            for (key, text) in table.words(language) {
                #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(table) \(language) \(key)")
                #expect(!key.isEmpty, "\(table) \(language): an empty key")
            }
        }
    }

    /// The phrasebook merges the rules', the report's and the mail's tables: a key in two of them
    /// would be shadowed silently.
    @Test func noKeyInTwoTablesOfThePhrasebook() {
        let merged = Self.tables.filter { $0.name != "dashboard" }
        for language in Language.allCases {
            var owner: [String: String] = [:]
            for table in merged {
                for key in table.words(language).keys {
                    if let first = owner[key] { Issue.record("\(language) \(key) is in \(first) and \(table)") }
                    owner[key] = table.name
                }
            }
            #expect(Set(owner.keys) == Set(Phrasebook.table(language).keys))
        }
    }
}
