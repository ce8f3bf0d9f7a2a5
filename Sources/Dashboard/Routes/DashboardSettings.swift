/// The `web:` section of the configuration: what the dashboard serves beyond its pages.
public struct DashboardSettings: Sendable, Hashable {
    /// Whether `/public` and `/public.json` (aggregate statistics, no member detail) are served.
    /// Off by default.
    public var publicPage: Bool

    /// Settings.
    public init(publicPage: Bool = false) {
        self.publicPage = publicPage
    }
}
