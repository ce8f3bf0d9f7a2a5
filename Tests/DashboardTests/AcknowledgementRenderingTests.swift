import Dashboard
import Detection
import Foundation
import Testing

/// The findings page shows who acknowledged a finding and why, with a way to withdraw it, and
/// a form to acknowledge the others; resolved findings get neither. English and French.
@Suite struct AcknowledgementRenderingTests {
    var renderer: DashboardRenderer {
        get throws { try DashboardRenderer(source: FixtureDataSource(withAcknowledgements: true), clock: { 1_795_000_000 }) }
    }

    @Test func theAcknowledgedFindingSaysWhoAndWhyAndTheOthersOfferTheForm() throws {
        let html = try renderer.findingsPage(language: .english)
        #expect(html.contains("<span class=\"badge acknowledged\" title=\"alice: optic &lt;ordered&gt;\">acknowledged</span>"))
        #expect(html.contains("Acknowledged by <strong>alice</strong>"))
        #expect(html.contains("optic &lt;ordered&gt;"), "the comment is escaped")
        #expect(html.contains("data-unacknowledge=\"00000000000000bb\""))
        #expect(html.contains("<form data-acknowledge=\"00000000000000aa\""))
        #expect(!html.contains("data-acknowledge=\"00000000000000bb\""), "no form on the acknowledged one")
        #expect(!html.contains("00000000000000cc"), "nothing to acknowledge on a resolved finding")
        #expect(html.components(separatedBy: "<form data-acknowledge=").count - 1 == 1)
        let french = try renderer.findingsPage(language: .french)
        #expect(french.contains("Pris en charge par <strong>alice</strong>"))
        #expect(french.contains(">Prendre en charge</button>"))
        #expect(french.contains("jusqu’au"))
    }

    @Test func withoutFingerprintsThereIsNoForm() throws {
        let html = try DashboardRenderer(source: FixtureDataSource(), clock: { 1_795_000_000 }).findingsPage(language: .english)
        #expect(!html.contains("data-acknowledge"))
    }
}
