public import Detection

/// Every sentence people read in the report and the mail, one table per language: the rules'
/// sentences (`Detection.Wording`) with the report's headings and labels
/// (`Phrasebook+ReportEnglish.swift`, …) and the mail's (`Phrasebook+MailEnglish.swift`, …). A
/// third language is one more table in each. The dashboard's own short words are
/// `DashboardWording`. `WordingParityTests` checks that every language has every key of every
/// table, with the same placeholders and no empty text.
public enum Phrasebook {
    /// The table of `language`: the rules' sentences first, then the report's, then the mail's.
    public static func table(_ language: Language) -> [String: String] {
        switch language {
        case .english: english
        case .french: french
        }
    }

    static let english: [String: String] = Wording.table(.english).merging(reportEnglish) { first, _ in first }
        .merging(mailEnglish) { first, _ in first }
    static let french: [String: String] = Wording.table(.french).merging(reportFrench) { first, _ in first }
        .merging(mailFrench) { first, _ in first }

    /// `text` in `language`: its template with the placeholders filled. A key missing from the
    /// language's table falls back to English, then to the key itself (never a crash).
    public static func render(_ text: LocalizedText, in language: Language = .english) -> String {
        Wording.render(text, in: language, table: table(language), english: english)
    }

    /// The template of `key` in `language` with `arguments` filled.
    public static func render(_ key: String, _ arguments: [String: String] = [:], in language: Language = .english) -> String {
        render(LocalizedText(key, arguments), in: language)
    }
}
