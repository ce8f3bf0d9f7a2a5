// libFuzzer entry point for the configuration reader (Sources/IXPCore, `YAMLConfigNode`, on
// Yams). Built by Fuzz/run.sh against the package's built Yams; see Fuzz/README.md.
import Foundation

/// Parses one input as a configuration file and walks every node with every typed accessor
/// the loaders use (mapping, sequence, string, integer, duration, number, bool, choice): each
/// must return or throw a `ConfigurationError`; a trap or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do throws(ConfigurationError) {
        guard let root = try YAMLConfigNode.parse(text, file: "fuzz.yaml") else { return 0 }
        var budget = 2_000
        walk(root, depth: 0, budget: &budget)
    } catch {
        if error.file != "fuzz.yaml" || error.message.isEmpty { fatalError("bad error \(error)") }
        _ = error.description
    }
    return 0
}

private func walk(_ node: YAMLConfigNode, depth: Int, budget: inout Int) {
    budget -= 1
    guard budget > 0, depth < 64 else { return }
    _ = try? node.string()
    _ = try? node.integer(in: 0...65_535)
    _ = try? node.duration()
    _ = try? node.duration(atLeast: 0)
    _ = try? node.number()
    _ = try? node.number(in: 0...1)
    _ = try? node.bool()
    _ = try? node.choice(["average", "max", "min"])
    _ = node.error("checked").description
    if let children = try? node.sequence() {
        for child in children { walk(child, depth: depth + 1, budget: &budget) }
    }
    let keys: Set<String> = ["switches", "listen", "interval", "community", "probes", "http", "storage", "alerting", "a", "b"]
    if let entries = try? node.mapping(allowed: keys) {
        for (_, child) in entries.sorted(by: { $0.key < $1.key }) { walk(child, depth: depth + 1, budget: &budget) }
    }
    if let entries = node.node.mapping {
        for (key, value) in entries {
            let child = YAMLConfigNode(node: value, file: node.file, path: node.path + "." + (key.string ?? "?"))
            walk(child, depth: depth + 1, budget: &budget)
        }
    }
}
