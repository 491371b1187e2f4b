package io.drctl.servers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the server programs the tests run (Debian packages listed in scripts/test-packages.txt).
 * A missing one fails the test with a message naming the package: these suites are never
 * skipped, least of all in CI ({@code CI=true}), where a skipped server test would look green.
 */
public final class ServerBinaries {
    private static final List<String> SYSTEM_DIRECTORIES =
            List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin");

    private ServerBinaries() {}

    /** The program {@code name}, or an {@link IllegalStateException} naming {@code debianPackage}. */
    public static Path require(String name, String debianPackage) {
        return require(name, debianPackage, System.getenv());
    }

    static Path require(String name, String debianPackage, Map<String, String> environment) {
        return find(name, environment.getOrDefault("PATH", ""))
                .orElseThrow(() -> new IllegalStateException(
                        missing(name, debianPackage, "true".equalsIgnoreCase(environment.get("CI")))));
    }

    static String missing(String name, String debianPackage, boolean ci) {
        return name + " is not installed: these tests need the Debian package " + debianPackage
                + " (./test installs it; by hand: apt-get install " + debianPackage + ")"
                + (ci ? ". CI=true: server tests are never skipped" : "");
    }

    /** The program {@code name} on this machine's PATH or in its system directories, if installed. */
    public static Optional<Path> find(String name) {
        return find(name, System.getenv().getOrDefault("PATH", ""));
    }

    static Optional<Path> find(String name, String path) {
        List<String> directories = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        directories.addAll(SYSTEM_DIRECTORIES);
        return directories.stream()
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
