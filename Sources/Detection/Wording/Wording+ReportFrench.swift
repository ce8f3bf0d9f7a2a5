extension Wording {
    /// Report, dashboard and mail headings, in French.
    static let reportFrench: [String: String] = [
        "verdict.ok": "OK",
        "verdict.warning": "Avertissement",
        "verdict.critical": "Critique",
        "verdict.not_enough_data": "Données insuffisantes",
    ]
}
