/// Which page of a long list a dashboard page shows: pages are numbered from 1 and hold `size`
/// rows each. Links carry it as `?page=N`; anything that is not a whole number from 1 up reads
/// as page 1, and a number past the end shows the last page.
public struct ListPage: Sendable, Hashable {
    /// The page's number, from 1.
    public var number: Int
    /// Rows per page.
    public var size: Int

    /// Rows per page of the findings and ports pages.
    public static let defaultSize = 100

    /// Page `number` (1 or more) of `size` rows (1 or more); smaller values are raised to 1.
    public init(number: Int = 1, size: Int = ListPage.defaultSize) {
        self.number = max(1, number)
        self.size = max(1, size)
    }

    /// The page a query value names, leniently: nil, empty, not a number or below 1 is page 1.
    public init(query text: String?, size: Int = ListPage.defaultSize) {
        let number = text.flatMap { Int($0) } ?? 1
        self.init(number: number, size: size)
    }

    /// How many pages `total` rows fill (1 for an empty list).
    public func pageCount(total: Int) -> Int { max(1, (max(0, total) + size - 1) / size) }

    /// This page moved back to the last page when it lies past the end of `total` rows.
    public func clamped(total: Int) -> ListPage {
        ListPage(number: min(number, pageCount(total: total)), size: size)
    }

    /// The rows of `total` this page shows, after clamping.
    public func range(total: Int) -> Range<Int> {
        let page = clamped(total: total)
        let start = min(max(0, total), (page.number - 1) * size)
        return start..<min(max(0, total), start + size)
    }

    /// This page's rows of `items`, after clamping.
    public func slice<Item>(_ items: [Item]) -> [Item] { Array(items[range(total: items.count)]) }
}
