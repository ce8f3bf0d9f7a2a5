public import Detection
import Presentation

extension DashboardRenderer {
    /// The template rows of ports.
    func portItems(_ ports: [PortRow], language: Language) -> [[String: Any]] {
        let format = ValueFormatter(language: language)
        let words = t(language)
        var items: [[String: Any]] = []
        items.reserveCapacity(ports.count)
        for port in ports {
            let utilisation = port.utilisation ?? .nan
            let meter = utilisation.isFinite ? min(100, max(0, utilisation * 100)) : 0
            var item: [String: Any] = [
                "switchName": port.switchName, "interface": port.interface,
                "member": port.memberASN.map { asn in port.memberName.map { "\($0) (AS\(asn))" } ?? "AS\(asn)" } ?? "–",
                "speed": format.bitsPerSecond(port.speedBitsPerSecond ?? .nan),
                "status": port.up == nil ? (words["unknown"] ?? "") : (port.up == true ? (words["up"] ?? "") : (words["down"] ?? "")),
                "statusClass": port.up == nil ? "unknown" : (port.up == true ? "up" : "down"),
                "inNow": format.bitsPerSecond(port.currentInBitsPerSecond ?? .nan),
                "outNow": format.bitsPerSecond(port.currentOutBitsPerSecond ?? .nan),
                "p95": format.bitsPerSecond(port.monthlyP95BitsPerSecond ?? .nan),
                "utilisation": format.percent(utilisation), "meter": SVGText.coordinate(meter),
                "meterClass": utilisation >= 0.8 ? "hot" : (utilisation >= 0.6 ? "warm" : ""),
                "usage": port.usage.rawValue, "usageLabel": words["usage_\(port.usage.rawValue)"] ?? port.usage.rawValue,
            ]
            if let asn = port.memberASN { item["memberHref"] = Self.memberLink(asn, language: language) }
            items.append(item)
        }
        return items
    }

    /// `/ports`: counts by class and the utilisation distribution over every port, and one
    /// page (`page`, clamped to the last) of the ports, or of one class (`usage`), in the
    /// source's order (switch, interface), with their monthly 95th percentiles.
    public func portsPage(usage: PortRow.Usage?, page listPage: ListPage = ListPage(), language: Language) -> String {
        let view = source.ports()
        let format = ValueFormatter(language: language)
        let words = t(language)
        let shown = usage.map { usage in view.ports.filter { $0.usage == usage } } ?? view.ports
        let classes: [PortRow.Usage] = [.normal, .idle, .outgrown, .down, .unknown]
        var filters: [[String: Any]] = [[
            "label": words["all"] ?? "all", "count": format.count(view.ports.count),
            "href": Self.link("/ports", language: language), "current": usage == nil,
        ]]
        for item in classes {
            filters.append(["label": words["usage_\(item.rawValue)"] ?? item.rawValue, "count": format.count(view.count(item)),
                            "href": Self.link("/ports", [("usage", item.rawValue)], language: language), "current": usage == item])
        }
        let up = view.ports.reduce(0) { $1.up == true ? $0 + 1 : $0 }
        let tiles: [[String: Any]] = [
            ["label": words["ports"] ?? "", "value": format.count(view.ports.count)],
            ["label": words["up"] ?? "", "value": format.count(up)],
            ["label": words["usage_idle"] ?? "", "value": format.count(view.count(.idle))],
            ["label": words["usage_outgrown"] ?? "", "value": format.count(view.count(.outgrown))],
        ]
        // Ten buckets of 10 % each; 100 % and above go into the last.
        var buckets = Array(repeating: 0, count: 10)
        for port in view.ports {
            guard let utilisation = port.utilisation, utilisation.isFinite else { continue }
            buckets[min(9, max(0, Int(utilisation * 10)))] += 1
        }
        let bars = buckets.enumerated().map { index, count in
            SVGBarChart.Bar(label: "\(index * 10)–\(index * 10 + 10) %", value: Double(count), text: format.count(count),
                            style: index >= 8 ? "bad" : (index >= 6 ? "warn" : "s1"))
        }
        let current = listPage.clamped(total: shown.count)
        var parameters: [(String, String)] = []
        if let usage { parameters.append(("usage", usage.rawValue)) }
        let context: [String: Any] = [
            "month": view.month, "tiles": tiles, "filters": filters,
            "portRows": portItems(current.slice(shown), language: language),
            "pager": pager(current, total: shown.count, key: "page", path: "/ports", parameters: parameters, language: language),
            "distribution": SVGBarChart(title: words["utilisation_distribution"] ?? "", bars: bars).render(),
        ]
        if current.number > 1 { parameters.append(("page", String(current.number))) }
        return page(.ports, template: "ports", context: context, title: words["nav_ports"] ?? "", language: language,
                    path: "/ports", parameters: parameters, json: "/api/v1/ports")
    }
}
