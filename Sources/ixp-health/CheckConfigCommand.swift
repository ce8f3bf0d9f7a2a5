import ArgumentParser

/// `ixp-health check-config`: not written yet.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Not written yet.")

    func run() async throws {
        throw ExitCode(1)
    }
}
