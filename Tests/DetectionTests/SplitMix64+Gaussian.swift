import Foundation
import IXPCore

extension SplitMix64 {
    /// A standard normal draw (Box–Muller), so that the tests' noisy series are reproducible.
    mutating func gaussian() -> Double {
        let u1 = max(nextUnit(), 1e-300)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
