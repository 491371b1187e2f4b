package io.drctl.engine.spi;

import java.time.Instant;

/**
 * How a step obtains a human decision. The engine's implementation combines pre-approvals
 * ({@code --yes}, {@code --approve}), a prompt on the operator's terminal, and
 * {@code drctl approve} from another process; whichever answers first decides.
 */
public interface Approvals {

    /** Blocks until a decision arrives or the thread is interrupted (the step's timeout). */
    Decision await(String message) throws InterruptedException;

    /** A decision, recorded with who gave it, how, and when. */
    record Decision(boolean approved, String who, String how, String comment, Instant at) {}
}
