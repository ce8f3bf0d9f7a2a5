public import Detection
import Presentation

extension DashboardRenderer {
    /// `/findings`: one page of the active findings (most severe first) with their evidence,
    /// one page of the resolved ones folded away below them (`resolvedPage`, open when the
    /// request paged them), and the silences. Pages past the end show the last page.
    public func findingsPage(language: Language, activePage: ListPage = ListPage(), resolvedPage: ListPage? = nil) -> String {
        let view = source.findings(language: language, activePage: activePage, resolvedPage: resolvedPage ?? ListPage())
        let format = ValueFormatter(language: language)
        let words = t(language)
        let active = activePage.clamped(total: view.activeTotal)
        let resolved = (resolvedPage ?? ListPage()).clamped(total: view.resolvedTotal)
        var parameters: [(String, String)] = []
        if active.number > 1 { parameters.append(("page", String(active.number))) }
        if resolvedPage != nil { parameters.append(("resolved_page", String(resolved.number))) }
        var context: [String: Any] = [
            "activeCount": format.count(view.activeTotal), "resolvedCount": format.count(view.resolvedTotal),
            "hasSilences": !view.silences.isEmpty,
            "silences": view.silences.map { silence -> [String: Any] in
                ["state": silence.active ? (words["silenced"] ?? "") : "expired", "stateClass": silence.active ? "warning" : "resolved",
                 "matchers": silence.matchers, "startsAt": format.dateTime(silence.startsAt), "endsAt": format.dateTime(silence.endsAt),
                 "createdBy": silence.createdBy, "comment": silence.comment]
            },
        ]
        if !view.active.isEmpty {
            context["active"] = ["items": findingItems(view.active, language: language),
                                 "pager": pager(active, total: view.activeTotal, key: "page", path: "/findings", parameters: parameters,
                                                fragment: "#active", language: language)]
        }
        if !view.resolved.isEmpty {
            context["resolved"] = ["items": findingItems(view.resolved, language: language), "open": resolvedPage != nil,
                                   "pager": pager(resolved, total: view.resolvedTotal, key: "resolved_page", path: "/findings",
                                                  parameters: parameters, fragment: "#resolved", explicitFirst: true,
                                                  language: language)]
        }
        return page(.findings, template: "findings", context: context, title: words["nav_findings"] ?? "", language: language,
                    path: "/findings", parameters: parameters, json: "/api/v1/findings")
    }

    /// `/agent`: the probes' last runs and poll durations, the store and the outbox.
    public func agentPage(language: Language) -> String {
        let view = source.agent()
        let format = ValueFormatter(language: language)
        let words = t(language)
        let styles = ["s1", "s2", "s3", "s4", "s5", "s6"]
        let lines = view.pollDurations.prefix(6).enumerated().map { index, item in
            SVGLineChart.Line(name: item.name, series: item.series, style: styles[index % styles.count])
        }
        var context: [String: Any] = [
            "version": view.version,
            "probes": view.probes.map { probe -> [String: Any] in
                let (statusClass, status): (String, String) = switch probe.lastSuccess {
                case true?: ("ok", words["ok"] ?? "ok")
                case false?: ("critical", words["failing"] ?? "failing")
                case nil: ("unknown", words["never"] ?? "")
                }
                return ["kind": probe.kind, "name": probe.name, "status": status, "statusClass": statusClass,
                        "duration": ChartUnit.seconds.format(probe.lastDurationSeconds, format),
                        "lastSuccess": probe.lastSuccessAt.map(format.dateTime) ?? ValueFormatter.unknown,
                        "runs": format.count(probe.runs), "failures": format.count(probe.failures), "lastError": probe.lastError ?? ""]
            },
            "durationChart": view.pollDurations.isEmpty
                ? SVGBarChart(title: words["poll_durations"] ?? "", bars: view.probes.map { probe in
                    SVGBarChart.Bar(label: probe.name, value: probe.lastDurationSeconds,
                                    text: ChartUnit.seconds.format(probe.lastDurationSeconds, format),
                                    style: probe.lastSuccess == false ? "bad" : "s1")
                }).render()
                : SVGLineChart(title: words["poll_durations"] ?? "", lines: Array(lines), unit: .seconds,
                               language: language, height: 220).render(),
            "legend": lines.map { ["name": $0.name, "style": $0.style] },
        ]
        let store = view.store
        context["store"] = [
            ["name": words["series"] ?? "", "value": "\(format.count(store.series)) / \(format.count(store.maxSeries))"],
            ["name": words["memory"] ?? "", "value": format.plain(Double(store.bytesAllocated) / 1_048_576) + " MiB"],
            ["name": words["samples"] ?? "", "value": "\(format.count(Double(store.samplesAccepted))) (\(format.count(Double(store.samplesRefused))) \(words["refused"] ?? ""))"],
            ["name": words["checkpoints"] ?? "", "value": "\(format.count(Double(store.checkpoints))) (\(format.count(Double(store.checkpointFailures))) \(words["failed"] ?? "")), \(ChartUnit.seconds.format(store.lastCheckpointSeconds, format))"],
            ["name": words["directory"] ?? "", "value": store.directory ?? (words["memory_only"] ?? "")],
        ]
        if let outbox = view.outbox {
            context["hasOutbox"] = true
            context["outbox"] = [
                ["name": words["sent"] ?? "", "value": format.count(outbox.sent)],
                ["name": words["waiting"] ?? "", "value": format.count(outbox.waiting)],
                ["name": words["oldest"] ?? "", "value": outbox.waiting > 0 ? format.duration(outbox.oldestAgeSeconds) : ValueFormatter.unknown],
                ["name": words["failed"] ?? "", "value": format.count(outbox.failed)],
            ]
        }
        return page(.agent, template: "agent", context: context, title: words["nav_agent"] ?? "", language: language,
                    path: "/agent", json: "/api/v1/status")
    }

    /// `/public`: aggregate figures only, without the navigation (the other pages may be private).
    public func publicPage(language: Language) -> String {
        let view = source.publicStatistics()
        let format = ValueFormatter(language: language)
        let words = t(language)
        var context: [String: Any] = [
            "name": view.name, "members": view.members.map { format.count($0) } ?? ValueFormatter.unknown,
            "current": format.bitsPerSecond(view.currentBitsPerSecond ?? .nan),
            "peak": format.bitsPerSecond(view.peakLastDayBitsPerSecond ?? .nan),
            "chart": SVGLineChart(title: words["public_daily_peaks"] ?? "",
                                  lines: [.init(name: words["traffic"] ?? "", series: view.dailyPeaks)],
                                  unit: .bitsPerSecond, trend: false, language: language).render(),
        ]
        if let share = view.ipv6Share { context["ipv6"] = format.percent(share) }
        return page(nil, template: "public", context: context, title: words["public_title"] ?? "", language: language,
                    path: "/public", json: "/public.json", navigation: false)
    }
}
