package io.drctl.adapters.database;

/** Whether a member is shown to refuse writes, with the evidence or what is still missing. */
public sealed interface FenceProof {

    record Proven(String evidence) implements FenceProof {}

    record NotYet(String why) implements FenceProof {}

    /**
     * The switch is on, but a way to write is left that waiting will not close (a role or
     * database that overrides the read-only default): the fence is recorded as unproven.
     */
    record Unprovable(String why) implements FenceProof {}
}
