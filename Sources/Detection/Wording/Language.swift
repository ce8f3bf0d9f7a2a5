/// A language the report, the dashboard and the mail speak.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    /// English.
    case english = "en"
    /// French: many of the exchanges this matters most to, across West and Central Africa, work in French.
    case french = "fr"
}
