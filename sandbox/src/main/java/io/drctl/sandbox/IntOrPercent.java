package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A rollout budget ({@code maxSurge}, {@code maxUnavailable}) resolved against a count, as
 * intstr.GetScaledValueFromIntOrPercent does: an int as it is, a percentage of the count rounded
 * the way the caller's controller rounds it. The one place the sandbox reads these values.
 */
final class IntOrPercent {
    private IntOrPercent() {}

    /** @param otherwise what an absent value means ({@code "25%"}, {@code "1"}...) */
    static int resolve(IntOrString value, String otherwise, int total, boolean roundUp) {
        if (value != null && value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = (value == null || value.getStrVal() == null ? otherwise : value.getStrVal()).trim();
        if (!text.endsWith("%")) {
            return Integer.parseInt(text);
        }
        double share = Integer.parseInt(text.substring(0, text.length() - 1).trim()) * total / 100.0;
        return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
    }
}
