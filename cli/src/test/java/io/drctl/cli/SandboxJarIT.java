package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged drctl.jar carries no mock server, yet {@code java -jar drctl.jar sandbox up} works:
 * it loads the sandbox from {@code sandbox-lib/} beside the jar (Failsafe runs after package).
 */
class SandboxJarIT {
    private static final Path JAR = Path.of("target", "drctl.jar");

    @TempDir
    Path dir;

    @Test
    void the_production_jar_carries_neither_the_sandbox_nor_the_mock_server_and_its_web_stack() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> leaked = jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith("io/drctl/sandbox/")
                            || n.startsWith("io/fabric8/mockwebserver/")
                            || n.startsWith("io/fabric8/kubernetes/client/server/mock/")
                            || n.startsWith("io/vertx/")
                            || n.startsWith("io/netty/"))
                    .limit(5)
                    .toList();
            assertThat(leaked).isEmpty();
        }
        assertThat(Files.list(JAR.resolveSibling("sandbox-lib"))
                        .map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("drctl-sandbox-"))
                .anyMatch(n -> n.startsWith("kubernetes-server-mock-"));
    }

    @Test
    void sandbox_up_from_the_jar_loads_the_sandbox_from_beside_it() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(
                        java,
                        "-jar",
                        JAR.toString(),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "sandbox",
                        "up",
                        "--sites",
                        "pangyo,gasan",
                        "--for",
                        "1s",
                        "--dir",
                        dir.resolve("sb").toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("pangyo  http://127.0.0.1:", "gasan  http://127.0.0.1:", "kubeconfig: " + dir.resolve("sb"))
                .doesNotContain("Exception", "WARNING");
        assertThat(Files.readString(dir.resolve("sb").resolve("kubeconfig"))).contains("pangyo", "gasan");
    }
}
