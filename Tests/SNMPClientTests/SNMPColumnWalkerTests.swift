import SNMPClient
import Testing

@Suite("Column walker")
struct SNMPColumnWalkerTests {
    let inOctets = OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 10])
    let outOctets = OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 16])
    let nextColumn = OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 11])
    let afterOut = OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 17])

    func bind(_ column: OID, _ index: UInt32, _ value: UInt32) -> SNMPVarBind {
        SNMPVarBind(oid: column.appending([index]), value: .counter32(value))
    }

    @Test func walksSeveralColumnsRowMajorUntilTheyLeaveTheirSubtrees() {
        var walker = SNMPColumnWalker(columns: [inOctets, outOctets], bulk: true, maxRepetitions: 2)
        #expect(walker.start() == .request([inOctets, outOctets], maxRepetitions: 2))
        // Two repetitions: rows 1 and 2 of both columns, interleaved.
        let step = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [
            bind(inOctets, 1, 10), bind(outOctets, 1, 11), bind(inOctets, 2, 20), bind(outOctets, 2, 21),
        ], receivedAt: 1)
        #expect(step == .request([inOctets.appending([2]), outOctets.appending([2])], maxRepetitions: 2))
        // Row 3 exists only for ifInOctets; ifOutOctets runs into the next column.
        let step2 = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [
            bind(inOctets, 3, 30), bind(afterOut, 1, 0), bind(nextColumn, 1, 0), bind(afterOut, 2, 0),
        ], receivedAt: 2)
        #expect(step2 == .finished)
        #expect(walker.entries[0].map(\.index) == [[1], [2], [3]])
        #expect(walker.entries[1].map(\.value) == [.counter32(11), .counter32(21)])
        #expect(walker.entries[0].last?.receivedAt == 2)
    }

    @Test func endOfMibViewEndsAColumn() {
        var walker = SNMPColumnWalker(columns: [inOctets], bulk: true, maxRepetitions: 5)
        _ = walker.start()
        let step = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [
            bind(inOctets, 1, 1), SNMPVarBind(oid: inOctets.appending([1]), value: .endOfMibView),
        ], receivedAt: 1)
        #expect(step == .finished)
        #expect(walker.entries[0].count == 1)
    }

    @Test func nonIncreasingOIDsFailTheWalk() {
        var walker = SNMPColumnWalker(columns: [inOctets], bulk: true, maxRepetitions: 5)
        _ = walker.start()
        let step = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [
            bind(inOctets, 5, 1), bind(inOctets, 3, 1),
        ], receivedAt: 1)
        guard case .failed(let message) = step else {
            Issue.record("expected a failure, got \(step)")
            return
        }
        #expect(message.contains("not increasing"))
    }

    @Test func aRepeatedOIDAcrossResponsesFails() {
        var walker = SNMPColumnWalker(columns: [inOctets], bulk: true, maxRepetitions: 1)
        _ = walker.start()
        _ = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [bind(inOctets, 5, 1)], receivedAt: 1)
        let step = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [bind(inOctets, 5, 1)], receivedAt: 2)
        #expect(step != .finished)
        if case .failed = step {} else { Issue.record("an agent repeating itself must not loop forever: \(step)") }
    }

    @Test func anEmptyResponseIsATruncatedTable() {
        var walker = SNMPColumnWalker(columns: [inOctets], bulk: true, maxRepetitions: 5)
        _ = walker.start()
        let step = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [], receivedAt: 1)
        guard case .failed(let message) = step else {
            Issue.record("expected a failure, got \(step)")
            return
        }
        #expect(message.contains("truncated"))
    }

    @Test func noSuchObjectEndsTheColumn() {
        var walker = SNMPColumnWalker(columns: [inOctets, outOctets], bulk: true, maxRepetitions: 1)
        _ = walker.start()
        let step = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [
            bind(inOctets, 1, 1), SNMPVarBind(oid: outOctets, value: .noSuchObject),
        ], receivedAt: 1)
        #expect(step == .request([inOctets.appending([1])], maxRepetitions: 1))
    }

    @Test func tooBigHalvesMaxRepetitions() {
        var walker = SNMPColumnWalker(columns: [inOctets], bulk: true, maxRepetitions: 40)
        _ = walker.start()
        #expect(walker.absorb(errorStatus: 1, errorIndex: 0, varbinds: [], receivedAt: 1)
                == .request([inOctets], maxRepetitions: 20))
    }

    @Test func otherAgentErrorsFail() {
        var walker = SNMPColumnWalker(columns: [inOctets], bulk: true, maxRepetitions: 10)
        _ = walker.start()
        #expect(walker.absorb(errorStatus: 5, errorIndex: 1, varbinds: [], receivedAt: 1)
                == .failed("agent error: genErr (index 1)"))
    }

    @Test func version1EndsAColumnOnNoSuchName() {
        var walker = SNMPColumnWalker(columns: [inOctets, outOctets], bulk: false, maxRepetitions: 25)
        #expect(walker.start() == .request([inOctets, outOctets], maxRepetitions: 0))
        _ = walker.absorb(errorStatus: 0, errorIndex: 0, varbinds: [bind(inOctets, 1, 1), bind(outOctets, 1, 2)], receivedAt: 1)
        // The agent has nothing after ifOutOctets.1: noSuchName on the second varbind.
        let step = walker.absorb(errorStatus: 2, errorIndex: 2, varbinds: [], receivedAt: 2)
        #expect(step == .request([inOctets.appending([1])], maxRepetitions: 0))
    }
}
