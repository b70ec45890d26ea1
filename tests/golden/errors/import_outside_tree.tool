import "../outside.tool"
import "missing.tool"
