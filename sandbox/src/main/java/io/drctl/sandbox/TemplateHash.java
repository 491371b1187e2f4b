package io.drctl.sandbox;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A short, stable hash of a pod template, as the real controllers name template revisions
 * ({@code pod-template-hash}, {@code controller-revision-hash}): the same template always gives
 * the same value, a changed one another. Not the same digits as Kubernetes (that hashes Go's
 * object dump); drctl only compares them.
 */
final class TemplateHash {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {}

    static String of(PodTemplateSpec template) {
        long h = 1125899906842597L;
        for (char c : Serialization.asJson(template).toCharArray()) {
            h = 31 * h + c;
        }
        StringBuilder out = new StringBuilder();
        long v = h & Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            out.append(ALPHABET.charAt((int) (v % ALPHABET.length())));
            v /= ALPHABET.length();
        }
        return out.toString();
    }
}
