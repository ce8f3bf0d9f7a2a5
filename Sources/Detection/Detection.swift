// Detection module: see DESIGN.md.
