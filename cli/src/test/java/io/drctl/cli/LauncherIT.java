package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code ./drctl} as an operator starts it: through a symlink on the PATH, on a
 * machine whose default {@code java} is too old, with nothing in the environment but the basics.
 * The JDKs here are stand-ins built in a temporary directory, so the test decides what the
 * machine "has" instead of depending on what this one has.
 */
class LauncherIT {
    private static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path REAL_JDK = Path.of(System.getProperty("java.home"));

    @TempDir
    Path dir;

    private Path oldJdk;
    private Path jvmDir;

    @BeforeEach
    void an_old_default_java_and_a_jvm_directory() throws IOException {
        // A "JDK 17" that answers like one: its release file says 17, and asked for its home it names itself.
        oldJdk = dir.resolve("jdk17");
        Files.createDirectories(oldJdk.resolve("bin"));
        Files.writeString(oldJdk.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
        for (String tool : List.of("java", "javac")) {
            Path p = oldJdk.resolve("bin").resolve(tool);
            Files.writeString(
                    p, "#!/bin/sh\necho '    java.home = " + oldJdk + "' >&2\necho 'openjdk version \"17.0.9\"' >&2\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        jvmDir = dir.resolve("jvm");
        Files.createDirectories(jvmDir);
    }

    @Test
    void without_any_jdk_21_it_says_what_to_install_and_exits_1() throws Exception {
        Result r = run(Map.of("DRCTL_JVM_DIR", jvmDir.toString()), REPO.resolve("drctl"), "--version");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err)
                .contains("no JDK 21 or newer found")
                .contains(jvmDir.toString())
                .contains("JAVA_HOME");
        assertThat(r.out).isEmpty();
    }

    @Test
    void it_runs_through_a_symlink_on_the_path_with_an_older_default_java() throws Exception {
        installRealJdkAs("some-newer-jdk");
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Files.createSymbolicLink(bin.resolve("drctl"), REPO.resolve("drctl"));

        Result r = run(Map.of("DRCTL_JVM_DIR", jvmDir.toString()), bin.resolve("drctl"), "--version");

        assertThat(r.err).isEmpty();
        assertThat(r.code).isZero();
        assertThat(r.out)
                .startsWith("drctl ")
                .contains("(Java " + Runtime.version().feature());
    }

    @Test
    void the_jdk_found_by_scanning_is_remembered_until_the_jvm_directory_changes() throws Exception {
        installRealJdkAs("some-newer-jdk");
        Map<String, String> env = Map.of("DRCTL_JVM_DIR", jvmDir.toString());
        assertThat(run(env, REPO.resolve("drctl"), "--version").code).isZero();
        Path cache = dir.resolve("home/.cache/drctl/jdk-home");
        assertThat(Files.readString(cache).strip())
                .isEqualTo(jvmDir.resolve("some-newer-jdk").toString());

        // A JDK removed from the directory is not used from the cache: the scan runs again.
        deleteLink(jvmDir.resolve("some-newer-jdk"));
        Result r = run(env, REPO.resolve("drctl"), "--version");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("no JDK 21 or newer found");
    }

    @Test
    void on_jdk_25_or_newer_it_starts_from_an_ahead_of_time_cache() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25");
        installRealJdkAs("some-newer-jdk");
        Result r = run(
                Map.of("DRCTL_JVM_DIR", jvmDir.toString(), "DRCTL_JAVA_OPTS", "-Xlog:aot=info:stderr"),
                REPO.resolve("drctl"),
                "--version");
        assertThat(r.code).isZero();
        assertThat(REPO.resolve("cli/target/drctl.aot")).isNotEmptyFile();
        assertThat(r.err).contains("Opened AOT cache");
        assertThat(r.out).startsWith("drctl ");
    }

    @Test
    void a_command_that_talks_to_sites_starts_from_the_cache_trained_on_a_run() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25");
        installRealJdkAs("some-newer-jdk");
        Map<String, String> env =
                Map.of("DRCTL_JVM_DIR", jvmDir.toString(), "DRCTL_JAVA_OPTS", "-Xlog:aot=info:stderr");

        Result run = run(env, REPO.resolve("drctl"), "run", "--help");
        Result version = run(env, REPO.resolve("drctl"), "--version");

        assertThat(run.code).isZero();
        assertThat(REPO.resolve("cli/target/drctl-run.aot")).isNotEmptyFile();
        assertThat(run.err).contains("Opened AOT cache").contains("drctl-run.aot");
        assertThat(version.err)
                .as("--version keeps the small cache: every class of a cache is loaded at start")
                .contains("Opened AOT cache")
                .doesNotContain("drctl-run.aot");
    }

    /** Links out of the temporary directory go first, so its clean-up never follows them. */
    @org.junit.jupiter.api.AfterEach
    void remove_links() throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isSymbolicLink).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The JVM directory gets a JDK whose bin is the real one (linked: the scan skips linked homes, not linked bins). */
    private void installRealJdkAs(String name) throws IOException {
        Path home = jvmDir.resolve(name);
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("bin"), REAL_JDK.resolve("bin"));
        Files.copy(REAL_JDK.resolve("release"), home.resolve("release"));
    }

    private static void deleteLink(Path home) throws IOException {
        Files.delete(home.resolve("bin"));
        Files.delete(home.resolve("release"));
        Files.delete(home);
    }

    private record Result(int code, String out, String err) {}

    private Result run(Map<String, String> extraEnv, Path launcher, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("HOME", dir.resolve("home").toString());
        env.put("PATH", oldJdk.resolve("bin") + ":/usr/bin:/bin");
        env.putAll(extraEnv);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 120 s");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
