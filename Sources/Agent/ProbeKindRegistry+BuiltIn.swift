import BIRDProbe
import ExecProbe
import InterfaceProbe
import PeeringLAN
import PingProbe
public import ProbeKit
import SFlowProbe

extension ProbeKindRegistry {
    /// Every probe kind the agent knows, in the order they are parsed and run. This list is the
    /// one place a new kind is registered.
    public static let builtIn = ProbeKindRegistry([
        SNMPInterfaceProbeKind(),
        SingleSectionProbeKind<PeeringLANSettings>(),
        SingleSectionProbeKind<BIRDSettings>(),
        SingleSectionProbeKind<PingSettings>(),
        SingleSectionProbeKind<SFlowSettings>(),
        SingleSectionProbeKind<ExecSettings>(),
        SingleSectionProbeKind<TextfileSettings>(),
    ])
}
