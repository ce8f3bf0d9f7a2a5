// Agent module: see DESIGN.md.
