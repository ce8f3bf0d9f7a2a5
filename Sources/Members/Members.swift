// Members module: see DESIGN.md.
