// Alerting module: see DESIGN.md.
