import Agent
import Alerting
import Detection
import Foundation
import ProbeKit
import Testing
import IXPCore

@Suite("Configuration: alerting")
struct AlertingConfigurationParsingTests {
    static let full = """
        language: fr
        alerting:
          external_url: http://ixp-health.example.net:9470/
          smtp: {host: smtp.example.net, port: 587, tls: starttls, from: "IXP Health <ixp-health@example.net>",
                 user: ixp-health, password_env: SMTP_PASSWORD, verify_certificate: true, helo_name: agent1.example.net}
          group_wait: 30s
          group_interval: 5m
          repeat_interval: 4h
          send_resolved: false
          retry: {initial_delay: 10s, max_delay: 5m, max_age: 1d}
          receivers:
            - {name: noc, to: [noc@example.net]}
            - {name: as64500, to: peering@member.example}
          routes:
            - {receiver: noc, continue: true, group_by: [rule]}
            - receiver: as64500
              match: {severity: warning, rule: [member_down, port_down], subject: "AS64500*", member_asn: AS64500}
              group_wait: 1m
              repeat_interval: 1d
          silences:
            - {matchers: {rule: port_down, subject: "sw1 *"}, expires: 2030-01-01, comment: maintenance}
            - {matchers: {member_asn: "64501"}, duration: 2h}
        """

    @Test func everyKeyIsRead() throws {
        let configuration = try AgentConfiguration.parse(Self.full, file: "a.yaml", environment: ["SMTP_PASSWORD": "pw"])
        let alerting = try #require(configuration.alerting)
        #expect(alerting.externalURL == "http://ixp-health.example.net:9470")
        #expect(alerting.smtp.host == "smtp.example.net" && alerting.smtp.port == 587 && alerting.smtp.security == .startTLS)
        #expect(alerting.smtp.username == "ixp-health" && alerting.smtp.password == "pw")
        #expect(alerting.smtp.heloName == "agent1.example.net")
        #expect(alerting.from == MailAddress("ixp-health@example.net", displayName: "IXP Health"))
        #expect(alerting.messageIDHost == "example.net")
        #expect(alerting.language == .french)
        #expect(alerting.timing == NotificationTiming(groupWait: 30, groupInterval: 300, repeatInterval: 14_400, sendResolved: false))
        #expect(alerting.retry == RetryPolicy(initialDelay: 10, maximumDelay: 300, maximumAge: 86_400))
        #expect(alerting.receivers.map(\.name) == ["noc", "as64500"])
        #expect(alerting.receivers[1].to == [MailAddress("peering@member.example")])
        #expect(alerting.routes.count == 2)
        #expect(alerting.routes[0].continue && alerting.routes[0].groupBy == ["rule"])
        let member = alerting.routes[1]
        #expect(member.match.severity == .warning && member.match.memberASN == 64500 && member.match.subject == "AS64500*")
        #expect(member.match.rules.map(\.rawValue) == ["member_down", "port_down"])
        #expect(member.groupWait == 60 && member.repeatInterval == 86_400 && member.groupInterval == nil)
        #expect(alerting.silences.count == 2)
        #expect(alerting.silences[0].matchers.contains(SilenceMatcher(name: "subject", value: "sw1 *")))
        #expect(alerting.silences[0].matchers.first { $0.name == "subject" }?.isGlob == true)
        #expect(alerting.silences[1].endsAt - alerting.silences[1].startsAt == 7_200)
    }

    @Test func passwordFromFileAndDefaults() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString).pass")
        try "from-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let text = """
            alerting:
              smtp: {host: mail.example.net, tls: implicit, from: a@example.net, user: u, password_file: \(file.path)}
              receivers: [{name: noc, to: [noc@example.net]}]
            """
        let alerting = try #require(try AgentConfiguration.parse(text, file: "a.yaml").alerting)
        #expect(alerting.smtp.password == "from-file")
        #expect(alerting.smtp.port == 465)
        #expect(alerting.routes == [Route(receiver: "noc")], "one receiver, no routes: everything goes to it")
        #expect(alerting.timing == NotificationTiming())
    }

    func error(_ text: String, environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try AgentConfiguration.parse(text, file: "a.yaml", environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func badInputIsRefusedWithItsPlace() throws {
        let unknown = try #require(error("""
            alerting:
              smtp: {host: h, from: a@example.net}
              receivers: [{name: noc, to: [noc@example.net]}]
              group_wiat: 1s
            """))
        #expect(unknown.line == 4 && unknown.column == 3 && unknown.message.contains("unknown key 'group_wiat'"), "\(unknown)")

        let plain = try #require(error("""
            alerting:
              smtp: {host: h, from: a@example.net, user: u, password: secret}
              receivers: [{name: noc, to: [noc@example.net]}]
            """))
        #expect(plain.line == 2 && plain.message.contains("password_env"), "\(plain)")

        let unset = try #require(error("""
            alerting:
              smtp: {host: h, from: a@example.net, user: u, password_env: NOPE}
              receivers: [{name: noc, to: [noc@example.net]}]
            """))
        #expect(unset.message.contains("NOPE is not set"), "\(unset)")

        let tls = try #require(error("""
            alerting:
              smtp: {host: h, from: a@example.net, tls: sometimes}
              receivers: [{name: noc, to: [noc@example.net]}]
            """))
        #expect(tls.message.contains("starttls, implicit, none"), "\(tls)")

        // validate() errors point at the key they name.
        let route = try #require(error("""
            alerting:
              smtp: {host: h, from: a@example.net}
              receivers: [{name: noc, to: [noc@example.net]}]
              routes:
                - {receiver: noc}
                - {receiver: nobody}
            """))
        #expect(route.line == 6 && route.message.contains("'nobody' is not defined"), "\(route)")

        let from = try #require(error("""
            alerting:
              smtp:
                host: h
                from: not-an-address
              receivers: [{name: noc, to: [noc@example.net]}]
            """))
        #expect(from.line == 4 && from.message.contains("alerting.smtp.from"), "\(from)")

        let plaintextPassword = try #require(error("""
            alerting:
              smtp: {host: smtp.example.net, tls: none, from: a@example.net, user: u, password_env: P}
              receivers: [{name: noc, to: [noc@example.net]}]
            """, environment: ["P": "x"]))
        #expect(plaintextPassword.line == 2 && plaintextPassword.message.contains("plaintext"), "\(plaintextPassword)")

        let rule = try #require(error("""
            alerting:
              smtp: {host: h, from: a@example.net}
              receivers: [{name: noc, to: [noc@example.net]}]
              routes: [{receiver: noc, match: {rule: no_such_rule}}]
            """))
        #expect(rule.message.contains("unknown rule 'no_such_rule'"), "\(rule)")

        let silence = try #require(error("""
            alerting:
              smtp: {host: h, from: a@example.net}
              receivers: [{name: noc, to: [noc@example.net]}]
              silences: [{matchers: {rule: port_down}}]
            """))
        #expect(silence.message.contains("expires") && silence.line == 4, "\(silence)")
    }
}
