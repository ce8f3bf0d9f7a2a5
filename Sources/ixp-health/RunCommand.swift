import ArgumentParser

/// `ixp-health run`: not written yet.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Not written yet.")

    func run() async throws {
        throw ExitCode(1)
    }
}
