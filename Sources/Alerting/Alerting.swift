// Alerting module: see docs/architecture.md.
