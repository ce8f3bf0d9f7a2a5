import Alerting
import Detection
import IXPCore
import Testing

/// Grouping, repeats, resolutions, silences and inhibition over a simulated clock.
@Suite("Notification pipeline")
struct NotificationPipelineTests {
    let start = 1_790_000_000.0

    @Test("fire, repeat after repeat_interval, resolve: exactly these three mails over a simulated day")
    func fireRepeatResolve() {
        var pipeline = NotificationPipeline(configuration: TestFindings.configuration())
        let firing = TestFindings.memberDown(since: start)
        var sent: [AlertNotification] = []
        var now = start
        // Every 10 s for a day: the detector reports the finding firing for 6 h, then resolved.
        while now <= start + 86_400 {
            var finding = firing
            if now >= start + 6 * 3600 {
                finding.state = .resolved
                finding.resolvedAt = start + 6 * 3600
            }
            pipeline.ingest(findings: now >= start + 7 * 3600 ? [] : [finding], now: now)
            sent += pipeline.tick(now: now).notifications
            now += 10
        }
        #expect(sent.map(\.kind) == [.initial, .repeat, .update])
        let offsets: [Double] = sent.map { $0.createdAt - start }
        let expected: [Double] = [30, 14_430, 21_630]
        #expect(offsets == expected)
        #expect(sent[2].firing.isEmpty)
        #expect(sent[2].resolved.map(\.id) == [firing.id])
        #expect(sent[1].inReplyTo == sent[0].messageID)
        #expect(sent[2].references == [sent[0].messageID, sent[1].messageID])
        #expect(Set(sent.map(\.messageID)).count == 3)
    }

    @Test("an acknowledged finding gets no reminder: the first mail and the resolution only; withdrawn, reminders resume")
    func acknowledgedFindingsAreNotRemindedOf() {
        var pipeline = NotificationPipeline(configuration: TestFindings.configuration())
        let firing = TestFindings.memberDown(since: start)
        pipeline.acknowledged = [firing.id]
        var sent: [AlertNotification] = []
        var now = start
        while now <= start + 86_400 {
            var finding = firing
            if now >= start + 20 * 3600 {
                finding.state = .resolved
                finding.resolvedAt = start + 20 * 3600
            }
            pipeline.ingest(findings: [finding], now: now)
            sent += pipeline.tick(now: now).notifications
            now += 10
        }
        #expect(sent.map(\.kind) == [.initial, .update], "no repeat in 20 h of firing")
        #expect(sent.last?.resolved.map(\.id) == [firing.id])
        // The same, withdrawn after 5 h: the reminder comes at the next flush.
        var again = NotificationPipeline(configuration: TestFindings.configuration())
        again.acknowledged = [firing.id]
        var reminded: [AlertNotification] = []
        now = start
        while now <= start + 6 * 3600 {
            if now >= start + 5 * 3600 { again.acknowledged = [] }
            again.ingest(findings: [firing], now: now)
            reminded += again.tick(now: now).notifications
            now += 10
        }
        #expect(reminded.map(\.kind) == [.initial, .repeat])
    }

    @Test("100 findings within one group_wait: one mail per route")
    func hundredFindings() {
        let configuration = TestFindings.configuration(routes: [
            Route(receiver: "noc", continue: true),
            Route(receiver: "member", match: RouteMatch(severity: .warning)),
        ])
        var pipeline = NotificationPipeline(configuration: configuration)
        var sent: [AlertNotification] = []
        for index in 0..<100 {
            let now = start + Double(index) * 0.25
            pipeline.ingest(findings: (0...index).map { TestFindings.portDown($0, since: start) }, now: now)
            sent += pipeline.tick(now: now).notifications
        }
        #expect(sent.isEmpty)
        sent += pipeline.tick(now: start + 30).notifications
        #expect(sent.count == 2)
        #expect(sent.map(\.receiver.name).sorted() == ["member", "noc"])
        #expect(sent.allSatisfy { $0.firing.count == 100 })
        #expect(pipeline.tick(now: start + 60).notifications.isEmpty)
    }

    @Test("group_by splits groups; first match wins; member routes get only their findings")
    func routing() {
        let configuration = TestFindings.configuration(routes: [
            Route(receiver: "member", match: RouteMatch(memberASN: 65003), continue: true),
            Route(receiver: "noc", groupBy: ["rule"]),
            Route(receiver: "member"),
        ])
        var pipeline = NotificationPipeline(configuration: configuration)
        pipeline.ingest(findings: [TestFindings.portDown(3, since: start), TestFindings.portDown(4, since: start),
                                   TestFindings.memberDown(since: start)], now: start)
        let sent = pipeline.tick(now: start + 30).notifications
        let member = sent.filter { $0.receiver.name == "member" }
        #expect(member.count == 1)
        #expect(member.first?.firing.map(\.subject) == [.port(switch: "sw1", interface: "Ethernet3")])
        let noc = sent.filter { $0.receiver.name == "noc" }
        #expect(noc.count == 2)
        #expect(Set(noc.map { $0.groupLabels["rule"] ?? "" }) == ["port_down", "member_down"])
    }

    @Test("changes wait for group_interval after the last mail")
    func groupInterval() {
        var pipeline = NotificationPipeline(configuration: TestFindings.configuration())
        pipeline.ingest(findings: [TestFindings.portDown(1, since: start)], now: start)
        #expect(pipeline.tick(now: start + 30).notifications.count == 1)
        pipeline.ingest(findings: [TestFindings.portDown(1, since: start), TestFindings.portDown(2, since: start + 40)], now: start + 40)
        #expect(pipeline.tick(now: start + 40).notifications.isEmpty)
        #expect(pipeline.tick(now: start + 329).notifications.isEmpty)
        let update = pipeline.tick(now: start + 330).notifications
        #expect(update.map(\.kind) == [.update])
        #expect(update.first?.firing.count == 2)
    }

    @Test("pending, inhibited and silenced findings are not mailed")
    func notNotified() {
        var inhibited = TestFindings.portDown(2, since: start)
        inhibited.inhibitedBy = "probe_failing|probe snmp/sw1"
        let silence = Silence(id: "s1", matchers: [SilenceMatcher(name: "interface", value: "Ethernet3")], startsAt: start,
                              endsAt: start + 3600, createdBy: "noc", comment: "maintenance")
        var pipeline = NotificationPipeline(configuration: TestFindings.configuration(), silences: [silence])
        pipeline.ingest(findings: [TestFindings.portDown(1, state: .pending, since: start), inhibited,
                                   TestFindings.portDown(3, since: start)], now: start)
        #expect(pipeline.tick(now: start + 30).notifications.isEmpty)
        // The silence ends: the finding is mailed at the next flush.
        var sent: [AlertNotification] = []
        var now = start + 60
        while now < start + 4000 {
            sent += pipeline.tick(now: now).notifications
            now += 60
        }
        #expect(sent.count == 1)
        #expect(sent.first?.firing.map(\.subject) == [.port(switch: "sw1", interface: "Ethernet3")])
    }

    @Test("send_resolved false: no resolved mail, and the log entry stops firing so that it can expire")
    func noResolved() {
        let configuration = TestFindings.configuration(timing: NotificationTiming(sendResolved: false))
        var pipeline = NotificationPipeline(configuration: configuration)
        pipeline.ingest(findings: [TestFindings.portDown(1, since: start)], now: start)
        #expect(pipeline.tick(now: start + 30).notifications.count == 1)
        pipeline.ingest(findings: [], now: start + 100)
        let round = pipeline.tick(now: start + 330)
        #expect(round.notifications.isEmpty)
        #expect(round.logUpdates.count == 1)
        #expect(round.logUpdates.first?.isFiring == false)
        _ = pipeline.tick(now: start + 330 + 8 * 3600 + 1)
        #expect(pipeline.notificationLog.isEmpty)
    }

    @Test("after a restart from the notification log, an unchanged group is not mailed again before repeat_interval")
    func restart() {
        var pipeline = NotificationPipeline(configuration: TestFindings.configuration())
        pipeline.ingest(findings: [TestFindings.memberDown(since: start)], now: start)
        let first = pipeline.tick(now: start + 30).notifications
        #expect(first.count == 1)
        var restarted = NotificationPipeline(configuration: TestFindings.configuration(), log: pipeline.notificationLog)
        var sent: [AlertNotification] = []
        var now = start + 60
        while now < start + 4 * 3600 + 60 {
            restarted.ingest(findings: [TestFindings.memberDown(since: start)], now: now)
            sent += restarted.tick(now: now).notifications
            now += 15
        }
        #expect(sent.map(\.kind) == [.repeat])
        #expect(sent.first?.inReplyTo == first.first?.messageID)
    }
}
