import Synchronization

/// Which plugin (exec command or textfile directory) exports which metric family. Two
/// plugins exporting the same family would put the same series twice into `/metrics`, which
/// makes Prometheus refuse the whole scrape; the first owner keeps the name, the second run
/// fails with an error naming the owner.
public final class PluginFamilyClaims: Sendable {
    private let owners = Mutex([String: String]())

    /// The claims the agent's exec and textfile probes share.
    public static let shared = PluginFamilyClaims()

    /// An empty set of claims (tests use their own).
    public init() {}

    /// Claims `names` for `owner`, releasing the names it held before and no longer exports.
    /// Returns the names that another owner holds (and that `owner` therefore did not get),
    /// each with its owner.
    public func claim(_ names: Set<String>, for owner: String) -> [(name: String, owner: String)] {
        owners.withLock { owners in
            var taken: [(name: String, owner: String)] = []
            for (name, holder) in owners where holder == owner && !names.contains(name) { owners[name] = nil }
            for name in names.sorted() {
                if let holder = owners[name], holder != owner {
                    taken.append((name, holder))
                } else {
                    owners[name] = owner
                }
            }
            return taken
        }
    }

    /// Releases every name `owner` holds (its run failed; its metrics are withdrawn).
    public func release(_ owner: String) {
        owners.withLock { owners in
            for (name, holder) in owners where holder == owner { owners[name] = nil }
        }
    }
}
