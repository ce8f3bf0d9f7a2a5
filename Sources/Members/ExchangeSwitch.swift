/// A switch of the exchange, from IX-F `ixp_list[].switch`.
public struct ExchangeSwitch: Sendable, Equatable, Codable {
    /// The exchange's ID for the switch (what connections' `switch_id` refers to).
    public var id: Int
    /// The switch's name, when given.
    public var name: String?
    /// The colocation facility it stands in, when given.
    public var colo: String?
    /// The city it stands in, when given.
    public var city: String?

    /// A switch.
    public init(id: Int, name: String? = nil, colo: String? = nil, city: String? = nil) {
        self.id = id
        self.name = name
        self.colo = colo
        self.city = city
    }
}
