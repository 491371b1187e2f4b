package io.drctl.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive the build made, installed as a new operator would: unpacked in a clean directory,
 * installed into a prefix with the documented one-liner, then run from the PATH on a machine
 * where no {@code java} is to be found (the PATH holds only the few tools the scripts and the
 * example plan call, and JAVA_HOME points nowhere).
 */
class DistributionIT {
    private static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final String VERSION = System.getProperty("drctl.version", "0.1.0-SNAPSHOT");
    /** What install.sh, bin/drctl and the hello plan's steps call; no java among them. */
    private static final List<String> TOOLS = List.of(
            "sh",
            "bash",
            "cat",
            "cp",
            "rm",
            "mv",
            "mkdir",
            "ln",
            "readlink",
            "dirname",
            "tar",
            "gzip",
            "echo",
            "sleep",
            "env",
            "ls",
            // what the demo's embedded PostgreSQL calls: unshare and id as root, sed for its distribution check, kill
            // to stop it
            "unshare",
            "id",
            "sed",
            "kill",
            // man and what it formats a page with
            "man",
            "groff",
            "nroff",
            "troff",
            "grotty",
            "preconv",
            "tbl",
            "col",
            "basename");

    @TempDir
    Path dir;

    private Path tools;
    private Path prefix;

    @BeforeEach
    void a_machine_without_java() throws IOException {
        tools = dir.resolve("tools");
        Files.createDirectories(tools);
        for (String tool : TOOLS) {
            for (String where : List.of("/usr/bin/", "/bin/")) {
                Path real = Path.of(where + tool);
                if (Files.isExecutable(real) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), real.toRealPath());
                }
            }
        }
        prefix = dir.resolve("home/.local");
    }

    @AfterEach
    void remove_links() throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isSymbolicLink).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void the_archive_installs_with_one_line_and_runs_a_plan_from_the_path_without_a_jdk() throws Exception {
        Path archive = REPO.resolve("dist/target/drctl-" + VERSION + "-linux-x64.tar.gz");
        assertThat(archive).as("built by the package phase").isRegularFile();
        Path clean = dir.resolve("download");
        Files.createDirectories(clean);
        Files.copy(archive, clean.resolve(archive.getFileName()));

        Result install =
                sh(clean, "tar -xzf drctl-" + VERSION + "-linux-x64.tar.gz && ./drctl-" + VERSION + "/install.sh");
        assertThat(install.code).as(install.toString()).isZero();
        assertThat(install.out).contains("drctl " + VERSION + " installed: " + prefix.resolve("bin/drctl"));
        assertThat(prefix.resolve("bin/drctl")).isSymbolicLink();

        Result which = sh(dir, "command -v java || echo no-java");
        assertThat(which.out.strip()).isEqualTo("no-java");

        Result version = sh(dir, "drctl --version");
        assertThat(version.code).as(version.toString()).isZero();
        assertThat(version.out).startsWith("drctl " + VERSION);
        assertThat(version.err).isEmpty();

        Result run = sh(
                dir,
                "drctl run " + REPO.resolve("plans/examples/hello.yaml") + " --yes --state-dir "
                        + dir.resolve("state"));
        assertThat(run.code).as(run.toString()).isZero();
        assertThat(run.out).contains("promote-db").contains("succeeded");

        assertThat(prefix.resolve("share/bash-completion/completions/drctl"))
                .content()
                .contains("complete -F");
        assertThat(prefix.resolve("share/zsh/site-functions/_drctl")).content().startsWith("#compdef drctl");
    }

    @Test
    void the_installed_archive_runs_the_demo_from_the_path_without_a_jdk() throws Exception {
        Path archive = REPO.resolve("dist/target/drctl-" + VERSION + "-linux-x64.tar.gz");
        Files.copy(archive, dir.resolve(archive.getFileName()));
        assertThat(sh(dir, "tar -xzf " + archive.getFileName() + " && ./drctl-" + VERSION + "/install.sh").code)
                .isZero();

        Result demo = sh(dir, "drctl --state-dir " + dir.resolve("state") + " demo");

        assertThat(demo.code).as(demo.toString()).isZero();
        assertThat(demo.out)
                .contains(": succeeded")
                .contains("report: ")
                .contains("demo: stopped both sites and their databases");
        assertThat(dir.resolve("state/demo/postgres")).doesNotExist();
    }

    @Test
    void installing_again_replaces_the_version_in_place_and_keeps_one_link() throws Exception {
        Path archive = REPO.resolve("dist/target/drctl-" + VERSION + "-linux-x64.tar.gz");
        Files.copy(archive, dir.resolve(archive.getFileName()));
        assertThat(sh(dir, "tar -xzf " + archive.getFileName() + " && ./drctl-" + VERSION + "/install.sh").code)
                .isZero();
        Result again = sh(dir, "./drctl-" + VERSION + "/install.sh");
        assertThat(again.code).as(again.toString()).isZero();
        try (var versions = Files.list(prefix.resolve("lib/drctl"))) {
            assertThat(versions.map(p -> p.getFileName().toString()).toList()).containsExactly(VERSION);
        }
        assertThat(sh(dir, "drctl --version").out).startsWith("drctl " + VERSION);
    }

    @Test
    void the_installed_man_pages_are_found_by_man_for_every_command_and_render_without_warnings() throws Exception {
        Path archive = REPO.resolve("dist/target/drctl-" + VERSION + "-linux-x64.tar.gz");
        Files.copy(archive, dir.resolve(archive.getFileName()));
        assertThat(sh(dir, "tar -xzf " + archive.getFileName() + " && ./drctl-" + VERSION + "/install.sh").code)
                .isZero();

        Path man1 = prefix.resolve("share/man/man1");
        List<String> pages;
        try (var files = Files.list(man1)) {
            pages = files.map(p -> p.getFileName().toString().replaceFirst("\\.1$", ""))
                    .sorted()
                    .toList();
        }
        // One page per command and subcommand, named as `man` is asked for them.
        assertThat(pages)
                .contains(
                        "drctl",
                        "drctl-run",
                        "drctl-validate",
                        "drctl-preflight",
                        "drctl-sandbox",
                        "drctl-sandbox-up",
                        "drctl-completion");
        for (String page : pages) {
            // man finds the page through the PATH (PREFIX/bin → PREFIX/share/man), with no MANPATH set.
            Result shown = sh(dir, "MANWIDTH=80 man --warnings " + page);
            assertThat(shown.code).as(page + ": " + shown).isZero();
            assertThat(shown.err).as(page + " renders without warnings").isEmpty();
            assertThat(shown.out)
                    .as(page)
                    .contains("NAME")
                    .contains(page.replace('-', ' '))
                    .contains("SYNOPSIS");
        }
        assertThat(sh(dir, "MANWIDTH=80 man drctl-run").out).contains("--mode").contains("drctl " + VERSION);
    }

    @Test
    void a_command_s_page_shows_its_own_options_and_points_at_drctl_1_for_the_global_ones() throws Exception {
        Path archive = REPO.resolve("dist/target/drctl-" + VERSION + "-linux-x64.tar.gz");
        Files.copy(archive, dir.resolve(archive.getFileName()));
        assertThat(sh(dir, "tar -xzf " + archive.getFileName() + " && ./drctl-" + VERSION + "/install.sh").code)
                .isZero();

        String run = sh(dir, "MANWIDTH=200 man drctl-run").out;
        String synopsis = run.substring(run.indexOf("SYNOPSIS"), run.indexOf("DESCRIPTION"));
        String options = run.substring(run.indexOf("\nOPTIONS"), run.indexOf("GLOBAL OPTIONS"));
        assertThat(synopsis).contains("--mode").doesNotContain("--state-dir").doesNotContain("--output");
        assertThat(options).contains("--mode").doesNotContain("--state-dir").doesNotContain("--kubeconfig");
        assertThat(run.substring(run.indexOf("GLOBAL OPTIONS")))
                .contains("--state-dir")
                .contains("--kubeconfig")
                .contains("drctl(1)");
        assertThat(sh(dir, "MANWIDTH=200 man drctl").out)
                .contains("--state-dir=DIR")
                .contains("--kubeconfig=FILE");
    }

    @Test
    void upgrading_unlinks_the_page_of_a_command_the_new_version_no_longer_has() throws Exception {
        Path archive = REPO.resolve("dist/target/drctl-" + VERSION + "-linux-x64.tar.gz");
        Files.copy(archive, dir.resolve(archive.getFileName()));
        // An "older" release: this one under another version, with a page for a command since retired.
        String older = "drctl-0.0.1";
        assertThat(sh(
                                dir,
                                "tar -xzf " + archive.getFileName() + " && mv drctl-" + VERSION + " " + older
                                        + " && echo 0.0.1 > " + older + "/VERSION"
                                        + " && cp " + older + "/share/man/man1/drctl-runs.1 " + older
                                        + "/share/man/man1/drctl-retired.1"
                                        + " && ./" + older + "/install.sh")
                        .code)
                .isZero();
        assertThat(sh(dir, "MANWIDTH=80 man drctl-retired").code).isZero();

        Result upgrade = sh(dir, "tar -xzf " + archive.getFileName() + " && ./drctl-" + VERSION + "/install.sh");

        assertThat(upgrade.code).as(upgrade.toString()).isZero();
        assertThat(prefix.resolve("share/man/man1/drctl-retired.1")).doesNotExist();
        assertThat(sh(dir, "MANWIDTH=80 man drctl-retired").code).isNotZero();
        assertThat(Files.readSymbolicLink(prefix.resolve("share/man/man1/drctl-run.1"))
                        .toString())
                .contains("/lib/drctl/" + VERSION + "/");
        assertThat(sh(dir, "drctl --version").out).startsWith("drctl " + VERSION);
    }

    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private Result sh(Path cwd, String script) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tools.resolve("sh").toString(), "-c", script));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("HOME", dir.resolve("home").toString());
        env.put("PATH", prefix.resolve("bin") + ":" + tools);
        env.put("JAVA_HOME", dir.resolve("no-jdk-here").toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("'" + script + "' did not finish in 120 s");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
