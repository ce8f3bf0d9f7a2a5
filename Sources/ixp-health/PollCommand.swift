import ArgumentParser

/// `ixp-health poll`: not written yet.
struct PollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "poll", abstract: "Not written yet.")

    func run() async throws {
        throw ExitCode(1)
    }
}
