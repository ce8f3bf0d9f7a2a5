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
    /// The software it runs (IX-F `software`, e.g. `EOS 4.28.3M`), when given.
    public var software: String?
    /// Its model (IX-F `model`), when given.
    public var model: String?

    /// A switch.
    public init(id: Int, name: String? = nil, colo: String? = nil, city: String? = nil, software: String? = nil,
                model: String? = nil) {
        self.id = id
        self.name = name
        self.colo = colo
        self.city = city
        self.software = software
        self.model = model
    }
}
