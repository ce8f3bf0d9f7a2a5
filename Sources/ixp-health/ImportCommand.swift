import ArgumentParser

/// `ixp-health import`: not written yet.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Not written yet.")

    func run() async throws {
        throw ExitCode(1)
    }
}
