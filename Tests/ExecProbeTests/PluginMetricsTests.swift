import ExecProbe
import Exposition
import ProbeKit
import Testing
import TimeSeries
import IXPCore

@Suite("Plugin metrics")
struct PluginMetricsTests {
    static func families(_ text: String) throws -> [MetricFamily] {
        try PluginMetrics.families(ExpositionTextParser.parse(Array(text.utf8), source: "x"), source: "x", defaultHelp: "From x.")
    }

    @Test func familiesAreExportedAsTheyAreWithHistogramPartsUntyped() throws {
        let families = try Self.families("""
            # TYPE jobs counter
            jobs_total 3
            jobs_created 17
            # TYPE t histogram
            t_bucket{le="+Inf"} 1
            t_sum 2
            t_count 1
            # TYPE g gauge
            # HELP g A gauge.
            g{a="b"} 1.5
            """)
        #expect(families.map(\.name) == ["jobs_total", "t_bucket", "t_sum", "t_count", "g"])
        #expect(families.map(\.kind) == [.counter, .untyped, .untyped, .untyped, .gauge])
        #expect(families[0].help == "From x.")
        #expect(families[4].help == "A gauge.")
        let text = PrometheusTextRenderer.render(families)
        #expect(text.contains("# TYPE t_bucket untyped\nt_bucket{le=\"+Inf\"} 1\n"))
        #expect(text.contains("g{a=\"b\"} 1.5\n"))
    }

    @Test func theAgentsOwnPrefixIsRefused() {
        do {
            _ = try Self.families("fine 1\nixp_probe_success 1\n")
            Issue.record("ixp_ names must be refused")
        } catch {
            #expect("\(error)".contains("x:2"))
            #expect("\(error)".contains("ixp_"))
        }
    }

    @Test func claimsKeepTheFirstOwnerAndAreReleasedOnFailure() {
        let claims = PluginFamilyClaims()
        #expect(claims.claim(["a", "b"], for: "exec/one").isEmpty)
        let taken = claims.claim(["b", "c"], for: "exec/two")
        #expect(taken.map(\.name) == ["b"])
        #expect(taken.map(\.owner) == ["exec/one"])
        claims.release("exec/one")
        #expect(claims.claim(["b"], for: "exec/two").isEmpty)
        #expect(claims.claim(["a"], for: "exec/one").isEmpty, "one's old names were released")
    }
}
