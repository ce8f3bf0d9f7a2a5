import Detection
import Presentation

extension DashboardRenderer {
    /// The template context of a pager over `total` rows showing `page` (already clamped):
    /// "101–200 of 1,771" and links to the first, previous and next pages. The links keep
    /// `parameters` (filters, the other list's page) and name the page as `key`; page 1 is
    /// the link without `key` unless `explicitFirst`.
    func pager(_ page: ListPage, total: Int, key: String, path: String, parameters: [(String, String)] = [],
               fragment: String = "", explicitFirst: Bool = false, language: Language) -> [String: Any] {
        let format = ValueFormatter(language: language)
        let words = t(language)
        let rows = page.range(total: total)
        let pages = page.pageCount(total: total)
        func href(_ number: Int) -> String {
            let kept = parameters.filter { $0.0 != key }
            return Self.link(path, number > 1 || explicitFirst ? kept + [(key, String(number))] : kept, language: language) + fragment
        }
        var context: [String: Any] = [
            "range": rows.isEmpty
                ? "0 \(words["pager_of"] ?? "of") 0"
                : "\(format.count(rows.lowerBound + 1))–\(format.count(rows.upperBound)) \(words["pager_of"] ?? "of") \(format.count(total))",
            "several": pages > 1,
        ]
        if page.number > 2 { context["first"] = href(1) }
        if page.number > 1 { context["previous"] = href(page.number - 1) }
        if page.number < pages { context["next"] = href(page.number + 1) }
        return context
    }
}
