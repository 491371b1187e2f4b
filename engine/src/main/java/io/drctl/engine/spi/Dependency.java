package io.drctl.engine.spi;

import java.util.Optional;

/**
 * Something outside drctl a plan needs on the day: an API server, a database member, a DNS
 * server, a webhook host, a file. Found by a {@link DependencyFinder}; {@code drctl preflight}
 * asks each whether it answers, and with {@code --assume-lost SITE} where it lives.
 *
 * @param kind    what it is, for the table: {@code kubernetes}, {@code database}, {@code dns}, {@code webhook}…
 * @param name    which one, e.g. {@code site gasan}, {@code chat@pangyo}, {@code zone example.io.}
 * @param site    the plan's site it belongs to, when it has one (a database member, a cluster)
 * @param host    the host name or IP literal it is reached at, when known: matched against the
 *                sites' {@code networks} to find what lives in a lost site
 * @param usedBy  the step ids (or section) that need it, for the message
 * @param probe   asks it, bounded by its own timeout
 * @param needsItsSite true when the run cannot go on without it even if its site is the one
 *                lost (the run's own record and lease kept there): with {@code --assume-lost} of
 *                that site it blocks instead of being expected gone
 */
public record Dependency(
        String kind,
        String name,
        Optional<String> site,
        Optional<String> host,
        String usedBy,
        Probe probe,
        boolean needsItsSite) {

    public Dependency(
            String kind, String name, Optional<String> site, Optional<String> host, String usedBy, Probe probe) {
        this(kind, name, site, host, usedBy, probe, false);
    }

    /** One bounded question to the dependency. */
    @FunctionalInterface
    public interface Probe {
        Answer ask() throws InterruptedException;
    }

    /**
     * What it said. {@code UNREACHABLE}: it did not answer (exit 69); {@code MISCONFIGURED}: drctl
     * cannot even ask (a missing context, an unset secret: exit 78).
     */
    public record Answer(State state, String detail) {
        public enum State {
            ANSWERS,
            UNREACHABLE,
            MISCONFIGURED
        }

        public static Answer answers(String detail) {
            return new Answer(State.ANSWERS, detail);
        }

        public static Answer unreachable(String detail) {
            return new Answer(State.UNREACHABLE, detail);
        }

        public static Answer misconfigured(String detail) {
            return new Answer(State.MISCONFIGURED, detail);
        }
    }
}
