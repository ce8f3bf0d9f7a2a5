import Testing
@testable import Detection

/// `a` and `b` agree to `tolerance`, relative to the larger magnitude (absolute below 1).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// Numbers printed by Tests/DetectionTests/StatisticsReference.py with pymannkendall 1.4.3 and
/// scipy 1.17.1 on the series of `StatisticsFixtures`.
struct TrendReference: Sendable, CustomTestStringConvertible {
    let name: String
    let values: [Double]
    // mk.original_test(values)
    let s: Double, variance: Double, z: Double, p: Double, tau: Double, slope: Double, intercept: Double
    // mk.hamed_rao_modification_test(values): var_s and p (nil: pymannkendall detrends differently with NaNs)
    let hamedRaoVariance: Double?, hamedRaoP: Double?
    // n/n* with detrending at real positions (the script's hamed_rao_positions)
    let hamedRaoFactor: Double
    // mk.hamed_rao_modification_test(values, lag=3): var_s
    let hamedRaoLag3Variance: Double?
    // stats.theilslopes(known y, known t, alpha=0.95): low, high
    let lower: Double, upper: Double
    // stats.theilslopes(known y, known t * 0.5, alpha=0.90): slope, intercept, low, high
    let halfSpacing90: (slope: Double, intercept: Double, lower: Double, upper: Double)
    // mk.seasonal_test(values, period=7): s, var_s, z, p, Tau, slope, intercept
    let seasonal: (s: Double, variance: Double, z: Double, p: Double, tau: Double, slope: Double, intercept: Double)
    // The script's seasonal_ci(values, 7) (Gilbert 1987 §17.5 in numpy)
    let seasonalBounds: (lower: Double, upper: Double)

    var testDescription: String { name }

    static let all: [TrendReference] = [
        TrendReference(
            name: "trend", values: StatisticsFixtures.trend,
            s: 523, variance: 7365.666666666667, z: 6.082252877294483, p: 1.1850547210201512e-09,
            tau: 0.6705128205128205, slope: 0.08102631578947364, intercept: 9.959986842105263,
            hamedRaoVariance: 7365.666666666667, hamedRaoP: 1.1850547210201512e-09, hamedRaoFactor: 1,
            hamedRaoLag3Variance: 7365.666666666667,
            lower: 0.06411764705882352, upper: 0.1008333333333334,
            halfSpacing90: (0.16205263157894728, 9.959986842105263, 0.13368421052631574, 0.19066666666666662),
            seasonal: (69, 174.99999999999997, 5.140316832925491, 2.742755833562427e-07, 0.7263157894736842,
                       0.5649999999999995, 9.966071428571428),
            seasonalBounds: (0.4499999999999993, 0.6666666666666666)),
        TrendReference(
            name: "flat", values: StatisticsFixtures.flat,
            s: -99, variance: 7361.666666666667, z: -1.1421890734708766, p: 0.2533754367632506,
            tau: -0.12692307692307692, slope: -0.010172413793103487, intercept: 5.328362068965518,
            hamedRaoVariance: 3775.4847612405783, hamedRaoP: 0.110729460648197, hamedRaoFactor: 0.5128573368223561,
            hamedRaoLag3Variance: 7361.666666666667,
            lower: -0.028749999999999998, upper: 0.0057142857142857195,
            halfSpacing90: (-0.020344827586206975, 5.328362068965518, -0.05, 0.008421052631578954),
            seasonal: (-8, 173.99999999999997, -0.5306686305052324, 0.5956484277285694, -0.08421052631578947,
                       -0.029999999999999954, 5.213571428571428),
            seasonalBounds: (-0.176, 0.08500000000000041)),
        TrendReference(
            name: "ties", values: StatisticsFixtures.ties,
            s: 219, variance: 2707.6666666666665, z: 4.189468162126592, p: 2.796090072187951e-05,
            tau: 0.503448275862069, slope: 0.058823529411764705, intercept: 4.147058823529412,
            hamedRaoVariance: 2707.6666666666665, hamedRaoP: 2.796090072187951e-05, hamedRaoFactor: 1,
            hamedRaoLag3Variance: 2707.6666666666665,
            lower: 0, upper: 0.09090909090909091,
            halfSpacing90: (0.11764705882352941, 4.147058823529412, 0, 0.16666666666666666),
            seasonal: (33, 62.99999999999999, 4.031621045431757, 5.539345419292019e-05, 0.66, 0.5,
                       3.9642857142857144),
            seasonalBounds: (0.3333333333333333, 0.5)),
        TrendReference(
            name: "gaps", values: StatisticsFixtures.gaps,
            s: 357, variance: 4164.333333333333, z: 5.5166731698010665, p: 3.454770580724187e-08,
            tau: 0.6761363636363636, slope: 0.08482142857142855, intercept: 10.178392857142857,
            hamedRaoVariance: 4164.333333333333, hamedRaoP: 3.454770580724187e-08, hamedRaoFactor: 1,
            hamedRaoLag3Variance: 4164.333333333333,
            lower: 0.06529411764705884, upper: 0.1091666666666667,
            halfSpacing90: (0.1696428571428571, 10.178392857142857, 0.1391304347826088, 0.20599999999999988),
            seasonal: (41, 104.33333333333336, 3.916051998989025, 9.001084201520904e-05, 0.6507936507936508,
                       0.5649999999999995, 10.256428571428572),
            seasonalBounds: (0.29000000000000004, 0.7399999999999984)),
        TrendReference(
            name: "autocorrelated", values: StatisticsFixtures.autocorrelated,
            s: 435, variance: 24578.333333333332, z: 2.7683023065664503, p: 0.005634916044902294,
            tau: 0.2457627118644068, slope: 0.01616847826086953, intercept: 20.15802989130435,
            hamedRaoVariance: 48927.73542131212, hamedRaoP: 0.049755558179926496, hamedRaoFactor: 1.9906856481173985,
            hamedRaoLag3Variance: 59405.07674938737,
            lower: 0.004727272727272691, upper: 0.02952380952380957,
            halfSpacing90: (0.03233695652173906, 20.15802989130435, 0.012666666666666751, 0.052857142857143),
            seasonal: (72, 564, 2.9896393197861424, 0.0027930704051000177, 0.3157894736842105,
                       0.12583333333333346, 20.10470238095238),
            seasonalBounds: (0.04499999999999993, 0.23000000000000043)),
        TrendReference(
            name: "seasonal", values: StatisticsFixtures.seasonal,
            s: -511, variance: 17967, z: -3.8048048995877832, p: 0.00014191600474200428,
            tau: -0.35709294199860236, slope: -0.345714285714286, intercept: 99.83214285714287,
            hamedRaoVariance: nil, hamedRaoP: nil, hamedRaoFactor: 0.03375518882400996,
            hamedRaoLag3Variance: nil,
            lower: -0.5471428571428569, upper: -0.22428571428571398,
            halfSpacing90: (-0.691428571428572, 99.83214285714287, -1.0154545454545456, -0.5069387755102042),
            seasonal: (-171, 420.33333333333326, -8.291860851692, 2.220446049250313e-16, -0.9344262295081968,
                       -2.122, 98.66142857142857),
            seasonalBounds: (-2.260000000000005, -1.9150000000000027)),
    ]
}

@Suite struct StatisticsTrendReferenceTests {
    @Test(arguments: TrendReference.all)
    func mannKendallMatchesPymannkendall(_ reference: TrendReference) throws {
        let result = try #require(TrendTest.mannKendall(reference.values))
        #expect(result.s == reference.s)
        #expect(close(result.variance, reference.variance))
        #expect(close(result.z, reference.z))
        #expect(close(result.p, reference.p, 1e-9))
        #expect(close(result.tau, reference.tau))
        #expect(result.varianceFactor == 1)
        #expect(result.count == reference.values.filter { !$0.isNaN }.count)
    }

    @Test(arguments: TrendReference.all)
    func theilSenMatchesPymannkendallAndScipy(_ reference: TrendReference) throws {
        let estimate = try #require(TrendTest.theilSen(reference.values))
        #expect(close(estimate.slope, reference.slope))
        #expect(close(estimate.intercept, reference.intercept))
        #expect(close(estimate.lowerSlope, reference.lower))
        #expect(close(estimate.upperSlope, reference.upper))
        #expect(estimate.confidence == 0.95)
        let half = try #require(TrendTest.theilSen(reference.values, spacing: 0.5, confidence: 0.90))
        #expect(close(half.slope, reference.halfSpacing90.slope))
        #expect(close(half.intercept, reference.halfSpacing90.intercept))
        #expect(close(half.lowerSlope, reference.halfSpacing90.lower))
        #expect(close(half.upperSlope, reference.halfSpacing90.upper))
    }

    @Test(arguments: TrendReference.all)
    func hamedRaoMatchesPymannkendall(_ reference: TrendReference) throws {
        let result = try #require(TrendTest.hamedRao(reference.values))
        let plain = try #require(TrendTest.mannKendall(reference.values))
        #expect(close(result.varianceFactor, reference.hamedRaoFactor))
        #expect(close(result.variance, plain.variance * reference.hamedRaoFactor))
        #expect(result.s == plain.s && result.tau == plain.tau)
        if let variance = reference.hamedRaoVariance, let p = reference.hamedRaoP {
            #expect(close(result.variance, variance))
            #expect(close(result.p, p, 1e-9))
        }
        if let variance = reference.hamedRaoLag3Variance {
            let lag3 = try #require(TrendTest.hamedRao(reference.values, maxLag: 3))
            #expect(close(lag3.variance, variance))
        }
    }

    @Test(arguments: TrendReference.all)
    func seasonalMannKendallMatchesPymannkendall(_ reference: TrendReference) throws {
        let result = try #require(TrendTest.seasonalMannKendall(reference.values, period: 7))
        #expect(result.s == reference.seasonal.s)
        #expect(close(result.variance, reference.seasonal.variance))
        #expect(close(result.z, reference.seasonal.z))
        // pymannkendall computes p as 1 − Φ(|z|), which bottoms out at 2.2e-16; erfc does not.
        #expect(abs(result.p - reference.seasonal.p) <= 1e-9 * max(1e-6, reference.seasonal.p))
        #expect(close(result.tau, reference.seasonal.tau))
        let slope = try #require(TrendTest.seasonalTheilSen(reference.values, period: 7))
        #expect(close(slope.slope, reference.seasonal.slope))
        #expect(close(slope.intercept, reference.seasonal.intercept))
        #expect(close(slope.lowerSlope, reference.seasonalBounds.lower))
        #expect(close(slope.upperSlope, reference.seasonalBounds.upper))
    }
}
