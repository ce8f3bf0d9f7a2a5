/// A page of a long list, as the JSON API answers: `{"total", "limit", "offset", "items"}`.
public struct Paginated<Item: Codable & Sendable>: Codable, Sendable {
    /// Items in the whole list.
    public var total: Int
    /// Most items per page.
    public var limit: Int
    /// Index of the first item of this page.
    public var offset: Int
    /// The items.
    public var items: [Item]

    /// The page of `all` from `offset`, at most `limit` long.
    public init(_ all: [Item], limit: Int, offset: Int) {
        total = all.count
        self.limit = limit
        self.offset = offset
        let start = min(offset, all.count)
        items = Array(all[start..<min(all.count, start + limit)])
    }

    /// The default page size.
    public static var defaultLimit: Int { 100 }
    /// The largest page size.
    public static var maximumLimit: Int { 5_000 }
}

/// The ports list with its billing month.
struct PortsPage: Codable, Sendable {
    var month: String
    var total: Int
    var limit: Int
    var offset: Int
    var items: [PortRow]
}
