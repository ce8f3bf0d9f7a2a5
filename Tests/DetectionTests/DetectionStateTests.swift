@testable import Detection
import Testing

/// The hand-off from the detector to those who act on its evaluations (alert mail).
@Suite("detection state hand-off")
struct DetectionStateTests {
    private func report(_ time: Double) -> HealthReport {
        HealthReport(
            generatedAt: time, language: .english,
            exchange: ExchangeOverview(name: "Test IX", members: 1, activeMembers: 1, ports: 1, portsUp: 1,
                                       capacityBitsPerSecond: 1e10, traffic: TrafficOverview(), historyFrom: nil, historyTo: nil),
            symptoms: [], findings: [], members: [], charts: ReportCharts())
    }

    @Test func eachEvaluationIsHandedOverAsItIsMade() async {
        let state = DetectionState()
        var iterator = state.evaluations().makeAsyncIterator()
        state.setDetection(findings: [], report: report(100), at: 100)
        #expect(await iterator.next()?.time == 100)
        state.setDetection(findings: [], report: report(160), at: 160)
        #expect(await iterator.next()?.time == 160)
    }

    @Test func aLateSubscriberGetsTheLatestEvaluationFirst() async {
        let state = DetectionState()
        state.setDetection(findings: [], report: report(100), at: 100)
        state.setDetection(findings: [], report: report(160), at: 160)
        var iterator = state.evaluations().makeAsyncIterator()
        #expect(await iterator.next()?.time == 160)
    }

    @Test func aSlowConsumerGetsTheNewestEvaluationNotABacklog() async {
        let state = DetectionState()
        let stream = state.evaluations()
        for time in stride(from: 100.0, through: 400, by: 60) {
            state.setDetection(findings: [], report: report(time), at: time)
        }
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.time == 400)
    }

    @Test func aConsumerThatStopsIsForgotten() async {
        let state = DetectionState()
        let task = Task {
            for await _ in state.evaluations() {}
        }
        while state.subscriberCount == 0 { await Task.yield() }
        task.cancel()
        _ = await task.value
        #expect(state.subscriberCount == 0)
        state.setDetection(findings: [], report: report(100), at: 100)
        var iterator = state.evaluations().makeAsyncIterator()
        #expect(await iterator.next()?.time == 100)
    }
}
