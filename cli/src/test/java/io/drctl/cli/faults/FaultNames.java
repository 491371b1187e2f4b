package io.drctl.cli.faults;

import io.drctl.adapters.testing.FaultProxy;
import java.time.Duration;

/** How the fault tables name what the proxy did, and how long a run took. */
final class FaultNames {
    private FaultNames() {}

    static String describe(FaultProxy.Fault fault) {
        return switch (fault) {
            case FaultProxy.Fault.Blackhole b -> "blackhole (connections accepted, nothing answered)";
            case FaultProxy.Fault.Reset r -> "every connection reset";
            case FaultProxy.Fault.CutAfter c -> "connection cut after " + c.bytes() + " bytes of the answer";
            case FaultProxy.Fault.Latency l -> l.delay().toMillis() + " ms latency per chunk";
            default -> "none";
        };
    }

    /** The last line drctl printed about {@code step}: how it ended, in the operator's words. */
    static String said(io.drctl.cli.testing.CliHarness.Result result, String step) {
        String line = (result.out() + "\n" + result.err())
                .lines()
                .filter(l -> l.contains("[" + step + "]"))
                .reduce((a, b) -> b)
                .orElse("(nothing about " + step + ")")
                .strip()
                .replaceFirst("^\\d\\d:\\d\\d:\\d\\dZ ", "");
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    static String seconds(Duration took) {
        return String.format("%.1fs", took.toMillis() / 1000.0);
    }
}
