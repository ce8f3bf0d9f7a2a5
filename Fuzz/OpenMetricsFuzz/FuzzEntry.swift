// libFuzzer entry point for the OpenMetrics history importer and the exposition-text parser
// of exec and textfile plugins (Sources/TimeSeries). Built by Fuzz/run.sh; see Fuzz/README.md.
import Foundation

/// Parses one input both as an import file and as a plugin's output: each must return a
/// result or throw its typed error (`OpenMetricsImportError`, `ImportDiagnostic`); a trap or a
/// sanitizer report is a finding. What they return is checked for consistency.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOpenMetrics(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    do throws(OpenMetricsImportError) {
        let plan = try OpenMetricsImporter(maximumErrors: 5).parse(bytes, file: "fuzz")
        for series in plan.series where series.timestamps.count != series.values.count {
            fatalError("series \(series.key) has \(series.timestamps.count) timestamps for \(series.values.count) values")
        }
        _ = plan.sampleCount
    } catch {
        if error.diagnostics.isEmpty || error.diagnostics.count > 6 { fatalError("\(error.diagnostics.count) diagnostics") }
        _ = error.description
    }
    do throws(ImportDiagnostic) {
        let families = try ExpositionTextParser.parse(Array(bytes), source: "fuzz")
        for family in families {
            for sample in family.samples { _ = sample.labels.count; _ = sample.value }
        }
    } catch {
        _ = error.description
    }
    return 0
}
