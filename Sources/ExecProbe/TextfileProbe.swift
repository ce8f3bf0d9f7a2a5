import Foundation
public import ProbeKit
import TimeSeries

#if canImport(Glibc)
import Glibc
public import IXPCore
#endif

/// Reads the `*.prom` files of a directory at each collection and exports their metrics as
/// they are, like node_exporter's textfile collector, plus `ixp_textfile_mtime_seconds{file}`
/// for every file and `ixp_textfile_scrape_error` (1 when some file could not be used).
///
/// A file that cannot be read or parsed, exports an `ixp_` name, or repeats a series of an
/// earlier file (in name order) is left out whole and logged; the others are still exported.
/// An unreadable directory fails the run (`ixp_probe_success{kind="textfile"}` 0).
public struct TextfileProbe: Probe {
    /// The directory and limits.
    public let settings: TextfileSettings
    private let claims: PluginFamilyClaims

    /// A probe of `settings.directory`; `claims` is shared by every plugin of the agent.
    public init(settings: TextfileSettings, claims: PluginFamilyClaims = .shared) {
        self.settings = settings
        self.claims = claims
    }

    public var identity: ProbeIdentity { ProbeIdentity(kind: TextfileSettings.kindName, name: settings.directory) }

    public var interval: Double { settings.interval }

    public func collect(at time: Double) async throws -> ProbeOutput {
        let owner = identity.description
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: settings.directory)
                .filter { $0.hasSuffix(".prom") && !$0.hasPrefix(".") }.sorted()
        } catch {
            claims.release(owner)
            throw ProbeError("cannot list the textfile directory \(settings.directory): \((error as NSError).localizedDescription)")
        }
        var families: [MetricFamily] = []
        var index: [String: Int] = [:]
        var series = Set<String>()
        var warnings: [String] = []
        var mtimes = MetricFamily(name: "ixp_textfile_mtime_seconds", help: "When each *.prom file of the textfile directory was last modified (Unix time).", kind: .gauge)
        for name in names {
            let path = settings.directory.hasSuffix("/") ? settings.directory + name : settings.directory + "/" + name
            do {
                let (bytes, mtime) = try Self.read(path, maxBytes: settings.maxBytes)
                mtimes.samples.append(MetricSample(labels: [(name: "file", value: name)], value: mtime))
                let scrape: [ExpositionTextParser.Family]
                do {
                    scrape = try ExpositionTextParser.parse(bytes, source: path)
                } catch {
                    throw ProbeError("\(path):\(error.line):\(error.column): \(error.message)")
                }
                let fileFamilies = try PluginMetrics.families(scrape, source: path, defaultHelp: "From the textfile \(name).")
                // Check the whole file before taking any of it.
                var fileSeries = Set<String>()
                for family in fileFamilies {
                    if let at = index[family.name], families[at].kind != family.kind {
                        throw ProbeError("\(path): \(family.name) is a \(family.kind.rawValue) here but a \(families[at].kind.rawValue) in an earlier file")
                    }
                    for sample in family.samples {
                        let key = family.name + "{" + sample.labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",") + "}"
                        guard !series.contains(key), fileSeries.insert(key).inserted else {
                            throw ProbeError("\(path): \(key) is already exported by an earlier file")
                        }
                    }
                }
                series.formUnion(fileSeries)
                for family in fileFamilies {
                    if let at = index[family.name] {
                        families[at].samples += family.samples
                    } else {
                        index[family.name] = families.count
                        families.append(family)
                    }
                }
            } catch {
                warnings.append("textfile \(error)")
            }
        }
        let taken = claims.claim(Set(families.map(\.name)), for: owner)
        if !taken.isEmpty {
            let refused = Set(taken.map(\.name))
            for claim in taken {
                warnings.append("textfile: \(claim.name) is already exported by \(claim.owner); left out")
            }
            families.removeAll { refused.contains($0.name) }
        }
        let error = MetricFamily(
            name: "ixp_textfile_scrape_error", help: "1 if some *.prom file of the textfile directory could not be used, else 0.",
            kind: .gauge, samples: [MetricSample(labels: [], value: warnings.isEmpty ? 0 : 1)])
        return ProbeOutput(metrics: families + [mtimes, error], warnings: warnings)
    }

    /// A regular file's bytes (at most `maxBytes`) and modification time. Opened without
    /// blocking, so that a FIFO named `*.prom` cannot hang the probe.
    static func read(_ path: String, maxBytes: Int) throws(ProbeError) -> ([UInt8], Double) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ProbeError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ProbeError("cannot stat \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ProbeError("\(path) is not a regular file") }
        guard info.st_size <= maxBytes else {
            throw ProbeError("\(path) is \(info.st_size) bytes, more than max_bytes (\(maxBytes))")
        }
        let mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count <= maxBytes {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ProbeError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard bytes.count <= maxBytes else { throw ProbeError("\(path) grew past max_bytes (\(maxBytes)) while being read") }
        return (bytes, mtime)
    }
}
