package io.drctl.engine.run;

import io.drctl.engine.event.RunEvent.ApprovalDenied;
import io.drctl.engine.event.RunEvent.ApprovalGiven;
import io.drctl.engine.event.RunEvent.ApprovalRequested;
import io.drctl.engine.event.RunListener;
import io.drctl.engine.spi.Approvals;
import io.drctl.engine.spi.RunInfo;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's {@link Approvals}: pre-approvals ({@code --yes}, {@code --approve STEP}) answer
 * at once; otherwise the first of the terminal prompt and a {@code drctl approve} decision in
 * the run's inbox decides. Every request and decision is an event, so the journal records
 * who decided, when and how.
 */
public final class ApprovalBroker {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long POLL_MILLIS = 200;

    private final RunInfo run;
    private final ApprovalInbox inbox;
    private final RunListener events;
    private final PreApprovals preApprovals;
    private final Optional<ApprovalPrompter> prompter;
    private final String approveCommandPrefix;

    /**
     * @param approveCommandPrefix how another process invokes drctl approve for this state
     *                             directory, e.g. {@code drctl approve --state-dir /x}
     */
    public ApprovalBroker(
            RunInfo run,
            ApprovalInbox inbox,
            RunListener events,
            PreApprovals preApprovals,
            Optional<ApprovalPrompter> prompter,
            String approveCommandPrefix) {
        this.run = run;
        this.inbox = inbox;
        this.events = events;
        this.preApprovals = preApprovals;
        this.prompter = prompter;
        this.approveCommandPrefix = approveCommandPrefix;
    }

    /** Steps approved ahead of time, and by whom. */
    public record PreApprovals(boolean all, Set<String> steps) {
        public static final PreApprovals NONE = new PreApprovals(false, Set.of());

        boolean covers(String stepId) {
            return all || steps.contains(stepId);
        }
    }

    public Approvals forStep(String stepId) {
        return message -> await(stepId, message);
    }

    private Approvals.Decision await(String stepId, String message) throws InterruptedException {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        String requestId = stepId + "." + HexFormat.of().formatHex(b);
        String command = approveCommandPrefix + " " + run.runId() + " " + stepId;
        events.on(new ApprovalRequested(
                Instant.now(), run.runId(), stepId, requestId, message, run.planSha256(), command));

        Approvals.Decision decision;
        if (preApprovals.covers(stepId)) {
            decision = new Approvals.Decision(
                    true,
                    run.operator(),
                    preApprovals.all() ? "pre-approved with --yes" : "pre-approved with --approve " + stepId,
                    "",
                    Instant.now());
        } else {
            decision = waitForDecision(stepId, message, requestId, command);
        }
        if (decision.approved()) {
            events.on(new ApprovalGiven(
                    Instant.now(), run.runId(), stepId, requestId, decision.who(), decision.how(), decision.comment()));
        } else {
            events.on(new ApprovalDenied(
                    Instant.now(), run.runId(), stepId, requestId, decision.who(), decision.how(), decision.comment()));
        }
        return decision;
    }

    private Approvals.Decision waitForDecision(String stepId, String message, String requestId, String command)
            throws InterruptedException {
        CompletableFuture<Optional<Approvals.Decision>> fromTerminal = prompter.map(p -> {
                    CompletableFuture<Optional<Approvals.Decision>> f = new CompletableFuture<>();
                    // A platform daemon thread: a blocked terminal read must never keep the JVM alive.
                    Thread t = new Thread(
                            () -> f.complete(p.ask(run.runId(), stepId, message, command)),
                            "approval-prompt-" + stepId);
                    t.setDaemon(true);
                    t.start();
                    return f;
                })
                .orElse(null);
        while (true) {
            Optional<Approvals.Decision> handedIn = inbox.poll(run.runId(), stepId, requestId, run.planSha256());
            if (handedIn.isPresent()) {
                return handedIn.get();
            }
            if (fromTerminal != null && fromTerminal.isDone()) {
                Optional<Approvals.Decision> answer = fromTerminal.getNow(Optional.empty());
                if (answer.isPresent()) {
                    // The terminal's answer goes through the same first-wins record as drctl approve:
                    // if a decision from elsewhere came first, that one stands.
                    Approvals.Decision d = answer.get();
                    Optional<Approvals.Decision> earlier = inbox.claim(
                            run.runId(),
                            stepId,
                            requestId,
                            run.planSha256(),
                            d.approved(),
                            d.who(),
                            run.host(),
                            d.how(),
                            d.comment());
                    return earlier.orElse(d);
                }
                fromTerminal = null; // the terminal gave up (end of input): keep waiting for drctl approve
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
