tool b {}
import "../import_cycle.tool"
