package io.drctl.adapters.kubernetes.site;

import io.drctl.adapters.net.NetworkFailures;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a failed API call means for a step: the site is gone (unreachable) or the call failed. */
public final class ApiFailures {
    private ApiFailures() {}

    /** {@code what}: what drctl was doing, e.g. {@code scaling chat/api}. */
    public static StepException translate(String site, String what, Throwable e) {
        if (isInterrupt(e)) {
            Thread.currentThread().interrupt();
            return new StepFailedException("interrupted while " + what);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SiteVerdict.AlreadyUnreachable already) {
                return already.verdict();
            }
        }
        if (isNoAnswer(e)) {
            return new TargetUnreachableException(
                    site, "site " + site + " did not answer while " + what + ": " + cause(e));
        }
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            String reason = k.getStatus() != null && k.getStatus().getMessage() != null
                    ? k.getStatus().getMessage()
                    : cause(e);
            return new StepFailedException("site " + site + ": " + what + " failed: " + k.getCode() + " " + reason);
        }
        return new StepFailedException("site " + site + ": " + what + " failed: " + cause(e));
    }

    /**
     * A failed write ({@code what}: e.g. {@code scaling chat/api to 0}): as {@link #translate},
     * and when the site stopped answering after the request may have reached it, the message
     * says the change may have been made — the outcome is unknown, not "not done". A resume
     * checks the object before writing again.
     */
    public static StepException translateWrite(String site, String what, Throwable e) {
        StepException translated = translate(site, what, e);
        boolean neverSent = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            neverSent |= t instanceof SiteVerdict.AlreadyUnreachable; // refused before sending: the site was known dead
        }
        if (translated instanceof TargetUnreachableException u && !neverSent && NetworkFailures.mayHaveArrived(e)) {
            return new TargetUnreachableException(
                    u.target(),
                    u.getMessage() + "; the change may have been made (a resume reads it back before writing again)",
                    e);
        }
        return translated;
    }

    /**
     * Connection refused, reset, timed out: the site is not there (as opposed to refusing what
     * drctl asked, which an HTTP status says). {@link NetworkFailures} decides for every adapter.
     */
    public static boolean isNoAnswer(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SiteVerdict.AlreadyUnreachable) {
                return true;
            }
        }
        return NetworkFailures.isNoAnswer(e);
    }

    private static boolean isInterrupt(Throwable e) {
        return NetworkFailures.of(e, null).kind() == NetworkFailures.Kind.INTERRUPTED
                || Thread.currentThread().isInterrupted();
    }

    static String cause(Throwable e) {
        return NetworkFailures.of(e, null).reason();
    }
}
