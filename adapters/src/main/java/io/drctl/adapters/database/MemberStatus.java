package io.drctl.adapters.database;

/**
 * What a member is right now. {@code writable}: a new ordinary session could write.
 * {@code readOnlySet}: the engine's read-only switch is on (what a fence sets and a promotion
 * clears). {@code summary}: one line for people, e.g. {@code standby (in recovery)}.
 */
public record MemberStatus(Role role, boolean writable, boolean readOnlySet, String summary) {

    public enum Role {
        PRIMARY,
        STANDBY
    }

    public boolean isStandby() {
        return role == Role.STANDBY;
    }
}
