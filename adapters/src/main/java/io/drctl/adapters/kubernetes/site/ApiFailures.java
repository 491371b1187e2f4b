package io.drctl.adapters.kubernetes.site;

import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.TargetUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** What a failed API call means for a step: the site is gone (unreachable) or the call failed. */
public final class ApiFailures {
    private ApiFailures() {
    }

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
            return new TargetUnreachableException(site, "site " + site + " did not answer while " + what + ": " + cause(e));
        }
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            String reason = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : cause(e);
            return new StepFailedException("site " + site + ": " + what + " failed: " + k.getCode() + " " + reason);
        }
        return new StepFailedException("site " + site + ": " + what + " failed: " + cause(e));
    }

    /** Connection refused, reset, timed out: the site is not there (as opposed to refusing what drctl asked). */
    public static boolean isNoAnswer(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SiteVerdict.AlreadyUnreachable) {
                return true;
            }
            if (t instanceof ConnectException || t instanceof HttpTimeoutException || t instanceof TimeoutException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.nio.channels.ClosedChannelException
                    || (t instanceof IOException && !(t instanceof InterruptedIOException))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        String text = root instanceof ConnectException ? "connection refused"
                : root instanceof HttpTimeoutException || root instanceof TimeoutException ? "no answer in time"
                : m == null || m.isBlank() ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        return text;
    }
}
