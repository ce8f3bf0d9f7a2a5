public import Foundation
public import Detection

/// The health report as JSON, the agent's API format (`/api/v1/report`, `report --format json`),
/// and back (so that `report --agent URL` can fetch a running agent's report and render it as
/// text or HTML).
///
/// Numbers that are not finite are written as `null` by the model itself; as a last guard the
/// encoder also writes any it missed as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, which
/// `decode` reads back, so that encoding never fails on a missing value.
public enum HealthReportJSON {
    /// `report` as JSON: pretty-printed (two-space indent) by default, keys sorted by default
    /// (stable output: the same report gives the same bytes).
    public static func encode(_ report: HealthReport, pretty: Bool = true, sortedKeys: Bool = true) throws(HealthReportJSONError) -> Data {
        let encoder = JSONEncoder()
        var formatting: JSONEncoder.OutputFormatting = [.withoutEscapingSlashes]
        if pretty { formatting.insert(.prettyPrinted) }
        if sortedKeys { formatting.insert(.sortedKeys) }
        encoder.outputFormatting = formatting
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try encoder.encode(report)
        } catch {
            throw HealthReportJSONError(message: "The health report could not be written as JSON: \(error)")
        }
    }

    /// `report` as a JSON string (see `encode`).
    public static func string(_ report: HealthReport, pretty: Bool = true, sortedKeys: Bool = true) throws(HealthReportJSONError) -> String {
        String(decoding: try encode(report, pretty: pretty, sortedKeys: sortedKeys), as: UTF8.self)
    }

    /// A report read from JSON written by `encode` (or by an agent of this version).
    public static func decode(_ data: Data) throws(HealthReportJSONError) -> HealthReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(HealthReport.self, from: data)
        } catch let error as DecodingError {
            throw HealthReportJSONError(message: "This is not a health report of ixp-health: \(describe(error))")
        } catch {
            throw HealthReportJSONError(message: "This is not a health report of ixp-health: \(error)")
        }
    }

    /// A report read from a JSON string.
    public static func decode(_ text: String) throws(HealthReportJSONError) -> HealthReport {
        try decode(Data(text.utf8))
    }

    /// A decoding error in words: what is wrong, and where (`symptoms[2].verdict`).
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
            }.joined()
            let trimmed = text.hasPrefix(".") ? String(text.dropFirst()) : text
            return trimmed.isEmpty ? "the top level" : trimmed
        }
        switch error {
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        case .keyNotFound(let key, let context):
            return "\(key.stringValue) is missing at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A health report that could not be written or read as JSON.
public struct HealthReportJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for people.
    public var message: String

    /// An error.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
