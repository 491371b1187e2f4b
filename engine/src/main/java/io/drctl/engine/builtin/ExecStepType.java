package io.drctl.engine.builtin;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code exec}: runs a local command — the escape hatch for systems drctl does not know. */
public final class ExecStepType extends DocumentedStepType {
    static final String NAME = "exec";
    /** The engine waits 30s for an interrupted step to clean up; the grace period must end well before. */
    static final Duration MAX_KILL_GRACE_PERIOD = Duration.ofSeconds(20);

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of an exec step.")
            .required(
                    "command",
                    argv("The program and its arguments, run directly without a shell "
                                    + "(so spaces, quotes and $VARIABLES in an argument stay literal). With shell: true, "
                                    + "one string: a script for sh -c.")
                            .minItems(1))
            .optional(
                    "shell",
                    Schema.bool("Run command, check and verify as scripts with /bin/sh -c "
                            + "(each must then be one string). Off by default, so no shell interprets the arguments."),
                    false)
            .optional(
                    "env",
                    Schema.mapOf(
                                    "Environment variables added to the ones drctl runs with; values may "
                                            + "be secret references such as ${env:TOKEN}.",
                                    Schema.string("The variable's value."))
                            .keyPattern("[A-Za-z_][A-Za-z0-9_]*"))
            .optional(
                    "workingDir",
                    Schema.string("The directory the commands run in; a relative path is relative "
                                    + "to the plan file's directory, which is also the default.")
                            .noSecrets())
            .optional(
                    "check",
                    argv("A read-only command that tells whether the work is already done: exit 0 "
                                    + "means done (apply is skipped), anything else means apply will run. Also run by drctl plan.")
                            .minItems(1))
            .optional(
                    "verify",
                    argv("A command that confirms the result after apply; run every verifyInterval "
                                    + "until it exits 0 or the step's timeout is near.")
                            .minItems(1))
            .optional(
                    "verifyInterval",
                    Schema.duration("The pause between verify attempts."),
                    ExecSettings.DEFAULT_VERIFY_INTERVAL)
            .optional(
                    "successCodes",
                    Schema.array(
                                    "Exit codes of command that count as success.",
                                    Schema.integer("An exit code.").min(0).max(255))
                            .minItems(1),
                    List.of(0L))
            .optional(
                    "killGracePeriod",
                    Schema.duration("When the step is interrupted or times out, how long the "
                            + "command and its children get between SIGTERM and SIGKILL; at most 20s."),
                    ExecSettings.DEFAULT_KILL_GRACE_PERIOD)
            .optional(
                    "captureLimit",
                    Schema.integer("How many bytes of the end of stdout and of stderr are kept "
                                    + "as the step's outputs; earlier output is dropped.")
                            .min(0)
                            .max(16L * 1024 * 1024),
                    ExecSettings.DEFAULT_CAPTURE_LIMIT);

    private static Schema.Arr argv(String description) {
        return Schema.array(
                description,
                Schema.string("One argument; may contain secret references "
                        + "(prefer env for secrets: arguments are visible to other users in the process list)."));
    }

    public ExecStepType() {
        super(
                NAME,
                "Runs a local command, with an optional check (already done?) and verify (did it work?) command.",
                PARAMETERS,
                """
                id: stop-batch-jobs
                type: exec
                timeout: 2m
                with:
                  command: [./scripts/batch.sh, stop, --site, pangyo]
                  env:
                    BATCH_API_TOKEN: ${env:BATCH_API_TOKEN}
                  check: [./scripts/batch.sh, is-stopped, --site, pangyo]
                  verify: [./scripts/batch.sh, is-stopped, --site, pangyo]
                  verifyInterval: 5s
                """);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        Map<String, Object> with = step.with();
        if (Boolean.TRUE.equals(with.get("shell"))) {
            for (String key : List.of("command", "check", "verify")) {
                if (with.get(key) instanceof List<?> argv && argv.size() != 1) {
                    validation.error(
                            key,
                            "with shell: true, " + key + " must be one string (the script for sh -c), not "
                                    + argv.size());
                }
            }
        }
        if (with.get("env") instanceof Map<?, ?> env) {
            env.keySet().stream()
                    .map(String::valueOf)
                    .filter(k -> k.startsWith("DRCTL_"))
                    .forEach(k -> validation.error("env." + k, "DRCTL_* variables are set by drctl itself"));
        }
        if (with.get("killGracePeriod") instanceof Duration grace && grace.compareTo(MAX_KILL_GRACE_PERIOD) > 0) {
            validation.error(
                    "killGracePeriod",
                    "at most " + DurationText.canonical(MAX_KILL_GRACE_PERIOD)
                            + ": drctl waits only so long for an interrupted step to clean up");
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new ExecStep();
    }
}
