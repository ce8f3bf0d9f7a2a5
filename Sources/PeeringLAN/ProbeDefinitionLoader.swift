import Foundation
import ProbeKit
import Yams
public import IXPCore

/// Reads the declarative probe definitions of `Probes/` (YAML), so operators can change a
/// probe's rules and thresholds without recompiling.
public enum ProbeDefinitionLoader {
    /// The peering-LAN rules (`Probes/peering-lan.yaml`). Errors name the file and the key.
    public static func peeringLAN(path: String) throws(ConfigurationError) -> PeeringLANConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the probe definition: \(error.localizedDescription)")
        }
        // Syntax errors with line and column come from the composer.
        _ = try YAMLConfigNode.parse(text, file: path)
        do {
            return try YAMLDecoder().decode(PeeringLANConfiguration.self, from: text)
        } catch let error as DecodingError {
            throw ConfigurationError(file: path, message: "invalid probe definition: \(describe(error))")
        } catch {
            throw ConfigurationError(file: path, message: "invalid probe definition: \(error)")
        }
    }

    static func peeringLAN(path: String, at node: YAMLConfigNode) throws(ConfigurationError) -> PeeringLANConfiguration {
        do {
            return try peeringLAN(path: path)
        } catch {
            throw node.error("probe_definition: \(error.description)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func location(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + location(context.codingPath)
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'" + location(context.codingPath)
        @unknown default:
            return "\(error)"
        }
    }
}
