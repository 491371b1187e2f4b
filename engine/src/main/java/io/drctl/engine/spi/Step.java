package io.drctl.engine.spi;

/**
 * A bound step, with the three phases of the step contract (docs/architecture.md).
 *
 * <ul>
 *   <li>{@link #check} is read-only: observe the target and say what apply would change.</li>
 *   <li>{@link #apply} performs the change. It must be idempotent.</li>
 *   <li>{@link #verify} confirms the post-condition, polling until it holds or time runs out.</li>
 * </ul>
 *
 * Steps must respond to thread interruption (timeouts and Ctrl-C interrupt them). Failures are
 * reported by throwing: {@link StepFailedException}, {@link TargetUnreachableException},
 * {@link SafetyGateException}, {@link NeedsHumanException}; any other exception counts as a
 * failure of the step.
 */
public interface Step {

    CheckResult check(StepContext context) throws Exception;

    void apply(StepContext context) throws Exception;

    default void verify(StepContext context) throws Exception {}
}
