public import Hummingbird

/// `?limit=N&offset=M` of a paginated list endpoint: at most `limit` items from position
/// `offset` of a list in a stable order. The response says `total` and `next_offset` (absent
/// on the last page).
public struct PageRequest: Sendable, Hashable {
    /// Items per page.
    public var limit: Int
    /// Position of the first item.
    public var offset: Int

    /// The page a request asks for; `limit` defaults to `defaultLimit` and may not exceed
    /// `maximumLimit`. Throws a 400 `HTTPError` for values that are not whole numbers in range.
    public init(_ request: Request, defaultLimit: Int = 1000, maximumLimit: Int = 10_000) throws {
        let parameters = request.uri.queryParameters
        func number(_ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = parameters.get(key) else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw HTTPError(.badRequest, message: "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return number
        }
        limit = try number("limit", default: defaultLimit, range: 1...maximumLimit)
        offset = try number("offset", default: 0, range: 0...Int(Int32.max))
    }

    /// A page by hand (tests).
    public init(limit: Int, offset: Int) {
        self.limit = limit
        self.offset = offset
    }

    /// The items of this page of `items`, and the page description.
    public func slice<Item>(_ items: [Item]) -> (items: [Item], page: PageInfo) {
        let start = min(offset, items.count)
        let end = min(start + limit, items.count)
        return (Array(items[start..<end]),
                PageInfo(total: items.count, offset: offset, limit: limit, next_offset: end < items.count ? end : nil))
    }
}

/// Where a page sits in its list.
public struct PageInfo: Codable, Sendable, Hashable {
    /// Items in the whole list.
    public var total: Int
    /// Position of the page's first item.
    public var offset: Int
    /// The page size asked for.
    public var limit: Int
    /// The `offset` of the next page; absent on the last page.
    public var next_offset: Int?

    /// A page's place.
    public init(total: Int, offset: Int, limit: Int, next_offset: Int?) {
        self.total = total
        self.offset = offset
        self.limit = limit
        self.next_offset = next_offset
    }
}
