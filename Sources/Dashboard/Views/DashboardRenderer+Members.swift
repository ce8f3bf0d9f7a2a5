public import Detection
import Presentation

extension DashboardRenderer {
    /// How the members table can be sorted.
    public enum MemberSort: String, Sendable, CaseIterable {
        /// By AS number.
        case asn
        /// By name.
        case name
        /// By ports.
        case ports
        /// By capacity.
        case capacity
        /// By 95th percentile of traffic.
        case p95
        /// By share of traffic.
        case share
        /// By active findings.
        case findings

        /// The order a first click on the column gives.
        var defaultDescending: Bool { self != .asn && self != .name }
    }

    /// Sorts member rows; unknown values last either way, ties by AS number.
    static func sorted(_ rows: [MemberRow], by sort: MemberSort, descending: Bool) -> [MemberRow] {
        func key(_ row: MemberRow) -> Double? {
            switch sort {
            case .asn: return Double(row.asn)
            case .name: return nil
            case .ports: return Double(row.ports)
            case .capacity: return row.capacityBitsPerSecond
            case .p95: return row.trafficP95BitsPerSecond
            case .share: return row.trafficShare
            case .findings: return Double(row.activeFindings)
            }
        }
        return rows.sorted { a, b in
            if sort == .name {
                let left = a.name.lowercased(), right = b.name.lowercased()
                if left != right { return descending ? left > right : left < right }
                return a.asn < b.asn
            }
            switch (key(a), key(b)) {
            case let (left?, right?) where left != right: return descending ? left > right : left < right
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.asn < b.asn
            }
        }
    }

    /// `/members`: one page (`page`, clamped to the last; 100 rows) of every member, sorted by
    /// a column on the server (`?sort=p95&order=desc&page=2`). The pager's links keep the sort;
    /// a column's link starts again at page 1.
    public func membersPage(sort: MemberSort, descending: Bool, page listPage: ListPage = ListPage(),
                            language: Language) -> String {
        let all = Self.sorted(source.membersForPaging(language: language), by: sort, descending: descending)
        let current = listPage.clamped(total: all.count)
        var rows = current.slice(all)
        let sparklines = source.memberSparklines(rows.map(\.asn))
        for index in rows.indices { if let line = sparklines[rows[index].asn] { rows[index].sparkline = line } }
        let format = ValueFormatter(language: language)
        let words = t(language)
        let columns: [(String, MemberSort?, Bool)] = [
            ("asn", .asn, true), ("name", .name, false), ("ports", .ports, true), ("capacity", .capacity, true),
            ("p95_30d", .p95, true), ("share", .share, true), ("rs", nil, false), ("findings", .findings, true),
            ("last_7_days", nil, false),
        ]
        let header = columns.map { column -> [String: Any] in
            var item: [String: Any] = ["label": words[column.0] ?? column.0, "numeric": column.2]
            if let key = column.1 {
                let next = key == sort ? !descending : key.defaultDescending
                item["href"] = Self.link("/members", [("sort", key.rawValue), ("order", next ? "desc" : "asc")], language: language)
                item["sorted"] = key == sort
                item["arrow"] = key == sort ? (descending ? " ▼" : " ▲") : ""
            }
            return item
        }
        var items: [[String: Any]] = []
        items.reserveCapacity(rows.count)
        for row in rows {
            let (rsClass, rs) = Self.routeServerBadge(row.routeServerSession, words)
            items.append([
                "href": Self.memberLink(row.asn, language: language), "asn": String(row.asn), "name": row.name,
                "ports": String(row.ports), "portsUp": row.portsUp.map { format.count($0) } ?? ValueFormatter.unknown,
                "capacity": format.bitsPerSecond(row.capacityBitsPerSecond ?? .nan),
                "p95": format.bitsPerSecond(row.trafficP95BitsPerSecond ?? .nan),
                "share": format.percent(row.trafficShare ?? .nan), "rs": rs, "rsClass": rsClass,
                "findings": row.activeFindings, "spark": SVGSparkline.render(row.sparkline),
            ])
        }
        var parameters = [("sort", sort.rawValue), ("order", descending ? "desc" : "asc")]
        let context: [String: Any] = [
            "columns": header, "rows": items, "count": format.count(all.count),
            "pager": pager(current, total: all.count, key: "page", path: "/members", parameters: parameters, language: language),
        ]
        if current.number > 1 { parameters.append(("page", String(current.number))) }
        return page(.members, template: "members", context: context, title: words["nav_members"] ?? "", language: language,
                    path: "/members", parameters: parameters, json: "/api/v1/members")
    }

    static func routeServerBadge(_ session: Bool?, _ words: [String: String]) -> (String, String) {
        switch session {
        case true?: return ("ok", words["yes"] ?? "yes")
        case false?: return ("warning", words["no"] ?? "no")
        case nil: return ("unknown", words["unknown"] ?? "unknown")
        }
    }

    /// `/members/{asn}`: one member's ports, traffic, errors, addresses, sessions and findings;
    /// nil when there is no such member.
    public func memberPage(asn: UInt32, language: Language) -> String? {
        guard let detail = source.member(asn: asn, language: language) else { return nil }
        let format = ValueFormatter(language: language)
        let words = t(language)
        let row = detail.summary
        let (rsClass, rs) = Self.routeServerBadge(row.routeServerSession, words)
        var context: [String: Any] = [
            "name": row.name, "asn": String(row.asn), "ports": String(row.ports), "portsUp": row.portsUp.map { format.count($0) } ?? ValueFormatter.unknown,
            "capacity": format.bitsPerSecond(row.capacityBitsPerSecond ?? .nan),
            "p95": format.bitsPerSecond(row.trafficP95BitsPerSecond ?? .nan), "share": format.percent(row.trafficShare ?? .nan),
            "rs": rs, "rsClass": rsClass, "memberSince": detail.memberSince.map(format.date) ?? ValueFormatter.unknown,
        ]
        context["trafficChart"] = SVGLineChart(
            title: words["traffic"] ?? "",
            lines: [.init(name: words["traffic_in"] ?? "in", series: detail.trafficIn, style: "s1"),
                    .init(name: words["traffic_out"] ?? "out", series: detail.trafficOut, style: "s2")],
            unit: .bitsPerSecond, language: language, height: 260, width: 620).render()
        context["errorChart"] = SVGLineChart(
            title: words["errors"] ?? "", lines: [.init(name: words["errors"] ?? "", series: detail.errors, style: "bad")],
            unit: .perSecond, language: language, height: 260, width: 620).render()
        context["portRows"] = portItems(detail.ports, language: language)
        func addresses(_ list: [AddressSeen]) -> [[String: Any]] {
            list.map { ["address": $0.address, "registered": $0.registered ? (words["yes"] ?? "") : (words["no"] ?? ""),
                        "seen": $0.framesPerMinute.map(format.plain) ?? ValueFormatter.unknown] }
        }
        context["macs"] = addresses(detail.macs)
        context["addresses"] = addresses(detail.addresses)
        context["sessions"] = detail.routeServerSessions.map { session -> [String: Any] in
            let (stateClass, state): (String, String) = switch session.established {
            case true?: ("ok", words["established"] ?? "")
            case false?: ("warning", words["not_established"] ?? "")
            case nil: ("unknown", words["unknown"] ?? "")
            }
            return ["routeServer": session.routeServer, "state": state, "stateClass": stateClass, "detail": session.detail]
        }
        context["peers"] = detail.topPeers.map { peer -> [String: Any] in
            ["asn": String(peer.asn), "href": Self.memberLink(peer.asn, language: language), "name": peer.name,
             "sent": format.bitsPerSecond(peer.sentBitsPerSecond),
             "received": format.bitsPerSecond(peer.receivedBitsPerSecond)]
        }
        context["hasPeers"] = !detail.topPeers.isEmpty
        let findings = findingItems(detail.findings, language: language)
        context["items"] = findings
        context["hasFindings"] = !findings.isEmpty
        return page(.members, template: "member", context: context, title: "AS\(row.asn) \(row.name)", language: language,
                    path: "/members/\(asn)", json: "/api/v1/members/\(asn)")
    }
}
