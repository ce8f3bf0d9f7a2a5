// Detection module: rules over the store and the member registry → findings. See DESIGN.md.
// The statistics the rules stand on live in Statistics/.
