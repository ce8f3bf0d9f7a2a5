import ProcessTestSupport
import Foundation

/// The `ixp-health` executable that `swift build` put next to the test bundle.
enum IXPHealthBinary {
    /// Its path.
    static var path: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("ixp-health")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        }
        return here.appendingPathComponent("ixp-health").path
    }

    /// Runs it to completion, blocking the thread (for synchronous code).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> CommandResult {
        try Subprocess.run(path, arguments, environment: environment, timeout: timeout)
    }

    /// Runs it to completion without holding a thread of the cooperative pool while it runs
    /// (see the async `Subprocess.run`).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) async throws -> CommandResult {
        try await Subprocess.run(path, arguments, environment: environment, timeout: timeout)
    }
}
