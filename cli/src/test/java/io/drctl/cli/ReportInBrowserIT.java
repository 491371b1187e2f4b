package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.cli.testing.CliHarness;
import io.drctl.engine.ExitCode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a person sees it: rendered by a real headless Chromium (Debian's
 * {@code chromium}, installed by scripts/install-test-deps.sh), screenshotted, and the timeline
 * found in the pixels — a bar in the succeeded colour and one in the failed colour.
 */
class ReportInBrowserIT {
    @TempDir
    Path dir;

    @Test
    void the_html_report_draws_its_timeline_in_a_real_browser() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                apiVersion: drctl.io/v1
                kind: RecoveryPlan
                metadata: { name: browser }
                spec:
                  objectives: { rto: 10s }
                  steps:
                    - id: slow-success
                      type: exec
                      with: { command: [sleep, "1"] }
                    - id: slow-failure
                      type: exec
                      needs: [slow-success]
                      with: { command: [sh, -c, "sleep 1; exit 1"] }
                """);
        CliHarness drctl = new CliHarness(dir.resolve("state"));
        drctl.run("run", plan.toString());
        Path html = dir.resolve("report.html");
        assertThat(drctl.run("report", "--format", "html", "--out", html.toString())
                        .exitCode())
                .isEqualTo(ExitCode.SUCCESS.code());

        Path png = dir.resolve("report.png");
        Process chromium = new ProcessBuilder(List.of(
                        browser(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + dir.resolve("profile"),
                        "--window-size=1200,700",
                        "--screenshot=" + png,
                        html.toUri().toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS))
                .as("chromium finished")
                .isTrue();
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(pixels(image, 0x2e7d32)).as("pixels of a succeeded bar").isGreaterThan(50);
        assertThat(pixels(image, 0xc62828)).as("pixels of a failed bar").isGreaterThan(50);
    }

    private static String browser() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("no chromium: scripts/install-test-deps.sh installs it (scripts/test-packages.txt)");
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
