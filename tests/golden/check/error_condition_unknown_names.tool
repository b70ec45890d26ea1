# A tool error's condition and message compile at check time like result fields (found by
# tests/test_fuzz_check.py: an unknown function here passed check and crashed the build).
tool fetch "Fetch a report" {
    days: int(1..7) = 1
    returns { n: int = days }
    error too_far "no report {dayz} days back" when nosuch(days) > 1
}
