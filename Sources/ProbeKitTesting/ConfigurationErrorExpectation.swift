import IXPCore
public import ProbeKit
public import Testing

/// Expects `yaml` to be refused by a registry of `kinds` (parsed as `probeSettings` does) with a
/// `ConfigurationError` that names `context.file`, the line `line` when one is given, and whose
/// message contains `words`. Records an issue at the caller's place otherwise.
///
/// ```swift
/// @Test(arguments: [("ping: {count: 0}\n", 1, "whole number from 1 to 100")])
/// func mistakesNameTheirLine(yaml: String, line: Int, words: String) {
///     let kinds: [any ProbeKind] = [SingleSectionProbeKind<PingSettings>()]
///     expectConfigurationError(yaml: yaml, kinds: kinds, line: line, contains: words)
/// }
/// ```
public func expectConfigurationError(
    yaml: String, kinds: [any ProbeKind],
    context: ProbeConfigurationContext = ProbeConfigurationContext(file: "agent.yaml"),
    line: Int? = nil, contains words: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try probeSettings(yaml: yaml, kinds: kinds, context: context)
        Issue.record("must fail: \(yaml)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.file == context.file, "\(error)", sourceLocation: sourceLocation)
        if let line {
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
        }
        #expect(error.message.contains(words), "\(error)", sourceLocation: sourceLocation)
    }
}
