import Testing
@testable import Detection

@Suite struct StatisticsTrendKernelsTests {
    @Test func averageRanksGiveTiesTheirMeanRank() {
        #expect(TrendKernels.averageRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
    }
}
