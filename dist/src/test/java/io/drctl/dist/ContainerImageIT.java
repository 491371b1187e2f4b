package io.drctl.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image of deploy/container/Containerfile builds from the archive the build made
 * and runs drctl, as its own user rather than root. Only where podman or docker is on the PATH
 * and answers; skipped elsewhere.
 */
class ContainerImageIT {
    private static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final String VERSION = System.getProperty("drctl.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path dir;

    @Test
    void the_image_builds_from_the_archive_and_runs_drctl_as_its_own_user() throws Exception {
        Optional<Path> found = Stream.of("podman", "docker")
                .map(ContainerImageIT::onPath)
                .flatMap(Optional::stream)
                .findFirst();
        assumeTrue(found.isPresent(), "neither podman nor docker is on the PATH");
        String engine = found.get().toString();
        assumeTrue(run(2, engine, "info").code == 0, engine + " info fails: no container engine to talk to");
        assertThat(REPO.resolve("dist/target/drctl-" + VERSION + "-linux-x64.tar.gz"))
                .as("built by the package phase")
                .isRegularFile();

        String tag = "localhost/drctl-it:" + VERSION;
        Result build = run(
                15,
                engine,
                "build",
                "-f",
                REPO.resolve("deploy/container/Containerfile").toString(),
                "--build-arg",
                "VERSION=" + VERSION,
                "-t",
                tag,
                REPO.resolve("dist/target").toString());
        assertThat(build.code).as(build.toString()).isZero();
        try {
            Result version = run(2, engine, "run", "--rm", tag, "--version");
            assertThat(version.code).as(version.toString()).isZero();
            assertThat(version.out).startsWith("drctl " + VERSION);
            Result user = run(2, engine, "run", "--rm", "--entrypoint", "id", tag, "-u");
            assertThat(user.out.strip()).as(user.toString()).isEqualTo("10001");
        } finally {
            run(2, engine, "rmi", "-f", tag);
        }
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private record Result(int code, String out) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out;
        }
    }

    private Result run(int minutes, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return new Result(-1, "timed out after " + minutes + " min: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
