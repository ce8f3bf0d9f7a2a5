/// The probe kinds an agent knows, in one list: the configuration keys they own, and the
/// settings they parse from a configuration file.
public import IXPCore
public struct ProbeKindRegistry: Sendable {
    /// The kinds, in the order they are parsed and run.
    public let kinds: [any ProbeKind]

    /// A registry of `kinds`. Their names and configuration keys must be distinct (checked by
    /// `conflicts`, which the agent's tests assert is empty).
    public init(_ kinds: [any ProbeKind]) {
        self.kinds = kinds
    }

    /// Every top-level configuration key some kind owns.
    public var configurationKeys: Set<String> {
        kinds.reduce(into: Set<String>()) { $0.formUnion($1.configurationKeys) }
    }

    /// Names and keys claimed by more than one kind, or keys in `reserved` (the agent's own);
    /// empty for a sound registry.
    public func conflicts(reserved: Set<String> = []) -> [String] {
        var problems: [String] = []
        var names = Set<String>()
        var owners: [String: String] = [:]
        for kind in kinds {
            if !names.insert(kind.name).inserted { problems.append("two kinds are named '\(kind.name)'") }
            for key in kind.configurationKeys.sorted() {
                if reserved.contains(key) { problems.append("kind '\(kind.name)' uses the agent's key '\(key)'") }
                if let owner = owners[key] { problems.append("kinds '\(owner)' and '\(kind.name)' both use '\(key)'") }
                owners[key] = kind.name
            }
        }
        return problems
    }

    /// The settings of every kind whose keys appear in `top` (a configuration file's top-level
    /// mapping), in the registry's order. Kinds with none of their keys in the file are left out.
    public func settings(from top: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> [any ProbeSettings]
    {
        var result: [any ProbeSettings] = []
        for kind in kinds {
            let sections = top.filter { kind.configurationKeys.contains($0.key) }
            guard !sections.isEmpty else { continue }
            result.append(try kind.settings(from: sections, context: context))
        }
        return result
    }
}
