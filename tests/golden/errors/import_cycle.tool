import "_aux/cycle_b.tool"
tool a {}
