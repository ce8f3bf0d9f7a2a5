import Foundation
import ProcessTestSupport

/// Small shell scripts the exec tests run as plugins, in a scratch folder of their own.
struct PluginScripts {
    let folder: URL

    init() throws {
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes an executable `/bin/sh` script `name` with `body` and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try ExecutableFile.write("#!/bin/sh\n\(body)\n", to: url.path)
        return url.path
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Whether process `pid` is gone (or a zombie waiting to be reaped by init), waiting up to
    /// `seconds` for it to go: SIGKILL is asynchronous.
    static func isGone(_ pid: Int32, within seconds: Double = 5) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }
}
