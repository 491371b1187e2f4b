package io.drctl.adapters.database;

/** Whether a member is shown to refuse writes, with the evidence or what is still missing. */
public sealed interface FenceProof {

    record Proven(String evidence) implements FenceProof {
    }

    record NotYet(String why) implements FenceProof {
    }
}
