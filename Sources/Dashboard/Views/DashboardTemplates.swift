/// The dashboard's mustache templates, embedded as strings (so the binary needs no resource
/// files). `{{x}}` escapes HTML; `{{{x}}}` is only used for SVG and for markup the renderer
/// built and escaped itself.
enum DashboardTemplates {
    /// Every template by name.
    static let all: [String: String] = [
        "layout": layout, "exchange": exchange, "members": members, "member": member, "ports": ports, "lan": lan,
        "findings": findings, "agent": agent, "public": publicPage, "findingsTable": findingsTable, "portsTable": portsTable, "message": message, "pager": pager,
    ]

    static let layout = #"""
<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · {{exchange}} · ixp-health</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/dashboard.js" defer></script>
</head>
<body class="{{bodyClass}}" data-refresh="60">
<header class="top">
<a class="brand" href="/{{query}}">ixp-health</a><span class="exchange">{{exchange}}</span>
{{#hasNav}}<nav>{{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/nav}}</nav>{{/hasNav}}
<div class="tools"><a href="{{otherLanguageHref}}" hreflang="{{otherLanguage}}">{{otherLanguageLabel}}</a>
<label><input type="checkbox" id="autorefresh"> {{t.auto_refresh}}</label></div>
</header>
<main>
{{{body}}}
</main>
<footer>{{t.generated}} {{generatedAt}} · ixp-health {{version}}{{#json}} · <a href="{{json}}">{{t.json}}</a>{{/json}}</footer>
</body>
</html>
"""#

    static let message = #"""
<h1>{{heading}}</h1>
<p class="empty-state">{{text}}</p>
"""#

    static let pager = #"""
<div class="pager"><span>{{range}}</span>{{#first}}<a href="{{first}}">{{t.pager_first}}</a>{{/first}}{{#previous}}<a href="{{previous}}" rel="prev">{{t.pager_previous}}</a>{{/previous}}{{#next}}<a href="{{next}}" rel="next">{{t.pager_next}}</a>{{/next}}</div>
"""#

    static let findingsTable = #"""
<div class="table-wrap"><table class="findings">
<thead><tr><th>{{t.severity}}</th><th>{{t.state}}</th><th>{{t.rule}}</th><th>{{t.subject}}</th><th>{{t.summary}}</th><th>{{t.since}}</th></tr></thead>
<tbody>
{{#items}}<tr id="f-{{anchor}}">
<td><span class="badge {{severity}}">{{severityLabel}}</span></td>
<td><span class="badge {{state}}">{{stateLabel}}</span>{{#silencedBy}} <span class="badge info" title="{{silencedBy}}">{{t.silenced}}</span>{{/silencedBy}}{{#acknowledged}} <span class="badge acknowledged" title="{{by}}: {{comment}}">{{t.acknowledged}}</span>{{/acknowledged}}</td>
<td>{{title}}</td>
<td>{{#memberHref}}<a href="{{memberHref}}">{{subject}}</a>{{/memberHref}}{{^memberHref}}{{subject}}{{/memberHref}}</td>
<td>{{summary}}{{#hasEvidence}}<details><summary>{{t.evidence}}</summary><dl class="evidence">{{#evidence}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/evidence}}</dl></details>{{/hasEvidence}}{{#inhibitedBy}}<div class="note">{{t.inhibited_by}} {{inhibitedBy}}</div>{{/inhibitedBy}}{{#acknowledged}}<div class="note acknowledgement">{{t.acknowledged_by}} <strong>{{by}}</strong>, {{at}} ({{until}}) — {{comment}} <button type="button" class="link" data-unacknowledge="{{fingerprint}}" hidden>{{t.ack_withdraw}}</button></div>{{/acknowledged}}{{#canAcknowledge}}<details class="acknowledge" data-acknowledge-box hidden><summary>{{t.acknowledge}}</summary><form data-acknowledge="{{fingerprint}}" title="{{t.ack_note}}"><input name="by" required maxlength="100" placeholder="{{t.ack_by}}" aria-label="{{t.ack_by}}"> <input name="comment" required maxlength="1000" size="32" placeholder="{{t.ack_comment}}" aria-label="{{t.ack_comment}}"> <label>{{t.ack_expires}} <select name="expires"><option value="">{{t.ack_until_resolved}}</option><option value="1d">1 d</option><option value="7d">7 d</option><option value="30d">30 d</option></select></label> <button type="submit">{{t.acknowledge}}</button> <span class="note" data-acknowledge-error></span></form></details>{{/canAcknowledge}}</td>
<td>{{since}}{{#resolvedAt}}<div class="note">{{t.resolved_at}} {{resolvedAt}}</div>{{/resolvedAt}}</td>
</tr>{{/items}}
</tbody></table></div>
"""#

    static let exchange = #"""
<h1>{{name}}</h1>
{{#unmapped}}<div class="panel hint" role="note" data-hint="unmapped">
<h2>{{t.unmapped_title}}</h2>
<p>{{polled}}</p>
<p>{{t.unmapped_how}}</p>
<ul><li>{{t.unmapped_alias}}</li><li>{{t.unmapped_explicit}}</li></ul>
<p class="note">{{t.unmapped_member_list}}</p>
</div>{{/unmapped}}
<div class="tiles">
<div class="tile"><div class="label">{{t.members}}</div><div class="value">{{members}}</div><div class="sub">{{membersNote}}</div></div>
<div class="tile"><div class="label">{{t.ports}}</div><div class="value">{{portsValue}}</div><div class="sub">{{portsNote}}</div></div>
<div class="tile"><div class="label">{{t.traffic_now}}</div><div class="value">{{current}}</div><div class="sub">{{t.capacity}} {{capacity}}</div></div>
<div class="tile"><div class="label">{{t.peak_24h}}</div><div class="value">{{peak}}</div><div class="sub">{{t.evaluated}}: {{evaluatedAt}}</div></div>
</div>
<h2>{{t.symptoms}}</h2>
<div class="symptoms">
{{#symptoms}}<div class="symptom v-{{verdict}}"><span class="verdict">{{verdictLabel}}</span><h3>{{title}}</h3><p>{{summary}}</p></div>{{/symptoms}}
</div>
<h2>{{t.traffic}}</h2>
<div class="panel">
<div class="switch" data-range-switch>{{#ranges}}<a href="{{href}}" data-range="{{range}}" aria-pressed="{{pressed}}">{{label}}</a>{{/ranges}}</div>
{{#charts}}<figure data-range-panel="{{range}}" style="margin:0"{{^visible}} hidden{{/visible}}>
{{{svg}}}
<figcaption class="legend"><span class="s1">{{caption}}</span><span class="trend">{{t.trend}}: {{trend}}</span></figcaption>
</figure>{{/charts}}
</div>
<h2>{{t.active_findings}}</h2>
{{#hasFindings}}{{> findingsTable}}{{/hasFindings}}
{{#moreFindings}}<p><a href="{{href}}">{{text}} →</a></p>{{/moreFindings}}
{{^hasFindings}}<p class="empty-state">{{t.no_active_findings}}</p>{{/hasFindings}}
"""#

    static let members = #"""
<h1>{{t.members}} <span class="muted">({{count}})</span></h1>
{{#pager}}{{> pager}}{{/pager}}
<div class="table-wrap"><table class="members">
<thead><tr>{{#columns}}<th{{#numeric}} class="num"{{/numeric}}>{{#href}}<a href="{{href}}"{{#sorted}} class="sorted"{{/sorted}}>{{label}}{{arrow}}</a>{{/href}}{{^href}}{{label}}{{/href}}</th>{{/columns}}</tr></thead>
<tbody>
{{#rows}}<tr>
<td class="num"><a href="{{href}}">{{asn}}</a></td>
<td><a href="{{href}}">{{name}}</a></td>
<td class="num">{{portsUp}} / {{ports}}</td>
<td class="num">{{capacity}}</td>
<td class="num">{{p95}}</td>
<td class="num">{{share}}</td>
<td><span class="badge {{rsClass}}">{{rs}}</span></td>
<td class="num">{{#findings}}<a href="{{href}}#findings">{{findings}}</a>{{/findings}}{{^findings}}0{{/findings}}</td>
<td>{{{spark}}}</td>
</tr>{{/rows}}
</tbody></table></div>
{{#pager}}{{#several}}{{> pager}}{{/several}}{{/pager}}
"""#

    static let member = #"""
<h1>{{name}} <span class="muted">AS{{asn}}</span></h1>
<div class="tiles">
<div class="tile"><div class="label">{{t.ports}}</div><div class="value">{{portsUp}} / {{ports}}</div><div class="sub">{{t.capacity}} {{capacity}}</div></div>
<div class="tile"><div class="label">{{t.p95_30d}}</div><div class="value">{{p95}}</div><div class="sub">{{t.share}} {{share}}</div></div>
<div class="tile"><div class="label">{{t.rs}}</div><div class="value"><span class="badge {{rsClass}}">{{rs}}</span></div></div>
<div class="tile"><div class="label">{{t.member_since}}</div><div class="value">{{memberSince}}</div></div>
</div>
<div class="grid2">
<div class="panel"><h2>{{t.traffic}} · {{t.last_7_days}}</h2>{{{trafficChart}}}
<div class="legend"><span class="s1">{{t.traffic_in}}</span><span class="s2">{{t.traffic_out}}</span></div></div>
<div class="panel"><h2>{{t.errors}} · {{t.last_7_days}}</h2>{{{errorChart}}}</div>
</div>
<h2>{{t.ports}}</h2>
{{> portsTable}}
<div class="grid2">
<div class="panel"><h2>{{t.macs}}</h2>
<table><thead><tr><th>{{t.mac}}</th><th>{{t.registered}}</th><th class="num">{{t.seen}}</th></tr></thead><tbody>
{{#macs}}<tr><td><code>{{address}}</code></td><td>{{registered}}</td><td class="num">{{seen}}</td></tr>{{/macs}}
</tbody></table></div>
<div class="panel"><h2>{{t.addresses}}</h2>
<table><thead><tr><th>IP</th><th>{{t.registered}}</th><th class="num">{{t.seen}}</th></tr></thead><tbody>
{{#addresses}}<tr><td><code>{{address}}</code></td><td>{{registered}}</td><td class="num">{{seen}}</td></tr>{{/addresses}}
</tbody></table></div>
</div>
{{#hasPeers}}<h2>{{t.top_peers}}</h2>
<div class="table-wrap"><table><thead><tr><th>{{t.asn}}</th><th>{{t.name}}</th><th class="num">{{t.sent_to_peer}}</th><th class="num">{{t.received_from_peer}}</th></tr></thead><tbody>
{{#peers}}<tr><td><a href="{{href}}">AS{{asn}}</a></td><td>{{name}}</td><td class="num">{{sent}}</td><td class="num">{{received}}</td></tr>{{/peers}}
</tbody></table></div>{{/hasPeers}}
<h2>{{t.rs_sessions}}</h2>
<div class="table-wrap"><table><tbody>
{{#sessions}}<tr><td>{{routeServer}}</td><td><span class="badge {{stateClass}}">{{state}}</span></td><td>{{detail}}</td></tr>{{/sessions}}
</tbody></table></div>
<h2 id="findings">{{t.findings}}</h2>
{{#hasFindings}}{{> findingsTable}}{{/hasFindings}}
{{^hasFindings}}<p class="empty-state">{{t.no_active_findings}}</p>{{/hasFindings}}
"""#

    static let portsTable = #"""
<div class="table-wrap"><table class="ports">
<thead><tr><th>{{t.switch}}</th><th>{{t.interface}}</th><th>{{t.member}}</th><th class="num">{{t.speed}}</th><th>{{t.status}}</th>
<th class="num">{{t.in_now}}</th><th class="num">{{t.out_now}}</th><th class="num">{{t.p95_month}}</th><th>{{t.utilisation}}</th><th>{{t.usage}}</th></tr></thead>
<tbody>
{{#portRows}}<tr>
<td>{{switchName}}</td><td>{{interface}}</td>
<td>{{#memberHref}}<a href="{{memberHref}}">{{member}}</a>{{/memberHref}}{{^memberHref}}<span class="muted">{{member}}</span>{{/memberHref}}</td>
<td class="num">{{speed}}</td><td><span class="badge {{statusClass}}">{{status}}</span></td>
<td class="num">{{inNow}}</td><td class="num">{{outNow}}</td><td class="num">{{p95}}</td>
<td><span class="meter"><i class="{{meterClass}}" style="width:{{meter}}%"></i></span>{{utilisation}}</td>
<td><span class="badge {{usage}}">{{usageLabel}}</span></td>
</tr>{{/portRows}}
</tbody></table></div>
"""#

    static let ports = #"""
<h1>{{t.ports}} <span class="muted">{{month}}</span></h1>
<div class="tiles">
{{#tiles}}<div class="tile"><div class="label">{{label}}</div><div class="value">{{value}}</div></div>{{/tiles}}
</div>
<div class="panel" style="margin-top:1rem"><h2>{{t.utilisation_distribution}}</h2>{{{distribution}}}</div>
<p class="note">{{t.p95_note}}</p>
<div class="filters">{{#filters}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}} ({{count}})</a>{{/filters}}</div>
{{#pager}}{{> pager}}{{/pager}}
{{> portsTable}}
{{#pager}}{{#several}}{{> pager}}{{/several}}{{/pager}}
"""#

    static let lan = #"""
<h1>{{t.nav_lan}}</h1>
{{^captureRunning}}<p class="empty-state">{{t.no_capture}}</p>{{/captureRunning}}
{{#captureRunning}}<div class="tiles">
<div class="tile"><div class="label">{{t.captured}}</div><div class="value">{{received}}</div><div class="sub">{{dropped}} {{t.dropped}}</div></div>
<div class="tile"><div class="label">{{t.offenders}}</div><div class="value">{{offenderCount}}</div></div>
<div class="tile"><div class="label">{{t.without_rs}}</div><div class="value">{{withoutRSCount}}</div></div>
</div>{{/captureRunning}}
<div class="panel" style="margin-top:1rem"><h2>{{t.classes}}</h2>{{{classChart}}}
<div class="legend">{{#legend}}<span class="{{style}}">{{name}}</span>{{/legend}}</div>
<div class="table-wrap"><table><thead><tr><th>{{t.class}}</th><th class="num">{{t.now_per_min}}</th><th>{{t.last_6_hours}}</th></tr></thead><tbody>
{{#classes}}<tr><td><code>{{name}}</code>{{#forbidden}} <span class="badge warning">{{t.forbidden}}</span>{{/forbidden}}</td><td class="num">{{now}}</td><td>{{{spark}}}</td></tr>{{/classes}}
</tbody></table></div></div>
<h2>{{t.offenders}}</h2>
{{#hasOffenders}}<div class="table-wrap"><table><thead><tr><th>{{t.rule}}</th><th>{{t.severity}}</th><th>{{t.mac}}</th><th>{{t.member}}</th><th class="num">{{t.frames}}</th><th>{{t.example}}</th></tr></thead><tbody>
{{#offenders}}<tr><td><code>{{rule}}</code></td><td><span class="badge {{severity}}">{{severity}}</span></td><td><code>{{mac}}</code></td>
<td>{{#memberHref}}<a href="{{memberHref}}">{{member}}</a>{{/memberHref}}{{^memberHref}}<span class="muted">{{member}}</span>{{/memberHref}}</td>
<td class="num">{{frames}}</td><td><pre class="frame">{{example}}</pre></td></tr>{{/offenders}}
</tbody></table></div>{{/hasOffenders}}
{{^hasOffenders}}<p class="empty-state">{{t.no_offenders}}</p>{{/hasOffenders}}
<div class="grid2">
<div class="panel"><h2>{{t.arp_nd}}</h2>{{{arpChart}}}<div class="legend"><span class="s1">{{t.arp}}</span><span class="s2">{{t.nd}}</span></div></div>
<div class="panel"><h2>{{t.bgp}}</h2>{{{bgpChart}}}
{{#hasWithoutRS}}<h3>{{t.without_rs}}</h3><p>{{#withoutRS}}<a href="{{href}}">AS{{asn}}</a> {{/withoutRS}}</p>{{/hasWithoutRS}}</div>
</div>
"""#

    static let findings = #"""
<h1>{{t.findings}}</h1>
<h2 id="active">{{t.active_findings}} <span class="muted">({{activeCount}})</span></h2>
{{#active}}{{#pager}}{{> pager}}{{/pager}}{{> findingsTable}}{{#pager}}{{#several}}{{> pager}}{{/several}}{{/pager}}{{/active}}
{{^active}}<p class="empty-state">{{t.no_active_findings}}</p>{{/active}}
<h2 id="resolved">{{t.resolved_findings}} <span class="muted">({{resolvedCount}})</span></h2>
{{#resolved}}<details class="resolved"{{#open}} open{{/open}}><summary>{{t.show_resolved}}</summary>
{{#pager}}{{> pager}}{{/pager}}{{> findingsTable}}{{#pager}}{{#several}}{{> pager}}{{/several}}{{/pager}}</details>{{/resolved}}
<h2>{{t.silences}}</h2>
{{#hasSilences}}<div class="table-wrap"><table><thead><tr><th>{{t.state}}</th><th>{{t.matchers}}</th><th>{{t.since}}</th><th>{{t.until}}</th><th>{{t.created_by}}</th><th>{{t.comment}}</th></tr></thead><tbody>
{{#silences}}<tr><td><span class="badge {{stateClass}}">{{state}}</span></td><td><code>{{matchers}}</code></td><td>{{startsAt}}</td><td>{{endsAt}}</td><td>{{createdBy}}</td><td>{{comment}}</td></tr>{{/silences}}
</tbody></table></div>{{/hasSilences}}
{{^hasSilences}}<p class="empty-state">{{t.no_silences}}</p>{{/hasSilences}}
"""#

    static let agent = #"""
<h1>{{t.nav_agent}} <span class="muted">{{t.version}} {{version}}</span></h1>
<h2>{{t.probes}}</h2>
<div class="table-wrap"><table><thead><tr><th>{{t.kind}}</th><th>{{t.name}}</th><th>{{t.status}}</th><th class="num">{{t.duration}}</th><th>{{t.last_success}}</th><th class="num">{{t.runs}}</th><th class="num">{{t.failures}}</th><th>{{t.last_error}}</th></tr></thead><tbody>
{{#probes}}<tr><td>{{kind}}</td><td>{{name}}</td><td><span class="badge {{statusClass}}">{{status}}</span></td><td class="num">{{duration}}</td><td>{{lastSuccess}}</td><td class="num">{{runs}}</td><td class="num">{{failures}}</td><td><code>{{lastError}}</code></td></tr>{{/probes}}
</tbody></table></div>
<div class="panel" style="margin-top:1rem"><h2>{{t.poll_durations}}</h2>{{{durationChart}}}
<div class="legend">{{#legend}}<span class="{{style}}">{{name}}</span>{{/legend}}</div></div>
<div class="grid2">
<div class="panel"><h2>{{t.store}}</h2><dl class="evidence">{{#store}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/store}}</dl></div>
<div class="panel"><h2>{{t.outbox}}</h2>{{#hasOutbox}}<dl class="evidence">{{#outbox}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/outbox}}</dl>{{/hasOutbox}}
{{^hasOutbox}}<p class="empty-state">{{t.alerting_off}}</p>{{/hasOutbox}}</div>
</div>
"""#

    static let publicPage = #"""
<h1>{{name}} · {{t.public_title}}</h1>
<div class="tiles">
<div class="tile"><div class="label">{{t.public_members}}</div><div class="value">{{members}}</div></div>
<div class="tile"><div class="label">{{t.traffic_now}}</div><div class="value">{{current}}</div></div>
<div class="tile"><div class="label">{{t.public_peak}}</div><div class="value">{{peak}}</div></div>
{{#ipv6}}<div class="tile"><div class="label">{{t.public_ipv6}}</div><div class="value">{{ipv6}}</div></div>{{/ipv6}}
</div>
<div class="panel" style="margin-top:1rem"><h2>{{t.public_daily_peaks}}</h2>{{{chart}}}</div>
"""#
}
