// TimeSeries module: see DESIGN.md.
