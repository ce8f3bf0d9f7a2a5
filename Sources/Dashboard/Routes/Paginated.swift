/// A page of a long list, as every list of the JSON API answers:
/// `{"items": […], "page": {"total", "offset", "limit", "next_offset"}}`.
public struct Paginated<Item: Codable & Sendable>: Codable, Sendable {
    /// Where a page sits in the whole list.
    public struct Page: Codable, Sendable, Hashable {
        /// Items in the whole list.
        public var total: Int
        /// Index of the first item of this page.
        public var offset: Int
        /// Most items per page.
        public var limit: Int
        /// The `offset` of the next page; absent on the last page.
        public var next_offset: Int?
    }

    /// The items.
    public var items: [Item]
    /// Where they sit.
    public var page: Page

    /// The page of `all` from `offset`, at most `limit` long.
    public init(_ all: [Item], limit: Int, offset: Int) {
        let start = min(offset, all.count)
        let end = min(all.count, start + limit)
        items = Array(all[start..<end])
        page = Page(total: all.count, offset: offset, limit: limit, next_offset: end < all.count ? end : nil)
    }

    /// The default page size.
    public static var defaultLimit: Int { 100 }
    /// The largest page size.
    public static var maximumLimit: Int { 5_000 }
}

/// The ports list with its billing month.
struct PortsPage: Codable, Sendable {
    var month: String
    var items: [PortRow]
    var page: Paginated<PortRow>.Page
}
