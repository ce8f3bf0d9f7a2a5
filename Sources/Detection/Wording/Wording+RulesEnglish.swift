extension Wording {
    /// What the rules say, in English.
    static let rulesEnglish: [String: String] = [
        // Symptom titles.
        "below_ixp_floor.title": "Active members",
        "stagnant_membership.title": "New members",
        "members_leaving.title": "Members leaving",
        "falling_traffic.title": "Traffic trend",
        "idle_member_ports.title": "Idle ports",
        "outgrown_ports.title": "Full ports",
        "no_route_server_session.title": "Route-server use",
        "ghost_members.title": "Ghost members",
        "traffic_concentration.title": "Traffic concentration",
        "stale_member_data.title": "Member data",

        "below_ixp_floor.ok": "{count} member networks exchanged traffic in the last 24 hours (an active exchange needs at least {floor}).",
        "below_ixp_floor.critical": "Only {count} member networks exchanged traffic in the last 24 hours; an active exchange needs at least {floor}.",
        "below_ixp_floor.not_enough_data": "Not enough traffic data in the last 24 hours to count active members ({known} of the window known).",

        "stagnant_membership.ok": "{joins} members joined in the last 12 months; {count_now} members now against {count_before} six months ago.",
        "stagnant_membership.no_join": "No member joined in the last 12 months (the last joined on {last_join}).",
        "stagnant_membership.no_growth": "The member count has not grown in six months: {count_before} then, {count_now} now.",
        "stagnant_membership.not_enough_data": "The membership history covers {days} days; judging it needs {needed} days.",

        "members_leaving.ok": "In the last 12 months {joins} members joined and {leaves} left.",
        "members_leaving.warning": "More members left than joined in the last 12 months: {leaves} left, {joins} joined.",
        "members_leaving.not_enough_data": "The membership history covers {days} days; counting leaves needs member lists over {needed} days.",

        "falling_traffic.ok": "Peak traffic is not falling: {qoq} quarter on quarter, {yoy} year on year.",
        "falling_traffic.warning": "Peak traffic is falling: the 95th percentile of daily peaks went from {previous} to {current} quarter on quarter ({qoq}); the trend is {slope} a quarter ({p}).",
        "falling_traffic.yoy": "Peak traffic has stopped growing: {yoy} year on year, with a falling trend of {slope} a quarter ({p}).",
        "falling_traffic.early": "Early warning: the daily peaks of the last 90 days fall by {slope} a quarter ({p}) and are still falling in the last two weeks.",
        "falling_traffic.not_enough_data": "The traffic history covers {days} days with {known} of it known; judging the trend needs {needed} days.",

        "idle_member_ports.ok": "{idle} of {ports} member ports are idle (30-day 95th percentile under {threshold} of port speed).",
        "idle_member_ports.warning": "{idle} of {ports} member ports ({share}) are idle, under {threshold} of their speed for 30 days: {list}.",
        "idle_member_ports.not_enough_data": "Too little of the last 30 days is known to judge idle ports ({known} known).",

        "outgrown_ports.ok": "No member port is above {threshold} of its speed (7-day 95th percentile).",
        "outgrown_ports.warning": "{count} member ports run above {threshold} of their speed (7-day 95th percentile): {list}.",
        "outgrown_ports.not_enough_data": "Too little of the last 7 days is known to judge full ports ({known} known).",

        "no_route_server_session.ok": "{users} of {members} members peer with the route servers.",
        "no_route_server_session.warning": "{count} of {members} members have no session with the route servers: {list}.",
        "no_route_server_session.falling": "Fewer members use the route servers: {share} now against {share_before} before.",
        "no_route_server_session.not_enough_data": "Route-server sessions are unknown: no capture sees BGP on the peering LAN and the member list does not say who peers with the route servers.",

        "ghost_members.ok": "Every member listed as connected shows life on its port or on the peering LAN.",
        "ghost_members.warning": "{count} members listed as connected have shown no life for 30 days (port down or empty, no MAC on the LAN): {list}.",
        "ghost_members.not_enough_data": "Too little port history to judge members listed as connected ({known} known).",

        "traffic_concentration.ok": "The largest member carries {top1} of traffic and the three largest {top3}.",
        "traffic_concentration.warning": "Traffic is concentrated: {top_name} carries {top1} of traffic and the three largest {top3}.",
        "traffic_concentration.not_enough_data": "Too little traffic in the last 30 days to judge how it is shared.",

        "stale_member_data.ok": "The member list is {age} old.",
        "stale_member_data.ok_peeringdb": "The member list is {age} old and agrees with PeeringDB ({peeringdb} networks).",
        "stale_member_data.no_timestamp": "The member list gives no export date, so its age cannot be judged.",
        "stale_member_data.old": "The member list is {age} old (exported {timestamp}); exchanges refresh it at least weekly.",
        "stale_member_data.peeringdb": "PeeringDB lists {peeringdb} networks at this exchange, but {active} members are active ({difference} apart).",
        "stale_member_data.not_enough_data": "No member list is configured, so its age cannot be judged.",

        // Operational findings.
        "port_down.summary": "{port} ({member}) is down while administratively up.",
        "member_down.summary": "Every port of {member} is down: {ports}.",
        "port_errors.summary": "{port} ({member}): {counter} rising to {rate}/s over the last hour.",
        "high_utilisation.summary": "{port} ({member}) runs at {utilisation} of its speed ({speed}).",
        "traffic_anomaly.summary": "{port} ({member}): traffic left its usual daily and weekly pattern: {value} where about {expected} was expected.",
        "probe_failing.summary": "{probe} keeps failing: {error}",
        "probe_stale.summary": "{probe} has sent no data for {age}.",
        "capture_drops.summary": "The peering-LAN capture dropped {dropped} frames in the last interval.",
        "lan_violation.summary": "{member} ({mac}) sent frames the peering LAN forbids ({lan_rule}): {count} in the last interval.",
        "port_speed_mismatch.summary": "{port} ({member}): the member list says {listed}, the switch reports {actual}.",
        "connected_port_admin_down.summary": "{member} is listed as connected, but {port} is administratively down.",
        "unknown_port_asn.summary": "{port} is described as AS{asn}, which is not in the member list.",
        "departed_member_port_up.summary": "{port} of AS{asn}, who left the exchange, is still up.",
        "member_list_unavailable.summary": "The member list could not be loaded from {source}: {error} The last good list is in use.",
        "rule.disabled": "This check is turned off in the configuration.",
        "unknown_member": "unknown member",
    ]
}
