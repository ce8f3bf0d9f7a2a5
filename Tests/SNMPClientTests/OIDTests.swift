import SNMPClient
import Testing

@Suite("OID")
struct OIDTests {
    @Test func parsesDottedNotation() {
        #expect(OID("1.3.6.1.2.1.2.2.1.10")?.components == [1, 3, 6, 1, 2, 1, 2, 2, 1, 10])
        #expect(OID(".1.3.6.1")?.components == [1, 3, 6, 1])
        #expect(OID("1.3.6.1.4294967295")?.components.last == UInt32.max)
    }

    @Test(arguments: ["", "1", "1..3", "1.3.", "ifInOctets", "1.3.6.x", "1.3.4294967296", " 1.3"])
    func rejectsAnythingElse(_ text: String) {
        #expect(OID(text) == nil)
    }

    @Test func ordersLikeSNMP() {
        let a = OID([1, 3, 6, 1, 2])
        let b = OID([1, 3, 6, 1, 2, 1])
        let c = OID([1, 3, 6, 1, 10])
        #expect(a < b)
        #expect(b < c)
        #expect(!(c < b))
        #expect(b.hasPrefix(a))
        #expect(!c.hasPrefix(b))
        #expect(b.suffix(after: a) == [1])
    }

    @Test func counter64AboveTwoToTheSixtyThirdStaysUnsigned() {
        let value = SNMPValue.counter64(UInt64(1) << 63 | 5)
        #expect(value.unsignedValue == 9_223_372_036_854_775_813)
        #expect(value.text == "9223372036854775813")
    }

    @Test func octetStringsPrintAsTextOrHex() {
        #expect(SNMPValue.octets(Array("Ethernet1".utf8)).text == "Ethernet1")
        #expect(SNMPValue.octets([0x00, 0x1c, 0x73, 0xff]).text == "00 1C 73 FF")
    }
}
