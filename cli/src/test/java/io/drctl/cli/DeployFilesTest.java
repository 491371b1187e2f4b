package io.drctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * What deploy/ ships runs drctl as it is today: every container of a CronJob or Job in
 * deploy/*.yaml, and every {@code drctl} line of the CI examples in deploy/ci/, is a command line
 * drctl accepts, naming example plans that exist; and the Containerfile adds the archive
 * scripts/build-dist.sh makes and links the launcher inside it.
 */
class DeployFilesTest {
    private static final Path REPO = PlansFolderTest.REPO;
    private static final Path DEPLOY = REPO.resolve("deploy");
    private static final Pattern PLAN_IN_CONFIG_MAP = Pattern.compile("/plans/([^/]+)\\.yaml");

    /** One container of a CronJob or Job, with the pod it is in. */
    record Container(Path file, String workload, Map<String, Object> container, Map<String, Object> pod) {
        String name() {
            return String.valueOf(container.get("name"));
        }

        List<String> args() {
            Object args = container.get("args");
            assertThat(args).as("%s: the args of container %s", this, name()).isInstanceOf(List.class);
            List<String> strings = new ArrayList<>();
            for (Object arg : (List<?>) args) {
                assertThat(arg).as("%s: every arg is a string", this).isInstanceOf(String.class);
                strings.add((String) arg);
            }
            return strings;
        }

        /** The volume mounted where {@code path} lies, if any. */
        Optional<Map<String, Object>> volumeAt(String path) {
            for (Map<String, Object> mount : maps(container.get("volumeMounts"))) {
                String at = String.valueOf(mount.get("mountPath"));
                if (path.equals(at) || path.startsWith(at.endsWith("/") ? at : at + "/")) {
                    return maps(pod.get("volumes")).stream()
                            .filter(v -> v.get("name").equals(mount.get("name")))
                            .findFirst()
                            .or(() -> fail("%s: volume %s is mounted but not declared", this, mount.get("name")));
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return REPO.relativize(file) + " " + workload + "/" + name();
        }
    }

    static List<Container> containers() throws Exception {
        List<Container> all = new ArrayList<>();
        for (Path file : files(DEPLOY, ".yaml")) {
            for (Object doc : yaml().loadAll(Files.readString(file))) {
                Map<String, Object> resource = map(doc);
                Object kind = resource.get("kind");
                Map<String, Object> pod = switch (String.valueOf(kind)) {
                    case "CronJob" -> map(path(resource, "spec", "jobTemplate", "spec", "template", "spec"));
                    case "Job" -> map(path(resource, "spec", "template", "spec"));
                    default -> null;
                };
                if (pod == null) {
                    continue;
                }
                String workload = kind + "/" + path(resource, "metadata", "name");
                for (String list : List.of("initContainers", "containers")) {
                    for (Map<String, Object> c : maps(pod.get(list))) {
                        all.add(new Container(file, workload, c, pod));
                    }
                }
            }
        }
        return all;
    }

    /** Every {@code drctl ...} line of the run scripts of deploy/ci/*.yml, continuation lines joined. */
    static List<String> ciCommandLines() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Path file : files(DEPLOY.resolve("ci"), ".yml")) {
            Map<String, Object> workflow = map(yaml().load(Files.readString(file)));
            for (Object job : map(workflow.get("jobs")).values()) {
                for (Map<String, Object> step : maps(map(job).get("steps"))) {
                    if (step.get("run") instanceof String script) {
                        for (String line : joinContinuations(script)) {
                            if (line.strip().startsWith("drctl ")) {
                                lines.add(line.strip());
                            }
                        }
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void the_deploy_folder_has_drctl_containers_and_ci_lines_to_check() throws Exception {
        assertThat(containers())
                .extracting(Container::workload)
                .contains("CronJob/drctl-snapshot", "CronJob/drctl-rehearsal");
        assertThat(ciCommandLines())
                .anySatisfy(l -> assertThat(l).startsWith("drctl rehearse "))
                .anySatisfy(l -> assertThat(l).contains("report").contains("--format junit"))
                .anySatisfy(l -> assertThat(l).contains("report").contains("--format html"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void every_container_of_a_cronjob_or_job_runs_a_drctl_command_line_drctl_accepts(Container c) {
        parse(c.toString(), c.args());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void every_plan_a_container_names_is_an_example_plan_mounted_where_it_is_read(Container c) {
        for (String arg : c.args()) {
            Matcher plan = PLAN_IN_CONFIG_MAP.matcher(arg);
            if (plan.matches()) {
                assertThat(REPO.resolve("plans/examples/" + plan.group(1) + ".yaml"))
                        .as("%s names %s", c, arg)
                        .isRegularFile();
                assertThat(c.volumeAt(arg))
                        .as("%s reads %s from a volume", c, arg)
                        .isPresent();
            }
        }
        optionValue(c.args(), "--kubeconfig")
                .ifPresent(kubeconfig -> assertThat(c.volumeAt(kubeconfig))
                        .as("%s reads --kubeconfig %s from a volume", c, kubeconfig)
                        .isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void a_scheduled_rehearsal_keeps_its_runs_on_a_claim_and_never_overlaps(Container c) throws Exception {
        if (!c.args().getFirst().equals("rehearse")) {
            return;
        }
        String stateDir = optionValue(c.args(), "--state-dir")
                .orElseThrow(() -> new AssertionError(c + ": rehearse without --state-dir"));
        Map<String, Object> volume = c.volumeAt(stateDir)
                .orElseThrow(() -> new AssertionError(c + ": --state-dir " + stateDir + " is not a volume"));
        Object claim = path(volume, "persistentVolumeClaim", "claimName");
        assertThat(claim)
                .as("%s: the state directory is a PersistentVolumeClaim, so `drctl runs --plan` shows the trend", c)
                .isNotNull();
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Object doc : yaml().loadAll(Files.readString(c.file()))) {
            Map<String, Object> resource = map(doc);
            if ("PersistentVolumeClaim".equals(resource.get("kind"))) {
                claims.add(resource);
            }
            if (c.workload().equals("CronJob/" + path(resource, "metadata", "name"))) {
                assertThat(path(resource, "spec", "concurrencyPolicy"))
                        .as("%s: concurrencyPolicy", c)
                        .isEqualTo("Forbid");
            }
        }
        assertThat(claims)
                .as("%s: claim %s is declared beside it", c, claim)
                .anySatisfy(r -> assertThat(path(r, "metadata", "name")).isEqualTo(claim));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciCommandLines")
    void every_drctl_line_of_the_ci_examples_is_a_command_line_drctl_accepts(String line) {
        List<String> words = words(line);
        assertThat(words.getFirst()).isEqualTo("drctl");
        List<String> args = words.subList(1, words.size());
        parse(line, args);
        for (String arg : args) {
            if (arg.endsWith(".yaml") && !arg.startsWith("/") && !arg.contains("$")) {
                assertThat(REPO.resolve(arg)).as("%s names %s", line, arg).isRegularFile();
            }
        }
    }

    @Test
    void the_containerfile_adds_the_archive_the_build_makes_and_links_the_launcher_inside_it() throws Exception {
        String version = projectVersion();
        // What scripts/build-dist.sh makes: the archive's name, and the directory at its top.
        String script = Files.readString(REPO.resolve("scripts/build-dist.sh"));
        Matcher name = Pattern.compile("(?m)^name=(\\S+)$").matcher(script);
        assertThat(name.find()).as("build-dist.sh sets name=").isTrue();
        Map<String, String> vars =
                Map.of("version", version, "name", expand(name.group(1), Map.of("version", version)));
        Matcher tar = Pattern.compile("(?m)^tar -C \"\\$target\" -czf \"\\$target/([^\"]+)\" \"([^\"]+)\"$")
                .matcher(script);
        assertThat(tar.find()).as("build-dist.sh's tar line").isTrue();
        String archive = expand(tar.group(1), vars);
        String top = expand(tar.group(2), vars);
        assertThat(archive).isEqualTo("drctl-" + version + "-linux-x64.tar.gz");

        List<List<String>> instructions = containerfile();
        assertThat(instruction(instructions, "FROM")).containsExactly("docker.io/library/debian:12-slim");
        assertThat(instruction(instructions, "ARG")).containsExactly("VERSION");
        List<String> add = instruction(instructions, "ADD");
        assertThat(add).as("ADD SOURCE DEST").hasSize(2);
        assertThat(add.getFirst()).isEqualTo("drctl-${VERSION}-linux-x64.tar.gz");
        Map<String, String> build = Map.of("VERSION", version);
        assertThat(expand(add.getFirst(), build))
                .as("the archive build-dist.sh makes")
                .isEqualTo(archive);

        String run = String.join(" ", instruction(instructions, "RUN"));
        Matcher link =
                Pattern.compile("ln -sf? (\\S+) /usr/local/bin/drctl(?:\\s|$)").matcher(run);
        assertThat(link.find()).as("RUN links /usr/local/bin/drctl: %s", run).isTrue();
        assertThat(link.group(1)).endsWith("/drctl-${VERSION}/bin/drctl");
        String dest = add.get(1).endsWith("/") ? add.get(1) : add.get(1) + "/";
        assertThat(expand(link.group(1), build))
                .as("bin/drctl in the unpacked archive")
                .isEqualTo(dest + top + "/bin/drctl");
        assertThat(REPO.resolve("dist/src/main/dist/bin/drctl"))
                .as("what build-dist.sh puts in bin/")
                .isRegularFile();

        assertThat(instruction(instructions, "USER").getFirst()).doesNotMatch("(root|0)(:.*)?");
        assertThat(instruction(instructions, "ENTRYPOINT")).containsExactly("[\"drctl\"]");
    }

    @Test
    void the_word_splitting_of_ci_lines_follows_the_shell_closely_enough() {
        assertThat(words("drctl rehearse p.yaml --reason \"weekly run\" --out 'a b' 2>&1 | tee x"))
                .containsExactly("drctl", "rehearse", "p.yaml", "--reason", "weekly run", "--out", "a b");
        assertThat(words("drctl runs --state-dir \"$X\"/s > out.txt && echo"))
                .containsExactly("drctl", "runs", "--state-dir", "$X/s");
        assertThat(joinContinuations("drctl a \\\n  b\nc\n")).containsExactly("drctl a b", "c");
    }

    // --- drctl's command line

    private static CommandLine.ParseResult parse(String where, List<String> args) {
        CliEnvironment env = CliEnvironment.detached();
        CommandLine.ParseResult result;
        try {
            result = Cli.commandLine(env).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": drctl " + args + " does not parse: " + e.getMessage(), e);
        }
        assertThat(result.hasSubcommand())
                .as("%s: %s names a drctl command", where, args)
                .isTrue();
        return result;
    }

    private static Optional<String> optionValue(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (args.get(i).startsWith(option + "=")) {
                return Optional.of(args.get(i).substring(option.length() + 1));
            }
        }
        return Optional.empty();
    }

    // --- shell lines

    /** A line's words as the shell would pass them, for simple quoting; stops at a pipe, redirection, {@code &&}, {@code ;} or comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if ("|&;<>".indexOf(c) >= 0 || (c == '#' && word == null)) {
                if (word != null && c == '>' && word.chars().allMatch(Character::isDigit)) {
                    word = null; // 2>file: a redirection, not a word
                }
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertThat(quote).as("unbalanced quote in: %s", line).isEqualTo((char) 0);
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    static List<String> joinContinuations(String script) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String stripped = line.stripTrailing();
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String joined = current.toString().replaceAll("\\s+", " ").strip();
            if (!joined.isEmpty()) {
                lines.add(joined);
            }
            current.setLength(0);
        }
        return lines;
    }

    // --- the Containerfile

    /** Its instructions as words (continuations joined, comments left out), the keyword first. */
    private static List<List<String>> containerfile() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("container/Containerfile"))) {
            if (!line.strip().startsWith("#")) {
                lines.add(line);
            }
        }
        return joinContinuations(String.join("\n", lines)).stream()
                .map(l -> List.of(l.split(" ")))
                .toList();
    }

    /** The words after the one instruction named {@code keyword}. */
    private static List<String> instruction(List<List<String>> instructions, String keyword) {
        List<List<String>> found =
                instructions.stream().filter(i -> i.getFirst().equals(keyword)).toList();
        assertThat(found).as("one %s instruction in the Containerfile", keyword).hasSize(1);
        return found.getFirst().subList(1, found.getFirst().size());
    }

    /** {@code $name} and {@code ${name}} replaced by their values; an unknown name fails. */
    private static String expand(String text, Map<String, String> vars) {
        Matcher m = Pattern.compile("\\$\\{?(\\w+)}?").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            assertThat(value).as("a value for $%s in %s", m.group(1), text).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static String projectVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(REPO.resolve("pom.xml").toFile())
                .getDocumentElement();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) {
                return e.getTextContent().strip();
            }
        }
        throw new AssertionError("pom.xml has no project version");
    }

    // --- YAML

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static List<Path> files(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .sorted()
                    .toList();
            assertThat(files).as("%s*%s", REPO.relativize(dir) + "/", suffix).isNotEmpty();
            return files;
        }
    }

    private static Object path(Map<String, Object> map, String... keys) {
        Object at = map;
        for (String key : keys) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(key);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Map<String, Object>> maps(Object o) {
        return o instanceof List<?> l ? l.stream().map(DeployFilesTest::map).toList() : List.of();
    }
}
