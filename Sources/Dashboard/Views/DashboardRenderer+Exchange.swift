public import Detection
import Foundation
import IXPCore
import Presentation

extension DashboardRenderer {
    /// `/`: verdicts per zombie symptom, the exchange's figures, aggregate traffic over the
    /// four ranges (`range` shown first, the others a click away), and the active findings.
    public func exchangePage(range: TrafficRange, language: Language) -> String {
        let view = source.exchange(language: language)
        let format = ValueFormatter(language: language)
        let words = t(language)
        var context: [String: Any] = [
            "name": view.name,
            "members": view.members.map(format.count) ?? ValueFormatter.unknown,
            "membersNote": view.members == nil ? (words["members_unknown"] ?? "")
                : "\(view.activeMembers.map(format.count) ?? ValueFormatter.unknown) \(words["active_members"] ?? "")",
            "portsValue": view.portsUp.map { "\(format.count($0)) / \(format.count(view.ports))" } ?? ValueFormatter.unknown,
            "portsNote": view.portsUp == nil ? (words[view.ports == 0 ? "ports_unmapped" : "ports_unknown"] ?? "") : (words["ports_up"] ?? ""),
            "current": format.bitsPerSecond(view.currentBitsPerSecond ?? .nan),
            "capacity": format.bitsPerSecond(view.capacityBitsPerSecond ?? .nan),
            "peak": format.bitsPerSecond(view.peakLastDayBitsPerSecond ?? .nan),
            "evaluatedAt": view.evaluatedAt.map(format.dateTime) ?? (words["never"] ?? ""),
        ]
        if view.hasUnmappedSwitches {
            context["unmapped"] = ["polled": (words["unmapped_polled"] ?? "")
                .replacingOccurrences(of: "{switches}", with: format.count(view.polledSwitches))
                .replacingOccurrences(of: "{ports}", with: format.count(view.polledPorts))]
        }
        context["symptoms"] = view.symptoms.map { symptom -> [String: Any] in
            ["verdict": symptom.verdict.rawValue, "verdictLabel": ReportLocalizer(language: language).verdict(symptom.verdict),
             "title": symptom.title, "summary": symptom.summary]
        }
        context["ranges"] = TrafficRange.allCases.map { item -> [String: Any] in
            ["range": item.rawValue, "label": words["range_\(item.rawValue)"] ?? item.rawValue,
             "href": Self.link("/", [("range", item.rawValue)], language: language), "pressed": item == range ? "true" : "false"]
        }
        context["charts"] = TrafficRange.allCases.map { item -> [String: Any] in
            let history = source.traffic(item)
            let caption = (words[history.ofUnmappedPorts ? "traffic_polled" : "traffic"] ?? "")
                + (item.showsDailyPeaks ? " (\(words["daily_peaks"] ?? ""))" : "")
            let chart = SVGLineChart(title: caption, lines: [.init(name: words["traffic"] ?? "", series: history.series)],
                                     unit: .bitsPerSecond, trend: true, language: language)
            var trend = ValueFormatter.unknown
            if let fit = ChartTrend(history.series), let change = fit.changePerYear {
                trend = format.percent(change, signed: true) + " " + (words["per_year"] ?? "")
            }
            return ["range": item.rawValue, "visible": item == range, "svg": chart.render(), "caption": caption, "trend": trend]
        }
        // The most severe first, at most `shownFindings` of them: the findings page has them all.
        let findings = findingItems(Array(view.activeFindings.prefix(Self.shownFindings)), language: language)
        context["items"] = findings
        context["hasFindings"] = !findings.isEmpty
        if view.activeFindings.count > Self.shownFindings {
            context["moreFindings"] = ["href": Self.link("/findings", language: language),
                                       "text": "\(words["all_findings"] ?? "") (\(format.count(view.activeFindings.count)))"]
        }
        return page(.exchange, template: "exchange", context: context, title: words["nav_exchange"] ?? "", language: language,
                    path: "/", parameters: [("range", range.rawValue)], json: "/api/v1/report")
    }

    /// Active findings listed on the exchange page.
    static let shownFindings = 25

    /// The template rows of findings.
    func findingItems(_ findings: [FindingView], language: Language) -> [[String: Any]] {
        let localizer = ReportLocalizer(language: language)
        let format = ValueFormatter(language: language)
        let words = t(language)
        return findings.map { finding in
            var item: [String: Any] = [
                "anchor": Self.anchor(finding.id), "severity": finding.severity.rawValue,
                "severityLabel": localizer.severity(finding.severity), "state": finding.state.rawValue,
                "stateLabel": localizer.state(finding.state), "title": finding.title, "subject": finding.subject,
                "summary": finding.summary, "since": format.dateTime(finding.firstSeen),
                "evidence": finding.evidence.map { ["name": $0.name, "value": $0.value] }, "hasEvidence": !finding.evidence.isEmpty,
            ]
            if let asn = finding.memberASN { item["memberHref"] = Self.memberLink(asn, language: language) }
            if let resolved = finding.resolvedAt { item["resolvedAt"] = format.dateTime(resolved) }
            if let silence = finding.silencedBy { item["silencedBy"] = silence }
            if let inhibitor = finding.inhibitedBy { item["inhibitedBy"] = inhibitor }
            if let fingerprint = finding.fingerprint, finding.state != .resolved {
                item["fingerprint"] = fingerprint
                if let acknowledgement = finding.acknowledgement {
                    let until = acknowledgement.expiresAt.map { "\(words["ack_until"] ?? "") \(format.dateTime($0))" }
                    item["acknowledged"] = ["by": acknowledgement.by, "comment": acknowledgement.comment,
                                            "at": format.dateTime(acknowledgement.at),
                                            "until": until ?? (words["ack_until_resolved"] ?? "")]
                } else {
                    item["canAcknowledge"] = true
                }
            }
            return item
        }
    }

    /// An HTML id from a finding id: letters and digits kept, the rest `-`.
    static func anchor(_ id: String) -> String {
        String(id.unicodeScalars.map { scalar -> Character in
            (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) ? Character(scalar) : "-"
        })
    }
}
