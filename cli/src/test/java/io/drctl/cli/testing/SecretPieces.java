package io.drctl.cli.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every 8-character piece of a secret (per line, control characters split lines): masking that
 * leaves any of them in a text has leaked enough of the secret to matter, so the canary suites
 * search for each piece, not only for the whole value.
 */
public final class SecretPieces {
    private final List<String> pieces = new ArrayList<>();

    private SecretPieces() {}

    public static SecretPieces of(String... secrets) {
        SecretPieces p = new SecretPieces();
        for (String secret : secrets) {
            for (String line : secret.split("\\p{Cntrl}+")) {
                for (int i = 0; i + 8 <= line.length(); i++) {
                    p.pieces.add(line.substring(i, i + 8));
                }
            }
        }
        return p;
    }

    /** The first piece found in {@code text}, if any. */
    public Optional<String> foundIn(String text) {
        return pieces.stream().filter(text::contains).findFirst();
    }
}
