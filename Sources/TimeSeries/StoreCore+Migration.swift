extension StoreCore {
    /// Takes over the series of `old`, a core with other tiers (the configuration changed,
    /// e.g. a new poll interval): each tier of this core whose step a tier of `old` has gets
    /// that tier's newest rows (as many as fit) for the functions both keep (the old raw tier
    /// answers every function), with its consolidation state; other tiers and functions start
    /// unknown. Returns how many series did not fit under this core's cap.
    func adopt(from old: StoreCore) -> Int {
        var refused = 0
        var buffer: [Double] = []
        for oldIndex in 0..<Int(old.nextUnused) {
            let oldState = old.slots[oldIndex]
            guard oldState.data != nil, let key = old.keys[oldIndex], slotOfKey[key] == nil else { continue }
            guard let slot = takeFreeSlot() else {
                refused += 1
                continue
            }
            createSeries(key, slot: slot, generation: 0, now: oldState.createdAt)
            let index = Int(slot)
            guard let data = slots[index].data else { continue }
            var state = slots[index]
            state.lastTimestamp = oldState.lastTimestamp
            if oldState.lastTimestamp > latestTimestamp { latestTimestamp = oldState.lastTimestamp }
            for (tier, layout) in layouts.enumerated() {
                guard let oldTier = old.layouts.firstIndex(where: { $0.step == layout.step }) else { continue }
                let newest = old.newestBucket(slot: oldIndex, tier: oldTier)
                guard newest != SlotState.none else { continue }
                let first = max(0, newest - layout.rows + 1)
                let count = Int(newest - first + 1)
                if buffer.count != count { buffer = Array(repeating: .nan, count: count) }
                for (ring, function) in layout.functions.enumerated() {
                    guard oldTier == 0 || old.layouts[oldTier].functions.contains(function) else { continue }
                    buffer.withUnsafeMutableBufferPointer { values in
                        old.read(slot: oldIndex, tier: oldTier, function: function, first: first, last: newest, into: values)
                    }
                    for (offset, value) in buffer.enumerated() {
                        if tier == 0 {
                            data[layout.row(first + Int64(offset))] = Stored.encode(value)
                        } else {
                            write(data: data, tier: tier, ring: ring, bucket: first + Int64(offset), value: value)
                        }
                    }
                }
                if tier == 0 {
                    state.rawBucket = newest
                    state.rawRow = layout.row(newest)
                    if oldTier == 0 {
                        state.rawSum = oldState.rawSum
                        state.rawCount = oldState.rawCount
                    }
                } else {
                    let target = tierState(index, tier - 1)
                    if oldTier > 0 {
                        target.pointee = old.tierState(oldIndex, oldTier - 1).pointee
                    } else {
                        target.pointee.lastWritten = newest
                    }
                }
            }
            slots[index] = state
        }
        return refused
    }
}
