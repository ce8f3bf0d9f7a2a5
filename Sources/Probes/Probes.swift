// Probes module: the Probe protocol and the built-in probes.
