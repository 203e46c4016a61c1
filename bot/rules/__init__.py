"""Pure business rules: plain values in, plain values out; no I/O, no clock, no Slack."""
