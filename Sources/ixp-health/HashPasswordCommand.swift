import Agent
import ArgumentParser
import Foundation
import HTTPListener

/// `ixp-health hash-password`: the bcrypt hash of a password for `http.auth` users.
struct HashPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Print the bcrypt hash of a password read from standard input, for http.auth users.",
        discussion: """
            On a terminal the password is asked twice without echo; otherwise standard input is the \
            password (one trailing line break is dropped), e.g. printf '%s' "$PASSWORD" | ixp-health hash-password.
            Put the hash in password_hash: of http.auth.*.basic.users, or, with --user, the printed \
            name:hash line in a users_file. Exit status: 0 printed; 2 empty password or bad arguments.
            """)

    @Option(help: "bcrypt cost, 2^cost rounds (\(PasswordHash.costs.lowerBound)…\(PasswordHash.costs.upperBound)).")
    var cost: Int = PasswordHash.defaultCost

    @Option(help: "Print a users_file line, NAME:HASH.")
    var user: String?

    func validate() throws {
        guard PasswordHash.costs.contains(cost) else {
            throw ValidationError("--cost must be from \(PasswordHash.costs.lowerBound) to \(PasswordHash.costs.upperBound)")
        }
        if let user, user.isEmpty || user.contains(":") || user.contains(where: \.isWhitespace) {
            throw ValidationError("--user must be a name without ':' or spaces")
        }
    }

    func run() throws {
        let password: String
        if isatty(STDIN_FILENO) != 0 {
            let first = readSilently(prompt: "Password: ")
            let second = readSilently(prompt: "Again: ")
            guard first == second else { exitBadInput("the two passwords differ") }
            password = first ?? ""
        } else {
            var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if text.hasSuffix("\r\n") {
                text.removeLast(2)
            } else if text.hasSuffix("\n") {
                text.removeLast()
            }
            password = text
        }
        guard !password.isEmpty else { exitBadInput("the password is empty") }
        if password.utf8.count > 72 {
            FileHandle.standardError.write(Data("ixp-health: note: bcrypt uses only the first 72 bytes of a password\n".utf8))
        }
        let hash = PasswordHash.make(password, cost: cost)
        print(user.map { "\($0):\(hash)" } ?? hash)
    }

    /// A line from the terminal with echo off; the prompt goes to standard error.
    private func readSilently(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveTerminal {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if haveTerminal { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
