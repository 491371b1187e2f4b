package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.cli.testing.CliHarness;
import io.drctl.cli.testing.DrctlProcess;
import io.drctl.engine.ExitCode;
import io.drctl.engine.run.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command the runbooks show is run, in order, and must exit as the runbook says, so that
 * what an operator types on the worst day has been run by the last build. The convention (which
 * blocks run, {@code # exit N}, {@code <run-id>}, {@code &}, {@code sh continues}, ...) is
 * documented at the top of runbooks/README.md; {@link Runbook} reads it, {@link Session} runs it.
 */
class RunbooksIT {
    static final Path REPO =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    static final Path RUNBOOKS = REPO.resolve("runbooks");
    /** What every block's working directory holds a copy of, so relative paths read as from the repository's root. */
    static final List<String> COPIED = List.of("plans", "deploy", "runbooks");

    @TempDir
    Path dir;

    static Stream<String> runbooks() throws IOException {
        try (Stream<Path> s = Files.list(RUNBOOKS)) {
            return s
                    .filter(p -> p.getFileName().toString().endsWith(".md"))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runbooks")
    void every_command_the_runbook_shows_runs_and_exits_as_the_runbook_says(String name) throws Exception {
        List<Runbook.Block> blocks = Runbook.blocks(name, Files.readString(RUNBOOKS.resolve(name)));
        assertThat(blocks)
                .as(name + " shows no ```sh block: every runbook shows at least one command the tests run")
                .isNotEmpty();
        try (Session session = new Session(name, dir)) {
            session.run(blocks);
        }
    }

    @Test
    void a_runbook_that_shows_a_misspelled_option_fails_naming_its_line() {
        String typo = """
                # Running hello

                ```sh
                drctl validate plans/examples/hello.yaml
                drctl run plans/examples/hello.yaml --yes --reasn "INC-1 drill"
                ```
                """;
        assertThatThrownBy(() -> runAll("typo.md", typo))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("typo.md:5")
                .hasMessageContaining("exited 64, the runbook says 0")
                .hasMessageContaining("unknown option '--reasn'");
    }

    @Test
    void a_runbook_that_states_another_exit_code_than_the_command_gives_fails() {
        String wrong = """
                ```sh
                drctl validate plans/examples/hello.yaml   # exit 65
                ```
                """;
        assertThatThrownBy(() -> runAll("wrong.md", wrong))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("wrong.md:2")
                .hasMessageContaining("exited 0, the runbook says 65");
    }

    @Test
    void a_command_the_tests_cannot_run_in_a_sh_block_fails_instead_of_being_skipped() {
        String cluster = """
                ```sh
                kubectl --context pangyo get nodes
                ```
                """;
        assertThatThrownBy(() -> runAll("cluster.md", cluster))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cluster.md:2")
                .hasMessageContaining("```text");
    }

    @Test
    void placeholders_other_than_run_id_and_shell_expansions_are_refused_in_commands_that_run() {
        assertThatThrownBy(() -> runAll("p.md", "```sh\ndrctl status <run>\n```\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("p.md:2")
                .hasMessageContaining("<run>");
        assertThatThrownBy(() -> runAll("e.md", "```sh\ndrctl --kubeconfig $KUBECONFIG status\n```\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("e.md:2")
                .hasMessageContaining("$");
    }

    @Test
    void the_reader_understands_the_convention_as_runbooks_readme_documents_it() {
        String markdown = """
                Some prose.

                ```sh
                # a comment line is not a command
                drctl validate plans/examples/hello.yaml
                drctl run plans/examples/hello.yaml --reason "INC-7 # not a comment" \\
                    --yes   # exit 3
                drctl resume <run-id> &   # wait for "drctl approve", exit 1
                ```

                ````markdown
                ```sh
                drctl never-run
                ```
                ````

                ```text
                drctl not-run-either
                ```

                ```sh continues
                wait
                ```
                """;
        List<Runbook.Block> blocks = Runbook.blocks("x.md", markdown);

        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).continues()).isFalse();
        assertThat(blocks.get(1).continues()).isTrue();
        List<Runbook.Command> first = blocks.get(0).commands();
        assertThat(first).extracting(Runbook.Command::line).containsExactly(5, 6, 8);
        assertThat(first.get(0).words()).containsExactly("drctl", "validate", "plans/examples/hello.yaml");
        assertThat(first.get(0).exitCode()).isEqualTo(ExitCode.SUCCESS.code());
        assertThat(first.get(1).words())
                .containsExactly(
                        "drctl", "run", "plans/examples/hello.yaml", "--reason", "INC-7 # not a comment", "--yes");
        assertThat(first.get(1).exitCode()).isEqualTo(ExitCode.BLOCKED.code());
        assertThat(first.get(2).background()).isTrue();
        assertThat(first.get(2).waitFor()).isEqualTo("drctl approve");
        assertThat(first.get(2).exitCode()).isEqualTo(ExitCode.STEP_FAILED.code());
        assertThat(first.get(2).words()).containsExactly("drctl", "resume", "<run-id>");
        assertThat(blocks.get(1).commands()).extracting(Runbook.Command::words).containsExactly(List.of("wait"));
    }

    @Test
    void the_runbooks_run_the_demo_at_most_twice_so_that_this_test_stays_short() throws Exception {
        long demos = 0;
        for (String name : runbooks().toList()) {
            demos += Runbook.blocks(name, Files.readString(RUNBOOKS.resolve(name))).stream()
                    .flatMap(b -> b.commands().stream())
                    .filter(c -> c.isDrctl()
                            && c.words().size() > 1
                            && c.words().get(1).equals("demo")
                            && !c.words().contains("--help"))
                    .count();
        }
        assertThat(demos).as("drctl demo takes about 10 s a run").isLessThanOrEqualTo(2L);
    }

    @Test
    void runbooks_readme_documents_every_part_of_the_convention() throws IOException {
        String readme = Files.readString(RUNBOOKS.resolve("README.md"));
        assertThat(readme)
                .contains(
                        "```sh",
                        "```sh continues",
                        "```text",
                        "# exit ",
                        "<run-id>",
                        "&",
                        "# wait for \"",
                        "wait",
                        "wait %",
                        "kill %",
                        "export ",
                        "--state-dir",
                        "RunbooksIT");
    }

    private void runAll(String name, String markdown) throws Exception {
        try (Session session = new Session(name, dir)) {
            session.run(Runbook.blocks(name, markdown));
        }
    }

    /** The commands of a runbook's {@code sh} blocks, as runbooks/README.md describes them. */
    static final class Runbook {
        private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*(.*)$");
        private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)\\b");
        private static final Pattern WAIT_FOR = Pattern.compile("\\bwait for \"([^\"]+)\"");

        record Block(int line, boolean continues, List<Command> commands) {}

        /**
         * One command: its words (quotes removed, with whether each was written bare, so that
         * {@code &} and {@code >} count only unquoted), what its comment states, where it is.
         */
        record Command(
                String file,
                int line,
                String text,
                List<String> words,
                List<Boolean> bare,
                boolean background,
                int exitCode,
                String waitFor,
                boolean expands) {
            boolean isDrctl() {
                return !words.isEmpty()
                        && (words.getFirst().equals("drctl") || words.getFirst().equals("./drctl"));
            }

            String where() {
                return file + ":" + line + ": `" + text.strip() + "`";
            }
        }

        static List<Block> blocks(String file, String markdown) {
            List<String> lines = markdown.lines().toList();
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher open = FENCE.matcher(lines.get(i));
                if (!open.matches()) {
                    continue;
                }
                String fence = open.group(1);
                List<String> info = List.of(open.group(2).strip().split("\\s+"));
                int start = i;
                List<String> body = new ArrayList<>();
                for (i++; i < lines.size(); i++) {
                    Matcher close = FENCE.matcher(lines.get(i));
                    if (close.matches()
                            && close.group(1).charAt(0) == fence.charAt(0)
                            && close.group(1).length() >= fence.length()
                            && close.group(2).isBlank()) {
                        break;
                    }
                    body.add(lines.get(i));
                }
                if (!info.getFirst().equals("sh")) {
                    continue;
                }
                if (info.size() > 2 || (info.size() == 2 && !info.get(1).equals("continues"))) {
                    throw new AssertionError(
                            file + ":" + (start + 1) + ": a sh block's info string is 'sh' or 'sh continues', not '"
                                    + String.join(" ", info) + "'");
                }
                blocks.add(new Block(start + 1, info.size() == 2, commands(file, start + 2, body)));
            }
            return blocks;
        }

        private static List<Command> commands(String file, int firstLine, List<String> body) {
            List<Command> commands = new ArrayList<>();
            for (int i = 0; i < body.size(); i++) {
                int line = firstLine + i;
                StringBuilder text = new StringBuilder(body.get(i));
                while (text.toString().stripTrailing().endsWith("\\") && i + 1 < body.size()) {
                    String t = text.toString().stripTrailing();
                    text.setLength(0);
                    text.append(t, 0, t.length() - 1)
                            .append(' ')
                            .append(body.get(++i).strip());
                }
                Command c = parse(file, line, text.toString());
                if (!c.words().isEmpty()) {
                    commands.add(c);
                }
            }
            return commands;
        }

        /** Splits a line into words as sh would (quotes, backslashes, a comment from an unquoted '#'). */
        static Command parse(String file, int line, String text) {
            List<String> words = new ArrayList<>();
            List<Boolean> bare = new ArrayList<>();
            String comment = "";
            boolean expands = false;
            StringBuilder word = null;
            boolean wordBare = true;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (Character.isWhitespace(ch)) {
                    if (word != null) {
                        words.add(word.toString());
                        bare.add(wordBare);
                        word = null;
                    }
                    continue;
                }
                if (word == null) {
                    if (ch == '#') {
                        comment = text.substring(i + 1).strip();
                        break;
                    }
                    word = new StringBuilder();
                    wordBare = true;
                }
                switch (ch) {
                    case '\'' -> {
                        int end = text.indexOf('\'', i + 1);
                        if (end < 0) {
                            throw new AssertionError(file + ":" + line + ": unmatched ' in `" + text + "`");
                        }
                        word.append(text, i + 1, end);
                        wordBare = false;
                        i = end;
                    }
                    case '"' -> {
                        wordBare = false;
                        for (i++; i < text.length() && text.charAt(i) != '"'; i++) {
                            char q = text.charAt(i);
                            if (q == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                                word.append(text.charAt(++i));
                            } else {
                                expands |= q == '$' || q == '`';
                                word.append(q);
                            }
                        }
                        if (i >= text.length()) {
                            throw new AssertionError(file + ":" + line + ": unmatched \" in `" + text + "`");
                        }
                    }
                    case '\\' -> {
                        if (i + 1 < text.length()) {
                            word.append(text.charAt(++i));
                        }
                    }
                    default -> {
                        expands |= ch == '$' || ch == '`';
                        word.append(ch);
                    }
                }
            }
            if (word != null) {
                words.add(word.toString());
                bare.add(wordBare);
            }
            boolean background = !words.isEmpty() && words.getLast().equals("&") && bare.getLast();
            if (background) {
                words.removeLast();
                bare.removeLast();
            }
            Matcher exit = EXIT.matcher(comment);
            Matcher waitFor = WAIT_FOR.matcher(comment);
            return new Command(
                    file,
                    line,
                    text,
                    List.copyOf(words),
                    List.copyOf(bare),
                    background,
                    exit.find() ? Integer.parseInt(exit.group(1)) : 0,
                    waitFor.find() ? waitFor.group(1) : null,
                    expands);
        }
    }

    /**
     * Runs blocks as one reader at one shell would: a working directory (a copy of plans/, deploy/
     * and runbooks/), a state directory, the environment {@code export} set, the background
     * commands, the newest run. A block that does not continue the one before starts afresh.
     */
    static final class Session implements AutoCloseable {
        private static final Set<String> PATH_OPTIONS =
                Set.of("--out", "--dir", "--seed", "--kubeconfig", "--state-dir");
        private static final Pattern PLACEHOLDER = Pattern.compile("<[a-zA-Z][a-zA-Z0-9-]*>");
        private static final Pattern STACK_TRACE = Pattern.compile(
                "(?m)^\\s*at [\\w$.]+\\.[\\w$<>]+\\([^)]*\\)\\s*$|^Exception in thread |^Caused by: [\\w$.]+");
        private static final Duration WAIT_FOR_LIMIT = Duration.ofSeconds(120);
        private static final Duration WAIT_LIMIT = Duration.ofSeconds(180);

        private final String name;
        private final Path root;
        private int blockCount;
        private Path work;
        private Path home;
        private Path state;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Set<Path> stateDirs = new LinkedHashSet<>();
        private final List<Background> background = new ArrayList<>();
        private String runId;

        /** A background command, numbered as sh numbers jobs: one more than the highest still running. */
        private static final class Background {
            final int number;
            final Runbook.Command command;
            final DrctlProcess process;
            boolean done;

            Background(int number, Runbook.Command command, DrctlProcess process) {
                this.number = number;
                this.command = command;
                this.process = process;
            }
        }

        Session(String name, Path root) {
            this.name = name;
            this.root = root.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_"));
        }

        void run(List<Runbook.Block> blocks) throws Exception {
            for (Runbook.Block block : blocks) {
                if (block.continues()) {
                    if (work == null) {
                        throw new AssertionError(
                                name + ":" + block.line() + ": 'sh continues', but no sh block comes before it");
                    }
                } else {
                    endBlock();
                    startBlock();
                }
                for (Runbook.Command c : block.commands()) {
                    execute(c);
                }
            }
            endBlock();
        }

        private void startBlock() throws IOException {
            blockCount++;
            Path base = root.resolve("block-" + blockCount);
            work = base.resolve("work");
            home = base.resolve("home");
            state = base.resolve("state");
            Files.createDirectories(work);
            Files.createDirectories(home);
            for (String folder : COPIED) {
                copy(REPO.resolve(folder), work.resolve(folder));
            }
            env.clear();
            stateDirs.clear();
            stateDirs.add(state);
            runId = null;
        }

        /** Background commands must have been waited for or stopped by the block, as a reader's terminal would be left tidy. */
        private void endBlock() {
            List<String> left = background.stream()
                    .filter(b -> !b.done)
                    .map(b -> b.command.where())
                    .toList();
            close();
            if (!left.isEmpty()) {
                throw new AssertionError(
                        "still running at the end of its block (end it with 'wait' or 'kill %N'): " + left);
            }
        }

        @Override
        public void close() {
            for (Background b : background) {
                if (!b.done) {
                    b.process.killHard();
                    b.done = true;
                }
            }
            background.clear();
        }

        private void execute(Runbook.Command c) throws Exception {
            List<String> words = new ArrayList<>(c.words());
            for (int i = 0; i < words.size(); i++) {
                words.set(i, fillPlaceholders(c, words.get(i)));
            }
            if (c.isDrctl()) {
                if (c.expands()) {
                    throw new AssertionError(
                            c.where() + ": drctl lines are run without a shell: no $VARIABLE or `...` in them");
                }
                drctl(c, words.subList(1, words.size()));
                return;
            }
            if (c.background()) {
                throw new AssertionError(c.where() + ": only drctl commands can run in the background (&)");
            }
            switch (words.getFirst()) {
                case "export" -> export(c, words);
                case "wait" -> waitForAll(c, words);
                case "kill" -> kill(c, words);
                default -> shell(c);
            }
        }

        private String fillPlaceholders(Runbook.Command c, String word) {
            Matcher m = PLACEHOLDER.matcher(word);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                if (!m.group().equals("<run-id>")) {
                    throw new AssertionError(
                            c.where() + ": " + m.group() + " is no placeholder the runbook test fills (only <run-id>);"
                                    + " a command with a value the reader must supply goes in a ```text block");
                }
                String id = newestRun();
                if (id == null) {
                    throw new AssertionError(c.where() + ": <run-id>, but no run was started before it in this block");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(id));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** The newest run in any state directory the block used (run ids begin with their UTC start time). */
        private String newestRun() {
            String newest = runId;
            for (Path dir : stateDirs) {
                String id = new StateDirectory(dir).latestRunId().orElse(null);
                if (id != null && (newest == null || id.compareTo(newest) > 0)) {
                    newest = id;
                }
            }
            runId = newest;
            return newest;
        }

        private void drctl(Runbook.Command c, List<String> given) throws Exception {
            List<String> args = new ArrayList<>(given);
            Path stateDir = state;
            Path redirect = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                int bareIndex = i + 1;
                if (a.equals(">") && c.bare().get(bareIndex)) {
                    if (i != args.size() - 2) {
                        throw new AssertionError(c.where() + ": '> FILE' must end the command");
                    }
                    redirect = work.resolve(args.get(i + 1));
                    args.subList(i, i + 2).clear();
                    break;
                }
                if ((a.equals("|") || a.equals(";") || a.equals("&&") || a.equals("||") || a.equals("&"))
                        && c.bare().get(bareIndex)) {
                    throw new AssertionError(c.where() + ": one drctl command per line (no pipes, ;, && or ||)");
                }
            }
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--state-dir") && i + 1 < args.size()) {
                    stateDir = work.resolve(args.get(i + 1));
                    args.subList(i, i + 2).clear();
                    i--;
                } else if (a.startsWith("--state-dir=")) {
                    stateDir = work.resolve(a.substring("--state-dir=".length()));
                    args.remove(i);
                    i--;
                }
            }
            stateDirs.add(stateDir);
            args = resolvePaths(args);
            if (c.background()) {
                startBackground(c, stateDir, args);
                return;
            }
            CliHarness drctl = new CliHarness(stateDir);
            drctl.env("HOME", home.toString());
            env.forEach(drctl::env);
            long started = System.nanoTime();
            CliHarness.Result r = drctl.run(args.toArray(String[]::new));
            log(c, "exit " + r.exitCode(), started);
            if (redirect != null) {
                Files.writeString(redirect, r.out(), StandardCharsets.UTF_8);
            }
            if (r.exitCode() != c.exitCode()) {
                throw new AssertionError(c.where() + " exited " + r.exitCode() + ", the runbook says " + c.exitCode()
                        + "\n" + shorten(r.toString()));
            }
            assertNoStackTrace(c, r.err());
            newestRun();
        }

        /** Relative paths as the reader's shell would see them from the repository's root: the block's working directory. */
        private List<String> resolvePaths(List<String> args) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("--") && a.contains("=")) {
                    String option = a.substring(0, a.indexOf('='));
                    String value = a.substring(a.indexOf('=') + 1);
                    out.add(PATH_OPTIONS.contains(option) || exists(value) ? option + "=" + work.resolve(value) : a);
                } else if (i > 0 && PATH_OPTIONS.contains(args.get(i - 1))) {
                    out.add(work.resolve(a).toString());
                } else if (!a.startsWith("-") && exists(a)) {
                    out.add(work.resolve(a).toString());
                } else {
                    out.add(a);
                }
            }
            return out;
        }

        private boolean exists(String path) {
            try {
                return !path.isBlank() && !Path.of(path).isAbsolute() && Files.exists(work.resolve(path));
            } catch (InvalidPathException e) {
                return false;
            }
        }

        private void startBackground(Runbook.Command c, Path stateDir, List<String> args) throws Exception {
            List<String> all = new ArrayList<>(List.of("--state-dir", stateDir.toString()));
            all.addAll(args);
            Map<String, String> processEnv = new LinkedHashMap<>();
            processEnv.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            processEnv.put("HOME", home.toString());
            processEnv.put("USER", "tester");
            processEnv.putAll(env);
            DrctlProcess process = DrctlProcess.start(
                    work.resolveSibling("background-" + (background.size() + 1)),
                    processEnv,
                    all.toArray(String[]::new));
            int number = 1
                    + background.stream()
                            .filter(j -> !j.done)
                            .mapToInt(j -> j.number)
                            .max()
                            .orElse(0);
            Background b = new Background(number, c, process);
            background.add(b);
            long started = System.nanoTime();
            if (c.waitFor() == null) {
                log(c, "started as %" + number, started);
                return;
            }
            long end = started + WAIT_FOR_LIMIT.toNanos();
            while (!process.stdout().contains(c.waitFor())) {
                if (!process.process().isAlive()) {
                    b.done = true;
                    throw new AssertionError(
                            c.where() + " ended (exit " + process.process().exitValue() + ") without printing \""
                                    + c.waitFor() + "\"\n" + shorten(process.output()));
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError(c.where() + " did not print \"" + c.waitFor() + "\" within "
                            + WAIT_FOR_LIMIT.toSeconds() + " s\n" + shorten(process.output()));
                }
                Thread.sleep(100);
            }
            log(c, "started as %" + number + ", printed \"" + c.waitFor() + "\"", started);
            newestRun();
        }

        /** {@code wait} waits for every background command of the block, as sh does; {@code wait %N} for one. */
        private void waitForAll(Runbook.Command c, List<String> words) throws Exception {
            List<Background> jobs;
            if (words.size() == 1) {
                jobs = background.stream().filter(b -> !b.done).toList();
            } else if (words.size() == 2 && words.get(1).matches("%\\d+")) {
                jobs = List.of(job(c, words.get(1)));
            } else {
                throw new AssertionError(c.where() + ": 'wait' (every background command) or 'wait %N' (the Nth)");
            }
            for (Background b : jobs) {
                long started = System.nanoTime();
                int code = b.process.waitFor(WAIT_LIMIT);
                log(
                        b.command,
                        "%" + b.number + " exit " + code + " at " + c.text().strip(),
                        started);
                b.done = true;
                if (code != b.command.exitCode()) {
                    throw new AssertionError(b.command.where() + " (waited for at " + name + ":" + c.line()
                            + ") exited " + code + ", the runbook says " + b.command.exitCode() + "\n"
                            + shorten(b.process.output()));
                }
                assertNoStackTrace(b.command, b.process.stderr());
            }
            newestRun();
        }

        private Background job(Runbook.Command c, String spec) {
            int n = Integer.parseInt(spec.substring(1));
            return background.stream()
                    .filter(b -> !b.done && b.number == n)
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError(c.where() + ": there is no running background command %" + n));
        }

        private void kill(Runbook.Command c, List<String> words) throws Exception {
            String signal = "TERM";
            List<String> rest = words.subList(1, words.size());
            if (rest.size() == 2 && rest.getFirst().matches("-(INT|TERM)")) {
                signal = rest.getFirst().substring(1);
                rest = rest.subList(1, 2);
            }
            if (rest.size() != 1 || !rest.getFirst().matches("%\\d+")) {
                throw new AssertionError(
                        c.where() + ": 'kill %N' or 'kill -INT %N' stops the Nth background command of the block");
            }
            Background b = job(c, rest.getFirst());
            long started = System.nanoTime();
            b.process.signal(signal);
            if (!b.process.process().waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(c.where() + ": the command did not stop within 30 s of SIG" + signal + "\n"
                        + shorten(b.process.output()));
            }
            b.done = true;
            log(c, "%" + b.number + " stopped (exit " + b.process.process().exitValue() + ")", started);
            assertNoStackTrace(b.command, b.process.stderr());
        }

        private void export(Runbook.Command c, List<String> words) {
            if (words.size() != 2 || !words.get(1).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                throw new AssertionError(c.where() + ": 'export NAME=VALUE', one variable a line");
            }
            if (c.expands()) {
                throw new AssertionError(c.where() + ": no $VARIABLE or `...` in an export the test runs");
            }
            String variable = words.get(1).substring(0, words.get(1).indexOf('='));
            String value = words.get(1).substring(variable.length() + 1);
            env.put(variable, exists(value) ? work.resolve(value).toString() : value);
        }

        /** Anything else (cp, cat, ...) runs with sh in the working directory; drctl must begin its line. */
        private void shell(Runbook.Command c) throws Exception {
            if (c.words().stream().anyMatch(w -> w.equals("drctl") || w.equals("./drctl") || w.endsWith("/drctl"))) {
                throw new AssertionError(c.where() + ": drctl must begin its line to be run by the test");
            }
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", fillPlaceholders(c, c.text()))
                    .directory(work.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("HOME", home.toString());
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(c.where() + " did not finish within 60 s");
            }
            log(c, "exit " + p.exitValue(), started);
            if (p.exitValue() != c.exitCode()) {
                throw new AssertionError(c.where() + " exited " + p.exitValue() + ", the runbook says " + c.exitCode()
                        + " (a command that cannot run on a build machine belongs in a ```text block)"
                        + "\n" + shorten(new String(output, StandardCharsets.UTF_8)));
            }
        }

        /** One line per command on the test's output, so that a slow or failing runbook shows where. */
        private static void log(Runbook.Command c, String what, long startedNanos) {
            System.out.printf(
                    "runbook %s:%d: %s (%.1f s): %s%n",
                    c.file(),
                    c.line(),
                    what,
                    (System.nanoTime() - startedNanos) / 1e9,
                    c.text().strip().replaceAll("\\s+", " "));
        }

        private static void assertNoStackTrace(Runbook.Command c, String err) {
            if (STACK_TRACE.matcher(err).find()) {
                throw new AssertionError(c.where() + " wrote a Java stack trace to stderr:\n" + shorten(err));
            }
        }

        private static String shorten(String text) {
            return text.length() <= 6000
                    ? text
                    : text.substring(0, 2000) + "\n[...]\n" + text.substring(text.length() - 4000);
        }

        private static void copy(Path from, Path to) throws IOException {
            try (Stream<Path> s = Files.walk(from)) {
                s.sorted(Comparator.naturalOrder()).forEach(p -> {
                    Path target = to.resolve(from.relativize(p).toString());
                    try {
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
