import IXPCore

/// Families of the same name from several probes merged into one, sorted by name: what both
/// renderers write.
enum MetricFamilyMerger {
    /// The non-empty families of `families` by name, each with the help and kind of its first
    /// occurrence and the samples of all.
    static func merge(_ families: [MetricFamily]) -> [MetricFamily] {
        var merged: [String: MetricFamily] = [:]
        for family in families {
            if merged[family.name] == nil {
                merged[family.name] = MetricFamily(name: family.name, help: family.help, kind: family.kind)
            }
            merged[family.name]?.samples.append(contentsOf: family.samples)
        }
        return merged.keys.sorted().compactMap { name in
            guard let family = merged[name], !family.samples.isEmpty else { return nil }
            return family
        }
    }

    /// The expected size of the rendering, to reserve.
    static func estimatedSize(_ families: [MetricFamily]) -> Int {
        families.reduce(0) { $0 + $1.samples.count } * 120
    }
}
