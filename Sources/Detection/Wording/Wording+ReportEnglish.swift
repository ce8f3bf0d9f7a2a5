extension Wording {
    /// Report, dashboard and mail headings, in English.
    static let reportEnglish: [String: String] = [
        "verdict.ok": "OK",
        "verdict.warning": "Warning",
        "verdict.critical": "Critical",
        "verdict.not_enough_data": "Not enough data",
    ]
}
