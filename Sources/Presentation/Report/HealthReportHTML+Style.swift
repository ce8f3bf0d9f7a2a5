extension HealthReportHTML {
    /// The page's style sheet: a restrained palette, the system font stack, a layout that reads
    /// on a laptop, and print rules for A4 (sections on their own pages, nothing that needs a
    /// background colour to be understood: every verdict is also a word and an icon).
    static let style = """
    :root {
      --ink: #1d2733; --muted: #5b6572; --faint: #8a94a3; --line: #dde1e6; --soft: #f5f7f9; --accent: #1f5f99;
      --ok: #2e7d4f; --ok-bg: #eaf5ee; --warning: #9a5b00; --warning-bg: #fdf4e2;
      --critical: #b3261e; --critical-bg: #fbeceb; --nodata: #5b6572; --nodata-bg: #eef0f3;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body {
      margin: 0; background: #eef1f4; color: var(--ink);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif;
    }
    .page { max-width: 1080px; margin: 24px auto; background: #fff; padding: 40px 48px 32px; border-radius: 10px;
      box-shadow: 0 1px 3px rgba(29, 39, 51, .08), 0 8px 24px rgba(29, 39, 51, .06); }
    h1, h2, h3 { line-height: 1.25; margin: 0; font-weight: 650; }
    h1 { font-size: 30px; letter-spacing: -.01em; }
    h2 { font-size: 20px; margin: 0 0 4px; padding-top: 8px; }
    h3 { font-size: 15.5px; }
    p { margin: 0; }
    section { margin-top: 36px; }
    .lead { color: var(--muted); margin-bottom: 16px; max-width: 760px; }
    .num { font-variant-numeric: tabular-nums; white-space: nowrap; }

    .masthead { display: flex; justify-content: space-between; align-items: flex-end; gap: 24px;
      border-bottom: 2px solid var(--ink); padding-bottom: 16px; }
    .eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); font-weight: 600; margin-bottom: 6px; }
    .meta { color: var(--muted); font-size: 13.5px; text-align: right; }
    .meta span { display: block; }

    .icon { width: 1.05em; height: 1.05em; vertical-align: -.17em; flex: none; }
    .verdict { display: inline-flex; align-items: center; gap: 6px; font-weight: 650; font-size: 13px; white-space: nowrap;
      padding: 2px 10px 2px 8px; border-radius: 999px; border: 1px solid currentColor; }
    .v-ok { --v: var(--ok); --v-bg: var(--ok-bg); }
    .v-warning { --v: var(--warning); --v-bg: var(--warning-bg); }
    .v-critical { --v: var(--critical); --v-bg: var(--critical-bg); }
    .v-not_enough_data { --v: var(--nodata); --v-bg: var(--nodata-bg); }
    .verdict { color: var(--v); background: var(--v-bg); }

    .banner { display: flex; gap: 20px; align-items: center; margin-top: 24px; padding: 18px 22px; border-radius: 8px;
      background: var(--v-bg); border: 1px solid var(--v); border-left: 8px solid var(--v); }
    .banner .big { width: 44px; height: 44px; color: var(--v); flex: none; }
    .banner-title { font-size: 19px; font-weight: 650; color: var(--ink); }
    .banner-counts { color: var(--muted); margin-top: 2px; }

    .chips { display: flex; flex-wrap: wrap; gap: 6px 8px; margin-top: 14px; padding: 0; list-style: none; }
    .chips li { display: inline-flex; align-items: center; gap: 5px; font-size: 12.5px; padding: 2px 9px 2px 6px;
      border-radius: 999px; color: var(--v); background: #fff; border: 1px solid var(--v); }
    .chips li span { color: var(--ink); }

    .figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0; margin-top: 24px; border: 1px solid var(--line);
      border-radius: 8px; overflow: hidden; }
    .figure { padding: 14px 18px; border-right: 1px solid var(--line); border-top: 1px solid var(--line); }
    .figure:nth-child(4n) { border-right: 0; }
    .figure:nth-child(-n+4) { border-top: 0; }
    .figure .label { font-size: 12.5px; color: var(--muted); }
    .figure .value { font-size: 21px; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 2px; }
    .figure .note { font-size: 12.5px; color: var(--muted); }

    .axes { width: 100%; border-collapse: collapse; margin-top: 8px; }
    .axes th, .axes td { text-align: left; vertical-align: top; padding: 10px 12px; border-top: 1px solid var(--line); }
    .axes tr { border-left: 6px solid var(--v); }
    .axes th { width: 16%; font-size: 15px; border-bottom: 0; color: var(--ink); }
    .axes .axis-verdict { width: 19%; }
    .axes .question { font-weight: 600; }
    .axes .reason { color: #3a4450; font-size: 14px; margin-top: 2px; }
    .changes { margin-top: 18px; }
    .changes ul { margin: 6px 0 0 18px; font-size: 14px; }
    .cards { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
    .card { border: 1px solid var(--line); border-left: 6px solid var(--v); border-radius: 8px; padding: 14px 16px 12px;
      break-inside: avoid; page-break-inside: avoid; background: #fff; }
    .card header { display: flex; justify-content: space-between; align-items: flex-start; gap: 10px; margin-bottom: 6px; }
    .card p { font-size: 14px; }
    .card.v-ok p, .card.v-not_enough_data p { color: #3a4450; }
    dl.evidence { margin: 10px 0 0; padding-top: 8px; border-top: 1px dashed var(--line); font-size: 12.5px;
      display: grid; grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr); gap: 2px 12px; }
    dl.evidence dt { color: var(--muted); }
    dl.evidence dd { margin: 0; font-variant-numeric: tabular-nums; text-align: right; overflow-wrap: anywhere; }
    dl.evidence .window { display: block; color: var(--faint); font-size: 11.5px; }

    figure { margin: 14px 0 0; break-inside: avoid; page-break-inside: avoid; }
    figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
    svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
    svg.chart .c-tick { font-size: 12px; fill: var(--muted); font-variant-numeric: tabular-nums; }
    svg.chart .c-legend { font-size: 13px; fill: var(--ink); }
    svg.chart .c-label { font-size: 13px; fill: var(--ink); }
    svg.chart .c-value { font-size: 12.5px; fill: var(--ink); font-weight: 600; font-variant-numeric: tabular-nums; }
    svg.chart .c-muted { font-size: 14px; fill: var(--muted); }

    table { width: 100%; border-collapse: collapse; font-size: 13.5px; margin-top: 10px; }
    th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
      border-bottom: 1.5px solid var(--ink); padding: 6px 8px; }
    td { border-bottom: 1px solid var(--line); padding: 7px 8px; vertical-align: top; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    th.r, td.r { text-align: right; }
    td.r { font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.name { overflow-wrap: anywhere; }
    .bar { display: inline-block; height: 8px; background: #3d6e9e; border-radius: 2px; vertical-align: middle; margin-left: 8px; }
    .bar-track { display: inline-block; width: 70px; height: 8px; background: var(--soft); border: 1px solid var(--line);
      border-radius: 2px; vertical-align: middle; margin-left: 8px; position: relative; }
    .bar-track .bar { position: absolute; left: 0; top: -1px; margin: 0; }
    .stack > .ports { margin-top: 12px; }
    .stack > .ports + .ports { margin-top: 26px; }
    table.port-table { table-layout: fixed; }
    table.port-table td.port { overflow: hidden; text-overflow: ellipsis; }
    .caption { font-size: 13px; color: var(--muted); margin-top: 2px; }
    td.port { white-space: nowrap; font-variant-numeric: tabular-nums; }
    .empty { color: var(--muted); font-style: italic; margin-top: 10px; }
    .sev { display: inline-flex; align-items: center; gap: 5px; font-weight: 650; font-size: 12px; color: var(--v); white-space: nowrap; }
    .finding-summary { margin-bottom: 4px; }
    ul.ev { margin: 4px 0 0; padding: 0; list-style: none; font-size: 12.5px; color: var(--muted); }
    ul.ev li { display: inline; }
    ul.ev li + li::before { content: " · "; color: var(--faint); }
    ul.ev b { font-weight: 600; color: var(--ink); }
    .state { color: var(--muted); font-size: 12px; display: block; }
    .more { color: var(--muted); font-size: 13px; margin-top: 8px; }
    footer { margin-top: 40px; padding-top: 14px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12.5px; }

    @media screen and (max-width: 760px) {
      .page { padding: 24px 18px; margin: 0; border-radius: 0; }
      .cards { grid-template-columns: 1fr; }
      .figures { grid-template-columns: 1fr 1fr; }
      .masthead { display: block; }
      .meta { text-align: left; margin-top: 8px; }
    }

    @page { size: A4; margin: 14mm 12mm 16mm; }
    @media print {
      body { background: #fff; font-size: 10pt; }
      /* An A4 page is about 700 CSS pixels wide: lay out as on a 900-pixel screen, scaled down
         (text prints at about 9 pt). */
      .page { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; zoom: .78; }
      section { margin-top: 18px; }
      .page-break { break-before: page; page-break-before: always; margin-top: 0; }
      h2 { break-after: avoid; page-break-after: avoid; }
      .cards { gap: 8px; }
      .card { padding: 8px 10px; }
      .banner, .verdict, .chips li, .bar, .bar-track { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .figures { grid-template-columns: repeat(4, 1fr); }
      table { font-size: 9pt; }
      thead { display: table-header-group; }
      a { color: inherit; text-decoration: none; }
    }
    """
}
