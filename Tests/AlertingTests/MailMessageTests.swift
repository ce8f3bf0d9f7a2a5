@testable import Alerting
@testable import Detection

import ProcessTestSupport
import Foundation
import Testing

/// The composer and the renderer, read back by Python's `email` package after a real SMTP
/// delivery.
@Suite("Mail composition")
struct MailMessageTests {
    @Test("SHA-256 in hex matches the standard test vectors")
    func sha256() {
        #expect(MailEncoding.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MailEncoding.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(MailEncoding.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("RFC 5322 dates")
    func dates() {
        #expect(MailEncoding.rfc5322Date(0) == "Thu, 1 Jan 1970 00:00:00 +0000")
        #expect(MailEncoding.rfc5322Date(1_795_790_621) == "Fri, 27 Nov 2026 14:43:41 +0000")
    }

    @Test("quoted-printable: lines at most 76 characters, trailing space and '=' encoded")
    func quotedPrintable() {
        let encoded = MailEncoding.quotedPrintable(String(repeating: "é", count: 60) + " = x \n.dot")
        for line in encoded.components(separatedBy: "\r\n") { #expect(line.count <= 76) }
        #expect(encoded.contains("=3D"))
        #expect(encoded.contains("x=20"))
        #expect(encoded.contains("\r\n=2Edot"))
    }

    @Test("Message-IDs are deterministic per group, thread and sequence")
    func messageIDs() {
        let a = MailMessage.messageID(groupKey: "route0:noc{}", threadStart: 100, sequence: 0, host: "example.net")
        #expect(a == MailMessage.messageID(groupKey: "route0:noc{}", threadStart: 100, sequence: 0, host: "example.net"))
        #expect(a != MailMessage.messageID(groupKey: "route0:noc{}", threadStart: 100, sequence: 1, host: "example.net"))
        #expect(a != MailMessage.messageID(groupKey: "route0:noc{}", threadStart: 200, sequence: 0, host: "example.net"))
        #expect(a.hasSuffix("@example.net"))
    }

    @Test("a rendered alert read back by Python's email package: headers, encoded words, both parts, threading, inline chart")
    func readBack() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        let configuration = TestFindings.configuration(port: server.port)
        let renderer = AlertMailRenderer(configuration: configuration)
        var pipeline = NotificationPipeline(configuration: configuration)
        let start = 1_790_000_000.0
        pipeline.ingest(findings: [TestFindings.memberDown(since: start)], now: start)
        let first = pipeline.tick(now: start + 30).notifications
        pipeline.ingest(findings: [TestFindings.memberDown(since: start), TestFindings.lanViolation(since: start + 100)], now: start + 400)
        let second = pipeline.tick(now: start + 400).notifications
        #expect(first.count == 1)
        #expect(second.count == 1)
        let client = SMTPClient(configuration: configuration.smtp)
        // The second mail draws the LAN violation's series (a storm, with a gap).
        var times: [Double] = []
        var values: [Double] = []
        for minute in 0..<360 {
            times.append(start - 21_600 + 400 + Double(minute) * 60)
            values.append(minute < 300 ? 0 : (minute < 320 ? Double.nan : Double(minute - 300) * 3))
        }
        let storm = ChartSeries(title: "Peering-LAN violations per minute (no_stp)", times: times, values: values,
                                unit: .count, highlightFrom: start + 100)
        let charts = [TestFindings.lanViolation(since: start + 100).id: storm]
        var sentImages: [[UInt8]] = []
        for notification in first + second {
            let message = renderer.message(for: notification, charts: charts)
            sentImages += message.images.map(\.data)
            let report = await client.send(SMTPEnvelope(sender: message.from.address, recipients: message.to.map(\.address),
                                                        message: message.encoded()))
            #expect(report.error == nil)
        }
        let mails = try server.messages()
        try #require(mails.count == 2)
        let (a, b) = (mails[0], mails[1])
        let aTypes: [String] = a.parts.map(\.content_type)
        let bTypes: [String] = b.parts.map(\.content_type)
        #expect(aTypes == ["multipart/alternative", "text/plain", "text/html"])
        #expect(bTypes == ["multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png"])
        let image = try #require(b.parts.last)
        #expect(sentImages.count == 1)
        #expect(image.data == sentImages.first)
        #expect(image.disposition == "inline")
        #expect(image.data.map { Array($0.prefix(8)) } == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        for mail in mails {
            #expect(mail.defects.isEmpty)
            #expect(mail.parts.allSatisfy { $0.defects.isEmpty })
            #expect(mail.longest_line <= 998)
            #expect(mail.from_display_name == "IXP Health — Dakar")
            #expect(mail.parts.filter { $0.content_type.hasPrefix("text/") }
                .allSatisfy { $0.charset == "utf-8" && $0.transfer_encoding == "quoted-printable" })
            #expect(mail.headers["Auto-Submitted"] == "auto-generated")
        }
        #expect(a.subject == "[CRITICAL] member_down AS64500 — Every port of Sénégal Télécom (AS64500) is down: sw1 Ethernet7, sw2 Ethernet7.")
        #expect(a.raw_subject.contains("=?UTF-8?B?"))
        #expect(b.subject == "[ixp-health] 2 firing, 0 resolved: lan_violation MAC 02:00:00:00:00:01, member_down AS64500")
        #expect(a.date_epoch == start + 30)
        #expect(a.message_id == "<\(first[0].messageID)>")
        #expect(a.in_reply_to.isEmpty)
        #expect(b.in_reply_to == a.message_id)
        #expect(b.references == [a.message_id])

        let text = try #require(b.content("text/plain"))
        #expect(text.contains("Every port of Sénégal Télécom (AS64500) is down: sw1 Ethernet7, sw2 Ethernet7."))
        #expect(text.contains("Sénégal Télécom (AS64500)"))
        #expect(text.contains("Switch:"))
        #expect(text.contains("2.5 Gbit/s"))
        #expect(text.contains("STP BPDU"))
        #expect(text.contains("First frame"))
        #expect(text.contains("http://ixp-health.example.net:9470/report"))
        #expect(text.contains("2026-09-21") || text.contains("UTC"))
        let html = try #require(b.content("text/html"))
        #expect(html.contains("Sénégal Télécom (AS64500)"))
        #expect(html.contains("href=\"http://ixp-health.example.net:9470/api/v1/findings\""))
        #expect(!html.contains("src=\"http"))
        #expect(html.contains("→ 01:80:c2:00:00:00"))
        let contentID = try #require(image.content_id?.dropFirst().dropLast())
        #expect(html.contains("<img src=\"cid:\(contentID)\""))
        #expect(text.contains("Chart: Peering-LAN violations per minute (no_stp)"))
        #expect(text.contains("max 177"), "\(text)")
    }

    @Test("a zombie symptom reads like the report's section, in French")
    func zombieInFrench() throws {
        let configuration = TestFindings.configuration(language: .french)
        var pipeline = NotificationPipeline(configuration: configuration)
        pipeline.ingest(findings: [TestFindings.fallingTraffic()], now: 1_790_000_000)
        let notification = try #require(pipeline.tick(now: 1_790_000_100).notifications.first)
        let renderer = AlertMailRenderer(configuration: configuration)
        let text = renderer.text(for: notification)
        #expect(text.contains("Symptôme d’IXP zombie : Tendance du trafic") || text.contains("Symptôme d’IXP zombie :"))
        #expect(text.contains("Verdict : "))
        #expect(text.contains("12 Gbit/s"))
        #expect(text.contains("−25") || text.contains("-25"))
        #expect(renderer.subject(for: notification).hasPrefix("[AVERTISSEMENT] falling_traffic exchange — "))
        #expect(text.contains("Rapport de santé : http://ixp-health.example.net:9470/report"))
    }
}
