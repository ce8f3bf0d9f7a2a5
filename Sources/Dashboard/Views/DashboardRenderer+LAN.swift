public import Detection
import Presentation

extension DashboardRenderer {
    /// `/lan`: traffic classes per minute, offenders with their decoded example frame, ARP/ND
    /// and BGP on the peering LAN.
    public func lanPage(language: Language) -> String {
        let view = source.lan(language: language)
        let format = ValueFormatter(language: language)
        let words = t(language)
        let styles = ["s1", "s2", "s3", "s4", "s5", "s6"]
        // The chart draws the six busiest classes; the table lists them all.
        let ranked = view.classes.sorted { ($0.series.latest ?? 0) > ($1.series.latest ?? 0) }
        let drawn = Array(ranked.prefix(6))
        let lines = drawn.enumerated().map { index, item in
            SVGLineChart.Line(name: item.name, series: item.series, style: styles[index % styles.count])
        }
        var context: [String: Any] = [
            "captureRunning": view.captureRunning,
            "received": format.count(view.receivedFrames ?? .nan), "dropped": format.count(view.droppedFrames ?? .nan),
            "offenderCount": format.count(view.offenders.count),
            "withoutRSCount": format.count(view.membersWithoutRouteServerSession.count),
            "classChart": SVGLineChart(title: words["classes"] ?? "", lines: lines, unit: .perMinute, language: language).render(),
            "legend": lines.map { ["name": $0.name, "style": $0.style] },
            "classes": ranked.map { item -> [String: Any] in
                ["name": item.name, "forbidden": item.forbidden, "now": format.plain(item.series.latest ?? .nan),
                 "spark": SVGSparkline.render(item.series)]
            },
            "hasOffenders": !view.offenders.isEmpty,
            "offenders": view.offenders.map { offender -> [String: Any] in
                var item: [String: Any] = [
                    "rule": offender.rule, "severity": offender.severity, "mac": offender.mac,
                    "member": offender.memberASN.map { "AS\($0)" } ?? "–", "frames": format.count(offender.frames),
                    "example": offender.example ?? "",
                ]
                if let asn = offender.memberASN { item["memberHref"] = Self.memberLink(asn, language: language) }
                return item
            },
            "arpChart": SVGLineChart(
                title: words["arp_nd"] ?? "",
                lines: [.init(name: words["arp"] ?? "", series: view.arpFrames, style: "s1"),
                        .init(name: words["nd"] ?? "", series: view.ndFrames, style: "s2")],
                unit: .perMinute, language: language, height: 260, width: 620).render(),
            "bgpChart": SVGLineChart(title: words["bgp"] ?? "", lines: [.init(name: words["bgp"] ?? "", series: view.routeServerSessions)],
                                     unit: .count, language: language, height: 260, width: 620).render(),
            "hasWithoutRS": !view.membersWithoutRouteServerSession.isEmpty,
            "withoutRS": view.membersWithoutRouteServerSession.map { ["asn": String($0), "href": Self.memberLink($0, language: language)] },
        ]
        context["captureRunning"] = view.captureRunning
        return page(.lan, template: "lan", context: context, title: words["nav_lan"] ?? "", language: language, path: "/lan",
                    json: "/api/v1/lan")
    }
}
