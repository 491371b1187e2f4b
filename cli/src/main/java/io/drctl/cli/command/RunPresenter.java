package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.render.LiveView;
import io.drctl.cli.render.PlainRenderer;
import io.drctl.cli.render.TerminalPrompter;
import io.drctl.engine.ExitCode;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.run.ApprovalPrompter;
import io.drctl.engine.run.RunEngine;
import io.drctl.engine.run.RunResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shows a run as it happens (live view on a terminal, plain lines off it, JSON Lines for bots),
 * asks for approvals on the terminal when there is one, and turns Ctrl-C into an orderly
 * interrupt that is journaled before the process ends.
 */
final class RunPresenter implements AutoCloseable {
    private static final Duration INTERRUPT_LIMIT = Duration.ofSeconds(20);

    private final DrctlCommand root;
    private final RunListener listener;
    private final LiveView live;
    private final Optional<ApprovalPrompter> prompter;
    private Runnable beforeExit = () -> {};

    RunPresenter(DrctlCommand root, Plan plan) {
        this.root = root;
        var env = root.environment();
        if (root.output() == OutputFormat.JSON) {
            listener = new JsonLinesRenderer(root.out(), root.redactor()).versionLine();
            live = null;
        } else if (env.terminalOut()) {
            int width = parseWidth(env.env().get("COLUMNS"));
            live = new LiveView(
                    root.out(),
                    root.style(),
                    root.redactor(),
                    plan.steps().stream().map(StepDefinition::id).toList(),
                    width);
            listener = live;
        } else {
            listener = new PlainRenderer(
                    root.out(),
                    root.style(),
                    root.redactor(),
                    timeouts(root, plan),
                    env.terminalIn() && root.output() == OutputFormat.TEXT);
            live = null;
        }
        prompter = env.terminalIn() && root.output() == OutputFormat.TEXT
                ? Optional.of(new TerminalPrompter(env.in(), root.out(), live, root.operator(null), root.host()))
                : Optional.empty();
    }

    /** Each step's timeout, as the engine will apply it (the step's own, else its type's default). */
    private static Map<String, Duration> timeouts(DrctlCommand root, Plan plan) {
        Map<String, Duration> out = new HashMap<>();
        for (StepDefinition s : plan.steps()) {
            root.language()
                    .stepType(s.type())
                    .ifPresent(type -> out.put(s.id(), s.timeout().orElse(type.defaultTimeout())));
        }
        return out;
    }

    List<RunListener> listeners() {
        return List.of(listener);
    }

    Optional<ApprovalPrompter> prompter() {
        return prompter;
    }

    /**
     * What must happen after an interrupted run is journaled and before the process ends (the
     * demo stops the servers it started): the interrupt handler halts the JVM, which would cut
     * other shutdown hooks short.
     */
    void beforeExit(Runnable action) {
        beforeExit = action;
    }

    /** Executes the prepared run with Ctrl-C handling; returns its result. */
    RunResult execute(RunEngine.Execution execution) {
        Thread hook = null;
        if (root.environment().installSignalHandlers()) {
            hook = new Thread(
                    () -> {
                        execution.interrupt(INTERRUPT_LIMIT);
                        beforeExit.run();
                        root.out().flush();
                        root.err().flush();
                        // Ctrl-C and SIGTERM (a supervisor stopping drctl) end the same way, with the code the
                        // run's last line states; the JVM would otherwise exit 143 on SIGTERM.
                        Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
                    },
                    "drctl-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            RunResult result = execution.execute();
            if (root.output() == OutputFormat.TEXT) {
                root.out().println("journal: " + execution.runDirectory().resolve("journal.jsonl"));
                root.out().flush();
            }
            return result;
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting (Ctrl-C): the hook is doing its work
                }
            }
        }
    }

    private static int parseWidth(String columns) {
        try {
            return columns == null ? 120 : Integer.parseInt(columns.trim());
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }
}
