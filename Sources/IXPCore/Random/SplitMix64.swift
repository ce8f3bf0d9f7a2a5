/// A small, fast, seeded pseudo-random generator (Steele, Lea and Flood's SplitMix64): the same
/// seed always gives the same sequence, on every platform, so synthetic scenarios and
/// randomised tests are reproducible. Not for secrets.
///
/// Besides the sequential `next()`, `SplitMix64.mix` is a stateless 64-bit hash with the same
/// finaliser; the synthetic traffic model uses it to draw the noise of one (port, kind, step)
/// directly, so samples can be generated in any order and still come out identical.
///
/// The methods are inlinable: the traffic model calls them for every sample it generates.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's state; it advances by a fixed odd constant per draw.
    public var state: UInt64

    /// Creates a generator from a seed.
    @inlinable
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform value in [0, 1).
    @inlinable
    public mutating func nextUnit() -> Double { Self.unit(next()) }

    /// A uniform value in `range`.
    @inlinable
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// SplitMix64's finaliser: a bijective 64-bit mix.
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stateless hash of a seed and three coordinates.
    @inlinable @inline(__always)
    public static func hash(_ seed: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        mix(mix(mix((seed &+ 0x9E37_79B9_7F4A_7C15) ^ a) ^ (b &* 0xD6E8_FEB8_6659_FD93)) ^ c)
    }

    /// The top 53 bits of `bits` as a uniform value in [0, 1).
    @inlinable @inline(__always)
    public static func unit(_ bits: UInt64) -> Double { Double(bits >> 11) * 0x1.0p-53 }
}
