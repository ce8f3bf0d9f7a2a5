public import Detection
import Foundation
import IXPCore
import Presentation

/// Turns a notification into the mail people read: a subject that gives severity, rule and
/// subject at a glance; a body that says what happened, where (switch, port, member name and
/// ASN), since when, with the evidence numbers and links to the report; plain text and simple
/// HTML (inline CSS, no external resources), in English or French. A zombie-IXP symptom's mail
/// reads like the report's section on it.
///
/// Where the agent supplies a series for a finding (``ChartSeries``, keyed by finding id), the
/// HTML shows it as a small inline PNG chart (``MailChart``), at most ``maximumCharts`` per
/// mail, and both versions state its numbers in words (minimum, maximum, last value, span).
public struct AlertMailRenderer: Sendable {
    /// The sender.
    public var from: MailAddress
    /// The language of the mail.
    public var language: Language
    /// The agent's address for links, nil for none.
    public var externalURL: String?
    /// At most this many findings are detailed per section; the rest are counted.
    public var maximumDetailed: Int
    /// At most this many charts per mail.
    public var maximumCharts: Int = 3

    /// A renderer.
    public init(from: MailAddress, language: Language = .english, externalURL: String? = nil, maximumDetailed: Int = 50) {
        self.from = from
        self.language = language
        self.externalURL = externalURL
        self.maximumDetailed = maximumDetailed
    }

    /// A renderer for `configuration`.
    public init(configuration: AlertingConfiguration) {
        self.init(from: configuration.from, language: configuration.language, externalURL: configuration.externalURL)
    }

    /// The mail for `notification`; `charts` (by finding id) are drawn for the findings they
    /// belong to, up to ``maximumCharts``, as inline images of the HTML version.
    public func message(for notification: AlertNotification, charts: [String: ChartSeries] = [:]) -> MailMessage {
        let attached = attachedCharts(notification, charts)
        let images = (notification.firing + notification.resolved).compactMap { attached[$0.id]?.image }
        return MailMessage(
            from: from, to: notification.receiver.to, subject: subject(for: notification), date: notification.createdAt,
            messageID: notification.messageID, inReplyTo: notification.inReplyTo, references: notification.references,
            textBody: text(for: notification, charts: attached), htmlBody: html(for: notification, charts: attached),
            extraHeaders: [(name: "X-IXP-Health-Group", value: notification.groupKey),
                           (name: "X-IXP-Health-Kind", value: notification.kind.rawValue)],
            images: images)
    }

    /// A test message for `notify-test`, to `to`.
    public func testMessage(to: [MailAddress], now: Double, host: String) -> MailMessage {
        let body = say("mail.test.body")
        return MailMessage(
            from: from, to: to, subject: say("mail.test.subject"), date: now,
            messageID: MailMessage.messageID(groupKey: "notify-test", threadStart: now, sequence: 0, host: host),
            textBody: body + "\n", htmlBody: "<!DOCTYPE html><html><body><p>\(MarkupEscaping.escape(body))</p></body></html>\n")
    }

    // MARK: Subject

    /// `[CRITICAL] member_down AS64500 — …` for one finding, `[ixp-health] 3 firing, 1
    /// resolved: …` for several.
    public func subject(for notification: AlertNotification) -> String {
        let all = notification.firing + notification.resolved
        if all.count == 1, let finding = all.first {
            let tag = notification.firing.isEmpty ? say("mail.resolved_tag") : severityTag(finding.severity)
            return say("mail.subject.single", ["severity": tag, "rule": finding.rule.rawValue,
                                               "subject": finding.subject.description, "summary": summary(finding)])
        }
        var names: [String] = []
        var length = 0
        for finding in all {
            let name = "\(finding.rule.rawValue) \(finding.subject.description)"
            if length + name.count > 100, !names.isEmpty {
                names.append("…")
                break
            }
            names.append(name)
            length += name.count + 2
        }
        return say("mail.subject.group", ["firing": "\(notification.firing.count)", "resolved": "\(notification.resolved.count)",
                                          "summary": names.joined(separator: ", ")])
    }

    // MARK: Content shared by text and HTML

    /// What a finding's section shows.
    struct Section {
        var finding: Finding
        var resolved: Bool
        var heading: String
        var summary: String
        var zombieTitle: String?
        var zombieVerdict: String?
        var rows: [(label: String, value: String)]
        var evidence: [(label: String, value: String)]
        var firstFrame: String?
        var chart: AttachedChart?
    }

    func section(_ finding: Finding, resolved: Bool, now: Double) -> Section {
        let isZombie = finding.subject == .exchange && RuleID.zombieSymptoms.contains(finding.rule)
        let tag = resolved ? say("mail.resolved_tag") : severityTag(finding.severity)
        var rows: [(String, String)] = []
        if !isZombie {
            rows.append((say("mail.label.rule"), finding.rule.rawValue))
            rows.append((say("mail.label.subject"), finding.subject.description))
        }
        let switchName: String?
        let interface: String?
        if case .port(let sw, let port) = finding.subject {
            switchName = sw
            interface = port
        } else {
            switchName = finding.labels["switch"] ?? {
                if case .switch(let name) = finding.subject { return name }
                return nil
            }()
            interface = finding.labels["interface"]
        }
        if let switchName { rows.append((say("mail.label.switch"), switchName)) }
        if let interface { rows.append((say("mail.label.port"), interface)) }
        if let member = memberText(finding) { rows.append((say("mail.label.member"), member)) }
        if let mac = finding.labels["mac"] ?? {
            if case .mac(let mac) = finding.subject { return mac }
            return nil
        }() {
            rows.append((say("mail.label.mac"), mac))
        }
        let since = finding.firingSince ?? finding.firstSeen
        rows.append((say("mail.label.since"), say("mail.since", ["time": dateTime(since),
                                                                   "duration": NumberWording.format(max(0, now - since), .seconds, in: language)])))
        if resolved {
            rows.append((say("mail.label.resolved_at"), dateTime(finding.resolvedAt ?? now)))
        }
        var evidence: [(String, String)] = []
        var firstFrame: String?
        for item in finding.evidence.items {
            if item.name == "first_frame" {
                if case .text(let text) = item.value { firstFrame = text }
                if case .list(let lines) = item.value { firstFrame = lines.joined(separator: "\n") }
                continue
            }
            evidence.append((evidenceLabel(item.name), evidenceValue(item)))
        }
        return Section(
            finding: finding, resolved: resolved,
            heading: "[\(tag)] \(finding.rule.rawValue) \(finding.subject.description)",
            summary: summary(finding),
            zombieTitle: isZombie ? say("mail.zombie.heading", ["title": say("\(finding.rule.rawValue).title")]) : nil,
            zombieVerdict: isZombie
                ? say("mail.zombie.verdict", ["verdict": say("verdict.\(Verdict(severity: finding.severity).rawValue)")]) : nil,
            rows: rows, evidence: evidence, firstFrame: firstFrame)
    }

    func intro(_ notification: AlertNotification) -> String {
        if notification.firing.isEmpty {
            return say("mail.intro.resolved", ["count": "\(notification.resolved.count)"])
        }
        switch notification.kind {
        case .initial: return say("mail.intro.initial", ["count": "\(notification.firing.count)"])
        case .repeat: return say("mail.intro.repeat", ["count": "\(notification.firing.count)"])
        case .update:
            return say("mail.intro.update", ["firing": "\(notification.firing.count)", "resolved": "\(notification.resolved.count)"])
        }
    }

    /// Report and findings links, when the agent's address is known: what the agent serves
    /// (`/report`, `/api/v1/findings`).
    func links() -> [(label: String, url: String)] {
        guard var base = externalURL, !base.isEmpty else { return [] }
        while base.hasSuffix("/") { base.removeLast() }
        return [(say("mail.link.report"), base + "/report"), (say("mail.link.findings"), base + "/api/v1/findings")]
    }

    // MARK: Wording helpers

    func say(_ key: String, _ arguments: [String: String] = [:]) -> String {
        Phrasebook.render(key, arguments, in: language)
    }

    func severityTag(_ severity: Severity) -> String {
        say("mail.severity.\(severity.rawValue)")
    }

    func summary(_ finding: Finding) -> String {
        let rendered = Phrasebook.render(finding.message, in: language)
        return rendered == finding.message.key ? finding.summary : rendered
    }

    func memberText(_ finding: Finding) -> String? {
        let name = finding.labels["member_name"]
        guard let asn = finding.memberASN else { return name }
        if let name, !name.isEmpty { return "\(name) (AS\(asn))" }
        return "AS\(asn)"
    }

    func evidenceLabel(_ name: String) -> String {
        if let label = Phrasebook.table(language)["evidence.\(name)"] ?? Phrasebook.table(.english)["evidence.\(name)"] { return label }
        let spaced = name.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    func evidenceValue(_ item: EvidenceItem) -> String {
        var text: String
        switch item.value {
        case .number(let value): text = NumberWording.format(value, item.unit, in: language)
        case .text(let value): text = value
        case .list(let values):
            text = values.prefix(20).joined(separator: ", ")
            if values.count > 20 { text += " " + say("mail.more", ["count": "\(values.count - 20)"]) }
        }
        if let window = item.window {
            text += " (" + say("mail.label.window", ["from": dateTime(window.from), "to": dateTime(window.to)]) + ")"
        }
        return text
    }

    /// `2026-11-27 16:43 UTC`.
    func dateTime(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let whole = Int64(seconds.rounded(.down))
        let days = Int64((Double(whole) / 86_400).rounded(.down))
        let secondOfDay = whole - days * 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return NumberWording.isoDate(seconds) + " " + two(secondOfDay / 3600) + ":" + two(secondOfDay % 3600 / 60) + " UTC"
    }
}
