import ArgumentParser
import Foundation

/// The `ixp-health` command line: a thin layer over the `Agent` module.
///
/// Exit codes (docs/architecture.md): 0 success; 1 the job ran and found something wrong (where a
/// command's help says so); 2 bad input — configuration, arguments or an unreadable file.
@main
struct IXPHealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ixp-health",
        abstract: "Watches an Internet exchange point's switches and peering LAN and says when it is unhealthy.",
        subcommands: [
            RunCommand.self,
            CheckConfigCommand.self,
            PollCommand.self,
            AnalyzePcapCommand.self,
            ImportCommand.self,
            ReportCommand.self,
            NotifyTestCommand.self,
            SilenceCommand.self,
            AckCommand.self,
            HashPasswordCommand.self,
        ]
    )

    /// Parses the arguments and runs the command, mapping every argument error to exit code 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)
            }
            if code == .validationFailure {
                // ArgumentParser's own usage errors are "bad input": exit 2, not 64.
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Exit with the message of a bad-input error on stderr and code 2.
func exitBadInput(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("ixp-health: " + message + "\n").utf8))
    Foundation.exit(2)
}
