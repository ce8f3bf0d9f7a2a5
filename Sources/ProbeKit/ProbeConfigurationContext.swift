/// What a probe kind may use while it parses its configuration.
public struct ProbeConfigurationContext: Sendable {
    /// The configuration file, as the operator named it (for errors).
    public var file: String
    /// The process environment, for secrets named by `*_env` keys.
    public var environment: [String: String]

    /// Creates a context.
    public init(file: String, environment: [String: String] = [:]) {
        self.file = file
        self.environment = environment
    }
}
