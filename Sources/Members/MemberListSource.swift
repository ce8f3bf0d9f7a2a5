public import Foundation

/// Where the member list (or PeeringDB data) comes from: a file path, a `file://` URL, or an
/// `http://` / `https://` URL, read with a time limit and a size limit.
///
/// The agent loads it at start and every `refresh`; when a load fails, it keeps the registry
/// it has (or ``MembershipStore/latestRegistry()`` after a restart) and raises a finding with
/// the error's message, so the registry is never emptied by a bad or unreachable list.
public struct MemberListSource: Sendable, Equatable {
    /// The default size limit: 32 MiB.
    public static let defaultMaxBytes = 32 << 20

    /// The path or URL, as configured.
    public var location: String
    /// How long a fetch may take in all (connect, request, body).
    public var timeout: Duration
    /// The largest body or file accepted, in bytes.
    public var maxBytes: Int
    /// A PEM file of certificate authorities to trust for `https` (in place of the system's),
    /// for an exchange whose server has a private CA; nil uses the system's trust store.
    public var trustedCAFile: String?

    /// A source at `location`.
    public init(
        location: String, timeout: Duration = .seconds(30), maxBytes: Int = MemberListSource.defaultMaxBytes,
        trustedCAFile: String? = nil
    ) {
        self.location = location
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.trustedCAFile = trustedCAFile
    }

    /// True when the location is an `http://` or `https://` URL.
    public var isRemote: Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The bytes at the location.
    public func loadData() async throws(MemberListError) -> Data {
        if isRemote { return try await fetchHTTP() }
        var path = location
        if location.lowercased().hasPrefix("file://") {
            guard let url = URL(string: location), url.isFileURL else {
                throw MemberListError("\(location): not a valid file URL", reason: .badLocation)
            }
            path = url.path
        } else if location.contains("://") {
            throw MemberListError(
                "\(location): only file paths and http:// or https:// URLs are supported", reason: .badLocation)
        }
        return try readFile(path)
    }

    /// Loads and parses the IX-F member list; returns the registry and the raw bytes (to archive).
    public func load() async throws(MemberListError) -> LoadedMemberList {
        let data = try await loadData()
        return LoadedMemberList(registry: try IXFMemberListParser.parse(data, source: location), data: data, source: location)
    }

    /// Loads and parses PeeringDB data about the exchange (see ``PeeringDBParser``).
    public func loadPeeringDB() async throws(MemberListError) -> PeeringDBExchange {
        try PeeringDBParser.parse(try await loadData(), source: location)
    }

    private func readFile(_ path: String) throws(MemberListError) -> Data {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw MemberListError("\(path): cannot read: \(error.localizedDescription)", reason: .unreadable)
        }
        defer { try? handle.close() }
        do {
            // Read one byte past the limit to tell "exactly at the limit" from "over it".
            let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            guard data.count <= maxBytes else {
                throw MemberListError("\(path): larger than the limit of \(maxBytes) bytes", reason: .tooLarge)
            }
            return data
        } catch let error as MemberListError {
            throw error
        } catch {
            throw MemberListError("\(path): cannot read: \(error.localizedDescription)", reason: .unreadable)
        }
    }
}

/// A member list as loaded: the parsed registry and the bytes it came from.
public struct LoadedMemberList: Sendable {
    /// The parsed registry.
    public var registry: MemberRegistry
    /// The raw bytes, e.g. to archive them.
    public var data: Data
    /// The path or URL it came from.
    public var source: String

    /// A loaded list.
    public init(registry: MemberRegistry, data: Data, source: String) {
        self.registry = registry
        self.data = data
        self.source = source
    }
}
