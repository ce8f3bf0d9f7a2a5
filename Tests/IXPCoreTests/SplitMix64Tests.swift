import IXPCore
import Testing

@Suite struct SplitMix64Tests {
    @Test func theReferenceSequence() {
        // The first outputs of the reference implementation (Vigna's splitmix64.c) for seed 1234567.
        var generator = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 16_294_208_416_658_607_535)
    }

    @Test func theSameSeedGivesTheSameSequence() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        var other = SplitMix64(seed: 43)
        let draws = (0..<100).map { _ in first.next() }
        #expect(draws == (0..<100).map { _ in second.next() })
        #expect(draws != (0..<100).map { _ in other.next() })
    }

    @Test func unitValuesAreInTheHalfOpenInterval() {
        #expect(SplitMix64.unit(0) == 0)
        #expect(SplitMix64.unit(.max) == 1 - 0x1.0p-53)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let unit = generator.nextUnit()
            #expect(unit >= 0 && unit < 1)
            let value = generator.uniform(-2...3)
            #expect(value >= -2 && value <= 3)
        }
    }

    @Test func theStatelessHash() {
        #expect(SplitMix64.hash(42, 1, 2, 3) == 8_053_729_694_647_462_035)
        #expect(SplitMix64.hash(42, 1, 2, 3) != SplitMix64.hash(42, 1, 2, 4))
        #expect(SplitMix64.mix(0) == 0, "the finaliser is a bijection that fixes 0")
    }

    @Test func itDrivesTheStandardLibrarysRandomAPIs() {
        var first = SplitMix64(seed: 2026)
        var second = SplitMix64(seed: 2026)
        #expect((0..<20).map { _ in Int.random(in: 0..<1_000, using: &first) }
            == (0..<20).map { _ in Int.random(in: 0..<1_000, using: &second) })
    }
}
