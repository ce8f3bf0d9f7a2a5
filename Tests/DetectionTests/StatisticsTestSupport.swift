import Foundation

/// The weekly shape of IXP traffic: weekdays high, the weekend lower.
let weeklyShape: [Double] = [1.0, 1.05, 1.08, 1.04, 0.98, 0.72, 0.65]
