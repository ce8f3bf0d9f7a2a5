import Foundation

/// Reads the secrets of a configuration file — SNMP communities and passwords, the SMTP
/// password, bearer tokens — given inline (`name`), from an environment variable (`name_env`)
/// or from a file (`name_file`).
///
/// A secret never appears in an error: errors name the key, the variable or the file, at the
/// key's place in the configuration file (`file:line:column`). Nothing here logs.
public struct SecretResolver: Sendable {
    /// The environment that `*_env` keys name variables of (the agent's own, read once at
    /// start; tests give theirs).
    public var environment: [String: String]

    /// A resolver reading variables from `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The secret `name` of `keys` (a mapping's entries): the value of `name` itself when
    /// `allowsInline`, the variable that `name_env` names, or the content of the file that
    /// `name_file` names with its trailing `\n` and `\r` characters removed. (A Windows `\r\n`
    /// ending is not removed: `\r\n` is one `Character`, equal to neither.) Nil when none of
    /// these keys is given.
    ///
    /// - Parameters:
    ///   - allowsInline: Whether `name` itself may hold the secret. When false, only `name_env`
    ///     and `name_file` are looked at; a caller that refuses a plain secret checks `name`
    ///     first, with its own message.
    ///   - fileDescription: What errors call the file: `cannot read the secret file …`.
    /// - Throws: `ConfigurationError` at the first of the keys given, in the order `name`,
    ///   `name_env`, `name_file`: when more than one is given, when its value is not a single
    ///   value, when the variable is not set, or when the file cannot be read.
    public func secret(_ name: String, in keys: [String: YAMLConfigNode], allowsInline: Bool = true,
                       fileDescription: String = "secret file") throws(ConfigurationError) -> String? {
        let candidates = (allowsInline ? [name] : []) + [name + "_env", name + "_file"]
        let given = candidates.filter { keys[$0] != nil }
        guard let which = given.first, let node = keys[which] else { return nil }
        guard given.count == 1 else {
            throw node.error("give only one of \(given.joined(separator: ", "))")
        }
        let value = try node.string()
        if which == name { return value }
        if which.hasSuffix("_env") {
            guard let secret = environment[value] else {
                throw node.error("the environment variable \(value) is not set")
            }
            return secret
        }
        do {
            var secret = try String(contentsOfFile: value, encoding: .utf8)
            while secret.hasSuffix("\n") || secret.hasSuffix("\r") { secret.removeLast() }
            return secret
        } catch {
            throw node.error("cannot read the \(fileDescription) \(value): \(error.localizedDescription)")
        }
    }
}
