package io.drctl.engine.builtin;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.time.Duration;

/**
 * A bound {@code exec} step. check runs the optional check command (exit 0: already done);
 * apply runs the command; verify polls the optional verify command until it exits 0.
 */
final class ExecStep implements Step {
    /** Progress is journaled: at most about one line per second from a chatty command. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** Exception messages are one line for people, not a log. */
    private static final int MAX_MESSAGE = 300;

    @Override
    public CheckResult check(StepContext ctx) throws StepFailedException, InterruptedException {
        ExecSettings settings = ExecSettings.from(ctx);
        String willRun = "will run: " + settings.command().display();
        if (settings.check().isEmpty()) {
            return CheckResult.willChange(willRun);
        }
        CommandLine check = settings.check().get();
        CompletedCommand result = runner(ctx, settings).run(check);
        if (result.exitCode() == 0) {
            return CheckResult.alreadyDone("already done: check `" + check.display() + "` exited 0");
        }
        return CheckResult.willChange(willRun + " (check exited " + result.exitCode() + ")");
    }

    @Override
    public void apply(StepContext ctx) throws StepFailedException, InterruptedException {
        ExecSettings settings = ExecSettings.from(ctx);
        CompletedCommand result = runner(ctx, settings).run(settings.command());
        ctx.output("exitCode", result.exitCode());
        ctx.output("pid", result.pid());
        ctx.output("stdout", result.stdout());
        ctx.output("stderr", result.stderr());
        if (!settings.successCodes().contains(result.exitCode())) {
            throw new StepFailedException(ctx.redactor().redact(result.summary(MAX_MESSAGE)));
        }
        ctx.progress("exit " + result.exitCode() + " after " + DurationText.format(result.took()));
    }

    @Override
    public void verify(StepContext ctx) throws StepFailedException, InterruptedException {
        ExecSettings settings = ExecSettings.from(ctx);
        if (settings.verify().isEmpty()) {
            return;
        }
        CommandLine verify = settings.verify().get();
        CommandRunner runner = runner(ctx, settings);
        for (int attempt = 1; ; attempt++) {
            CompletedCommand result = runner.run(verify);
            if (result.exitCode() == 0) {
                ctx.progress("verified: `" + verify.display() + "` exited 0"
                        + (attempt > 1 ? " on attempt " + attempt : ""));
                return;
            }
            // Stop before the engine's timeout does, so the failure says what the last attempt saw.
            if (ctx.clock().now().plus(settings.verifyInterval()).isAfter(ctx.deadline())) {
                throw new StepFailedException(ctx.redactor()
                        .redact("verify `" + verify.display()
                                + "` did not exit 0 before the deadline (" + attempt + " attempts); last: "
                                + result.summary(MAX_MESSAGE)));
            }
            ctx.progress("verify attempt " + attempt + ": " + result.summary(MAX_MESSAGE) + "; again in "
                    + DurationText.canonical(settings.verifyInterval()));
            ctx.clock().sleep(settings.verifyInterval());
        }
    }

    private static CommandRunner runner(StepContext ctx, ExecSettings settings) {
        return new CommandRunner(
                settings.environment(),
                settings.workingDir(),
                settings.captureLimit(),
                settings.killGracePeriod(),
                new ThrottledProgress(ctx::progress, PROGRESS_INTERVAL),
                ctx.redactor());
    }
}
