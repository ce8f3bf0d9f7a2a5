/// Gives every interface of a switch a distinct, non-empty `interface` label, so that
/// duplicate or empty ifName/ifDescr never produce two series with the same labels (a known
/// way to break an exposition).
public enum InterfaceNaming {
    /// ifIndex → label value: the display name, with `#ifIndex` appended where two interfaces
    /// would otherwise share it.
    public static func uniqueNames(_ labels: [UInt32: InterfaceLabels]) -> [UInt32: String] {
        var byName: [String: [UInt32]] = [:]
        for (index, label) in labels {
            byName[label.displayName, default: []].append(index)
        }
        var names: [UInt32: String] = [:]
        for (name, indexes) in byName {
            if indexes.count == 1, let index = indexes.first {
                names[index] = name
            } else {
                for index in indexes { names[index] = "\(name)#\(index)" }
            }
        }
        return names
    }
}
