/// The detector's sentences, one table per language: what the rules say (symptom titles and
/// summaries, finding messages, evidence labels). The rules write each finding's summary in
/// English through it at evaluation time, and the health report's data in its language. Templates
/// use `{name}` placeholders filled from `LocalizedText.arguments`.
///
/// The tables are `Wording+RulesEnglish.swift` and `Wording+RulesFrench.swift`. Every other word a
/// person reads (the report's headings, the mail's, the dashboard's) is in the `Presentation`
/// module, whose `Phrasebook` adds them to these; its parity test covers every table.
public enum Wording {
    /// The table of `language`.
    public static func table(_ language: Language) -> [String: String] {
        switch language {
        case .english: english
        case .french: french
        }
    }

    static let english: [String: String] = rulesEnglish
    static let french: [String: String] = rulesFrench

    /// `text` in `language`: its template with the placeholders filled. A key missing from the
    /// language's table falls back to English, then to the key itself (never a crash).
    public static func render(_ text: LocalizedText, in language: Language = .english) -> String {
        render(text, in: language, table: table(language), english: english)
    }

    /// `text` in `language`, its template looked up in `table`, then in `english`, then the key
    /// itself; numbers formatted in `language`. The one renderer behind every table of wording.
    public static func render(_ text: LocalizedText, in language: Language, table: [String: String],
                              english: [String: String]) -> String {
        let template = table[text.key] ?? english[text.key] ?? text.key
        guard !text.numbers.isEmpty else { return fill(template, text.arguments) }
        var arguments = text.arguments
        for (name, number) in text.numbers { arguments[name] = NumberWording.format(number.value, number.unit, in: language) }
        return fill(template, arguments)
    }

    /// The template of `key` in `language` with `arguments` filled.
    public static func render(_ key: String, _ arguments: [String: String] = [:], in language: Language = .english) -> String {
        render(LocalizedText(key, arguments), in: language)
    }

    /// Replaces each `{name}` in `template` with `arguments[name]`; unknown names stay as they are.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        out.reserveCapacity(template.count)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = arguments[name] { out += value } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// The placeholder names of a template, for the parity test of the tables.
    public static func placeholders(_ template: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
