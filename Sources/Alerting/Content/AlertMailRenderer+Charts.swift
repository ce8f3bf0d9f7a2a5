import Detection

extension AlertMailRenderer {
    /// A chart picked for a mail: the series, its picture as an inline image.
    struct AttachedChart {
        var series: ChartSeries
        var image: InlineImage
    }

    /// The charts the mail for `notification` shows, by finding id: for the detailed findings
    /// in the order the mail lists them (firing, then resolved), those with a drawable series
    /// in `charts`, at most ``maximumCharts``. A series that cannot be drawn is left out.
    func attachedCharts(_ notification: AlertNotification, _ charts: [String: ChartSeries]) -> [String: AttachedChart] {
        guard !charts.isEmpty, maximumCharts > 0 else { return [:] }
        var attached: [String: AttachedChart] = [:]
        let listed = notification.firing.prefix(maximumDetailed) + notification.resolved.prefix(maximumDetailed)
        for finding in listed where attached.count < maximumCharts && attached[finding.id] == nil {
            guard let series = charts[finding.id], series.isDrawable,
                  let png = try? MailChart().png(series) else { continue }
            let number = attached.count + 1
            attached[finding.id] = AttachedChart(
                series: series,
                image: InlineImage(contentID: "chart\(number).\(notification.messageID)", filename: "chart-\(number).png", data: png))
        }
        return attached
    }

    /// The numbers the chart shows, in words: `min …, max …, last …; <from> to <to>`.
    func chartNumbers(_ series: ChartSeries) -> String {
        func value(_ number: Double?) -> String {
            number.map { NumberWording.format($0, series.unit, in: language) } ?? "?"
        }
        return say("mail.chart.numbers", [
            "min": value(series.minimum), "max": value(series.maximum), "last": value(series.last),
            "from": dateTime(series.times.first ?? .nan), "to": dateTime(series.times.last ?? .nan),
        ])
    }
}
