package io.drctl.adapters.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a server's executable, or fails the test with the Debian package that provides it. Never
 * skips: a test that needs a real server and cannot start one has not tested anything
 * (./test installs the packages listed in scripts/test-packages.txt).
 */
public final class ServerBinary {
    private ServerBinary() {}

    public static Path require(String executable, String debianPackage) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, executable));
            }
        }
        candidates.add(Path.of("/usr/sbin", executable));
        candidates.add(Path.of("/usr/bin", executable));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(executable + " is not installed: install the Debian package " + debianPackage
                + " (./test installs what scripts/test-packages.txt lists)");
    }
}
