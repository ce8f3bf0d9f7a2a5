import ProcessTestSupport
import Foundation
import Testing

/// The Debian package (`make deb`): `Deploy/test-deb.sh` builds it from the test build's binary,
/// installs it with dpkg in a clean root (an overlay of `/` in private mount and network
/// namespaces), verifies the unit with `systemd-analyze verify`, runs the unit's command line as
/// the package's user with only the capture capabilities against a real snmpd, scrapes
/// `/metrics`, stops it with SIGTERM and purges the package. Needs root, as CI has.
@Suite("Debian package")
struct DebianPackageIntegrationTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the package installs in a clean root, its unit verifies, its service polls and serves, purge removes it",
          .enabled(if: getuid() == 0, "needs root for mount and network namespaces"))
    func packageInstallsAndRuns() async throws {
        let script = Self.repository.appendingPathComponent("Deploy/test-deb.sh").path
        let result = try await Subprocess.run("bash", [script, "--binary", IXPHealthBinary.path], timeout: 300)
        #expect(result.status == 0, "test-deb.sh failed:\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("test-deb: PASS"), "\(result.stdout)")
        for check in ["dpkg -i installed", "systemd-analyze verify", "runs as ixp-health", "dpkg --purge removes"] {
            #expect(result.stdout.contains("test-deb: ok: \(check)"), "missing check '\(check)':\n\(result.stdout)")
        }
    }
}
