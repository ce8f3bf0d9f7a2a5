import Foundation
import Testing
@testable import Detection

/// Every rule id has a test where it fires and one where it stays quiet (issue 20, "Proof").
///
/// The table names, per rule id, a test of this target that raises it and one that checks it
/// stays quiet (often the same test: one subject fires, its neighbour on a near miss does not).
/// What each named test asserts is for review to judge; this suite keeps the table whole: a rule
/// added to the catalog without an entry fails here, and so does an entry naming a test that no
/// longer exists.
@Suite struct RuleCoverageTests {
    /// A test: its suite (also its file's name) and its function.
    struct TestName: CustomStringConvertible {
        var suite: String
        var function: String
        init(_ name: String) {
            let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
            suite = parts.first ?? ""
            function = parts.count > 1 ? parts[1] : ""
        }
        var description: String { "\(suite)/\(function)" }
    }

    /// Rule id → (a test where it fires, a test where it stays quiet).
    static let coverage: [RuleID: (fires: String, quiet: String)] = [
        .belowIXPFloor: ("ZombieSymptomRuleTests/twoActiveMembersAreBelowTheFloorAndCritical",
                         "ZombieSymptomRuleTests/threeActiveMembersJustOverTheMinimumAreNotBelowTheFloor"),
        .stagnantMembership: ("BacktestTests/aSlowlyDyingExchangeRaisesEachSymptomAtTheRightTime",
                              "BacktestTests/aHealthyGrowingExchangeRaisesNoZombieFinding"),
        .membersLeaving: ("BacktestTests/aSlowlyDyingExchangeRaisesEachSymptomAtTheRightTime",
                          "BacktestTests/aHealthyGrowingExchangeRaisesNoZombieFinding"),
        .fallingTraffic: ("BacktestTests/aSlowlyDyingExchangeRaisesEachSymptomAtTheRightTime",
                          "BacktestTests/aHolidayDipThatRecoversRaisesNoFinding"),
        .idleMemberPorts: ("BacktestTests/aSlowlyDyingExchangeRaisesEachSymptomAtTheRightTime",
                           "BacktestTests/aHealthyGrowingExchangeRaisesNoZombieFinding"),
        .outgrownPorts: ("ZombieSymptomRuleTests/aPortWhose95thPercentileIsOver80PercentHasOutgrownIt",
                         "ZombieSymptomRuleTests/aPortJustUnder80PercentHasNotOutgrownIt"),
        .noRouteServerSession: ("RouteServerRuleTests/theShareOfMembersOnTheRouteServersFallingFivePointsInAQuarterIsAWarning",
                                "RouteServerRuleTests/aFallJustUnderFivePointsIsNotAWarning"),
        .ghostMembers: ("ZombieSymptomRuleTests/aListedMemberWhosePortCarriedNothingFor30DaysIsAGhost",
                        "ZombieSymptomRuleTests/aMemberJustOverTheMinimumTrafficIsNotAGhost"),
        .trafficConcentration: ("SFlowRuleTests/concentrationReadsTheMatrixWhenSFlowIsThere",
                                "SFlowRuleTests/evenPeeringIsNotConcentrated"),
        .staleMemberData: ("ZombieSymptomRuleTests/anExportOlderThanSevenDaysIsStale",
                           "ZombieSymptomRuleTests/anExportJustUnderSevenDaysOldIsNotStale"),
        .portDown: ("OperationalRuleTests/aPortDownWhileAdminUpIsAFindingAndAMemberWithEveryPortDownIsOne",
                    "OperationalRuleTests/aPortDownWhileAdminUpIsAFindingAndAMemberWithEveryPortDownIsOne"),
        .memberDown: ("OperationalRuleTests/aPortDownWhileAdminUpIsAFindingAndAMemberWithEveryPortDownIsOne",
                      "OperationalRuleTests/aPortDownWhileAdminUpIsAFindingAndAMemberWithEveryPortDownIsOne"),
        .portErrors: ("OperationalRuleTests/errorsRisingOverTheDayBeforeAreAFindingAndASteadyRateIsNot",
                      "OperationalRuleTests/errorsRisingOverTheDayBeforeAreAFindingAndASteadyRateIsNot"),
        .highUtilisation: ("OperationalRuleTests/aPortAt90PercentForFifteenMinutesIsHighUtilisation",
                           "OperationalRuleTests/aPortAt90PercentForFifteenMinutesIsHighUtilisation"),
        .trafficAnomaly: ("OperationalRuleTests/trafficLeavingItsDailyPatternIsAnAnomalyAndTheModelLearnsIt",
                          "OperationalRuleTests/trafficLeavingItsDailyPatternIsAnAnomalyAndTheModelLearnsIt"),
        .probeFailing: ("OperationalRuleTests/aFailingProbeAndAStaleOneAreFindingsAndTheFailingSwitchIsTheSubject",
                        "OperationalRuleTests/aFailingProbeAndAStaleOneAreFindingsAndTheFailingSwitchIsTheSubject"),
        .probeStale: ("OperationalRuleTests/aFailingProbeAndAStaleOneAreFindingsAndTheFailingSwitchIsTheSubject",
                      "OperationalRuleTests/aFailingProbeAndAStaleOneAreFindingsAndTheFailingSwitchIsTheSubject"),
        .captureDrops: ("OperationalRuleTests/captureDropsFromATenthOfAPercentAreAFindingAndACleanCaptureIsQuiet",
                        "OperationalRuleTests/captureDropsFromATenthOfAPercentAreAFindingAndACleanCaptureIsQuiet"),
        .lanViolation: ("OperationalRuleTests/aLANViolationNamesTheMACAndItsMemberAndCaptureDropsAreAFinding",
                        "OperationalRuleTests/captureDropsFromATenthOfAPercentAreAFindingAndACleanCaptureIsQuiet"),
        .portSpeedMismatch: ("OperationalRuleTests/theAuditComparesTheMemberListWithTheSwitch",
                             "OperationalRuleTests/theAuditComparesTheMemberListWithTheSwitch"),
        .connectedPortAdminDown: ("OperationalRuleTests/theAuditComparesTheMemberListWithTheSwitch",
                                  "OperationalRuleTests/theAuditComparesTheMemberListWithTheSwitch"),
        .unknownPortASN: ("OperationalRuleTests/theAuditComparesTheMemberListWithTheSwitch",
                          "ZombieSymptomRuleTests/aDepartedMembersPortStillUpIsAFindingAndOneThatIsDownIsNot"),
        .departedMemberPortUp: ("ZombieSymptomRuleTests/aDepartedMembersPortStillUpIsAFindingAndOneThatIsDownIsNot",
                                "ZombieSymptomRuleTests/aDepartedMembersPortStillUpIsAFindingAndOneThatIsDownIsNot"),
        .memberListUnavailable: ("OperationalRuleTests/aMemberListThatCannotBeLoadedIsAFindingUntilItLoadsAgain",
                                 "OperationalRuleTests/aMemberListThatCannotBeLoadedIsAFindingUntilItLoadsAgain"),
        .clockBehindStore: ("ClockBehindStoreRuleTests/raisedWhilePollsAreRefusedAndResolvedWhenSamplesAreTakenAgain",
                            "ClockBehindStoreRuleTests/raisedWhilePollsAreRefusedAndResolvedWhenSamplesAreTakenAgain"),
        .routeServerMaxPrefix: ("RouteServerRuleTests/aMemberAtEightyPercentOfItsMaxPrefixIsAWarning",
                                "RouteServerRuleTests/aMemberAtEightyPercentOfItsMaxPrefixIsAWarning"),
        .memberStoppedAnnouncing: ("RouteServerRuleTests/aMemberWhoseSessionStaysUpButAnnouncesNothingAnyMoreIsAWarning",
                                   "RouteServerRuleTests/aMemberWhoseSessionStaysUpButAnnouncesNothingAnyMoreIsAWarning"),
        .memberUnreachable: ("PingRuleTests/aMemberLosingEveryPingWhileItsPortIsUpIsUnreachable",
                             "PingRuleTests/partialLossOrTooFewRoundsIsNotUnreachable"),
        .exchangeUnreachable: ("PingRuleTests/mostMembersUnreachableAtOnceIsOneExchangeWideFinding",
                               "PingRuleTests/aMemberLosingEveryPingWhileItsPortIsUpIsUnreachable"),
        .memberLatencyJump: ("PingRuleTests/aRouterThreeTimesSlowerThanItsOwnDayIsALatencyJump",
                             "PingRuleTests/smallOrProportionateRisesAreNoJump"),
        .opticsLowRx: ("SwitchTableRuleTests/lowReceivePowerBelowTheModulesAlarmIsCritical",
                       "SwitchTableRuleTests/healthyLightIsQuietAndALowReadingResolvesWhenTheLightComesBack"),
        .opticsRxFalling: ("SwitchTableRuleTests/receivePowerFallingMoreThanThreeDecibelsInAWeek",
                           "SwitchTableRuleTests/receivePowerFallingMoreThanThreeDecibelsInAWeek"),
        .lldpNeighborChanged: ("SwitchTableRuleTests/anLLDPNeighbourChangeOnAMemberPortIsAFindingForADay",
                               "SwitchTableRuleTests/anLLDPNeighbourChangeOnAMemberPortIsAFindingForADay"),
        .switchHot: ("SwitchTableRuleTests/aHotSwitchSensorAboveItsOwnThresholdOrTheDefault",
                     "SwitchTableRuleTests/aCoolSwitchIsQuietAndAHotOneResolvesWhenItCools"),
        .memberNoPeeringTraffic: ("SFlowRuleTests/aMemberWithPortsUpAndNoPeeringTrafficIsFound",
                                  "SFlowRuleTests/noPeeringFindingWithoutSFlowTraffic"),
        .memberDataMismatch: ("MemberDataRuleTests/everyKindOfMismatchIsListedMemberByMember",
                              "MemberDataRuleTests/aMemberListThatMatchesTheLANTheRouteServersAndPeeringDBIsQuiet"),
        // Report only: "fires" is its statement that the year's growth is all remote; it never alerts.
        .remoteGrowth: ("MemberDataRuleTests/aYearOfRemoteJoinsIsWeakGrowthInTheReportOnly",
                        "MemberDataRuleTests/aLocalJoinAmongRemoteOnesIsNotWeakGrowth"),
        .routesAvailable: ("RoutesAvailableRuleTests/routesFlatForAYearAreAWarning",
                           "RoutesAvailableRuleTests/routesGrowingTwentyPercentAYearAreOkEvenThroughARestartAndAnOutageDay"),
        .peeringDensity: ("PeeringDensityRuleTests/aMeshThinningByAThirdOverAQuarterIsAWarning",
                          "PeeringDensityRuleTests/aFullMeshThatStaysIsOkAndOtherIsNoMember"),
        .unattendedFindings: ("UnattendedFindingsRuleTests/aFindingFiringThirtyDaysWithNoAcknowledgementIsUnattended",
                              "UnattendedFindingsRuleTests/acknowledgedSilencedYoungChangedOrExplainedFindingsAreAttended"),
        .capacityRunway: ("CapacityRunwayRuleTests/aPortReaching80PercentIn45DaysIsCritical",
                          "CapacityRunwayRuleTests/noisyFlatPortsNearTheTargetStayQuiet"),
        .noInvestment: ("NoInvestmentRuleTests/twoYearsOfTheSameSoftwareWhileCapacityRunsOutIsAWarning",
                        "NoInvestmentRuleTests/softwareChangedSixMonthsAgoIsInvestment"),
    ]

    @Test func everyRuleIDHasAFiringAndAQuietTest() {
        let catalog = Set(RuleCatalog.ruleIDs)
        let listed = Set(Self.coverage.keys)
        #expect(catalog.subtracting(listed).isEmpty, "rule ids with no test named: \(catalog.subtracting(listed).sorted { $0.rawValue < $1.rawValue })")
        #expect(listed.subtracting(catalog).isEmpty, "entries for rule ids not in the catalog: \(listed.subtracting(catalog))")
    }

    @Test func everyTestTheTableNamesExists() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var sources: [String: String] = [:]
        for (rule, tests) in Self.coverage.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for test in [TestName(tests.fires), TestName(tests.quiet)] {
                if sources[test.suite] == nil {
                    sources[test.suite] = try? String(contentsOf: directory.appendingPathComponent("\(test.suite).swift"), encoding: .utf8)
                }
                let source = sources[test.suite] ?? ""
                #expect(source.contains("@Test func \(test.function)("), "\(rule.rawValue): no test \(test)")
            }
        }
    }
}
