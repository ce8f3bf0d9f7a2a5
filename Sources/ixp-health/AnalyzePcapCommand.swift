import ArgumentParser

/// `ixp-health analyze-pcap`: not written yet.
struct AnalyzePcapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze-pcap", abstract: "Not written yet.")

    func run() async throws {
        throw ExitCode(1)
    }
}
