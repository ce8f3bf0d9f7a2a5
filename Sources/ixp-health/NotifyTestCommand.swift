import Agent
import Alerting
import ArgumentParser
import Foundation
import IXPCore

/// `ixp-health notify-test`: sends one test message through the configured SMTP path and
/// prints every step of the session with the server's reply.
struct NotifyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify-test",
        abstract: "Send a test alert mail through the configured SMTP server, showing each SMTP step.",
        discussion: """
            The message goes to every receiver's addresses, or only to --to. Each step (connect, \
            EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA) is printed with the server's reply; passwords \
            are never shown.

            Exit status: 0 the server accepted the message for every recipient; 1 it refused it, \
            or the connection, TLS or login failed; 2 bad configuration or arguments.
            """)

    @Option(help: "The agent's configuration file (its alerting: section is used).")
    var config: String

    @Option(help: "Send to this address instead of the receivers' (repeatable).")
    var to: [String] = []

    func run() async throws {
        let configuration: AgentConfiguration
        do {
            configuration = try AgentConfiguration.load(path: config)
        } catch {
            exitBadInput(error.description)
        }
        guard let alerting = configuration.alerting else { exitBadInput("\(config): there is no alerting: section") }
        var recipients: [MailAddress] = []
        if to.isEmpty {
            for receiver in alerting.receivers {
                for address in receiver.to where !recipients.contains(where: { $0.address == address.address }) {
                    recipients.append(address)
                }
            }
        } else {
            for address in to {
                guard address.split(separator: "@", omittingEmptySubsequences: false).count == 2,
                      !address.contains(where: { $0 == " " || $0 == "<" || $0 == ">" }) else {
                    exitBadInput("--to: '\(address)' is not an e-mail address")
                }
                recipients.append(MailAddress(address))
            }
        }
        guard !recipients.isEmpty else { exitBadInput("no recipient: give --to ADDRESS or configure receivers") }

        let smtp = alerting.smtp
        print("Sending a test message from \(alerting.from.address) to \(recipients.map(\.address).joined(separator: ", "))")
        print("via \(smtp.host):\(smtp.port), tls: \(smtp.security.rawValue)"
              + (smtp.username.map { ", user \($0)" } ?? "") + (smtp.verifyCertificate ? "" : ", certificate NOT verified"))
        let renderer = AlertMailRenderer(configuration: alerting)
        let message = renderer.testMessage(to: recipients, now: Date().timeIntervalSince1970, host: alerting.messageIDHost)
        let envelope = OutboxMessage(message, groupKey: "notify-test").envelope
        let report = await SMTPClient(configuration: smtp).send(envelope)
        for step in report.transcript.steps {
            print("  " + step.description.replacingOccurrences(of: "\r\n", with: " | ").replacingOccurrences(of: "\n", with: " | "))
        }
        switch report.outcome {
        case .success(let acceptance):
            if acceptance.refused.isEmpty {
                print("Delivered: the server accepted the message (Message-ID <\(message.messageID)>).")
                return
            }
            for refused in acceptance.refused {
                print("Refused for \(refused.address): \(refused.reply)")
            }
            print("Delivered to \(acceptance.accepted.joined(separator: ", ")) only.")
            throw ExitCode(1)
        case .failure(let error):
            FileHandle.standardError.write(Data("ixp-health: not delivered: \(error.description)\n".utf8))
            print("Not delivered: \(error.description)")
            throw ExitCode(1)
        }
    }
}
