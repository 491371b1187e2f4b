package io.drctl.engine.builtin;

import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An {@code exec} step's parameters, read from its context (secrets resolved) with defaults applied. */
record ExecSettings(
        CommandLine command,
        Optional<CommandLine> check,
        Optional<CommandLine> verify,
        Map<String, String> environment,
        Path workingDir,
        Duration verifyInterval,
        Set<Integer> successCodes,
        Duration killGracePeriod,
        int captureLimit) {

    static final Duration DEFAULT_VERIFY_INTERVAL = Duration.ofSeconds(2);
    static final Duration DEFAULT_KILL_GRACE_PERIOD = Duration.ofSeconds(5);
    static final long DEFAULT_CAPTURE_LIMIT = 64 * 1024;

    static ExecSettings from(StepContext ctx) throws StepFailedException {
        Params params = ctx.params();
        boolean shell = params.bool("shell", false);
        return new ExecSettings(
                commandLine(params, "command", shell)
                        .orElseThrow(() -> new StepFailedException("parameter 'command' is missing")),
                commandLine(params, "check", shell),
                commandLine(params, "verify", shell),
                environment(ctx),
                workingDir(ctx),
                params.duration("verifyInterval", DEFAULT_VERIFY_INTERVAL),
                successCodes(params),
                params.duration("killGracePeriod", DEFAULT_KILL_GRACE_PERIOD),
                (int) Math.min(
                        Integer.MAX_VALUE / 2, Math.max(0, params.integer("captureLimit", DEFAULT_CAPTURE_LIMIT))));
    }

    private static Optional<CommandLine> commandLine(Params params, String key, boolean shell)
            throws StepFailedException {
        if (!(params.raw().get(key) instanceof List<?> written) || written.isEmpty()) {
            return Optional.empty();
        }
        if (shell && written.size() != 1) {
            throw new StepFailedException(
                    "with shell: true, '" + key + "' must be one string (the script for sh -c), not " + written.size());
        }
        List<String> asWritten = written.stream().map(String::valueOf).toList();
        return Optional.of(CommandLine.of(params.strings(key), asWritten, shell));
    }

    /** The plan's env, then the DRCTL_* variables, which a plan cannot override. */
    private static Map<String, String> environment(StepContext ctx) throws StepFailedException {
        Map<String, String> env = new LinkedHashMap<>(ctx.params().stringMap("env"));
        env.put("DRCTL_RUN_ID", ctx.run().runId());
        env.put("DRCTL_STEP_ID", ctx.definition().id());
        env.put("DRCTL_MODE", ctx.run().mode().text());
        return env;
    }

    /**
     * Relative to the plan file's directory, so {@code ./scripts/fence.sh} means the same on
     * every machine, whatever directory drctl was started from.
     */
    private static Path workingDir(StepContext ctx) throws StepFailedException {
        Path planDir = Optional.ofNullable(ctx.plan())
                .map(p -> p.file())
                .map(f -> f.toAbsolutePath().getParent())
                .orElse(Path.of("").toAbsolutePath());
        return ctx.params()
                .optionalString("workingDir")
                .map(planDir::resolve)
                .orElse(planDir)
                .normalize();
    }

    private static Set<Integer> successCodes(Params params) {
        Set<Integer> codes = new LinkedHashSet<>();
        if (params.raw().get("successCodes") instanceof List<?> list) {
            list.stream()
                    .filter(Number.class::isInstance)
                    .map(n -> ((Number) n).intValue())
                    .forEach(codes::add);
        }
        return codes.isEmpty() ? Set.of(0) : Set.copyOf(codes);
    }
}
