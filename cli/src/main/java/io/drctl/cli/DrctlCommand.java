package io.drctl.cli;

import io.drctl.cli.render.Style;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.load.PlanLoader;
import io.drctl.engine.run.StateDirectory;
import io.drctl.engine.secret.Redactor;
import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.StateLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options, and what every subcommand shares; its subcommands are in {@link CommandTree}. */
@Command(
        name = "drctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Disaster-recovery orchestrator: validate, preview, run and resume declarative recovery plans.")
public final class DrctlCommand implements Runnable {
    private final CliEnvironment environment;
    private final Redactor redactor = new Redactor();
    private Language language;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-o", "--output"},
            scope = ScopeType.INHERIT,
            paramLabel = "text|json",
            defaultValue = "text",
            description = "Output: text for people, json for JSON Lines (default: ${DEFAULT-VALUE}).")
    OutputFormat output = OutputFormat.TEXT;

    @Option(
            names = "--state-dir",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            description = "Where run state lives (default: $XDG_STATE_HOME/drctl, else ~/.local/state/drctl).")
    Path stateDir;

    @Option(
            names = "--no-color",
            scope = ScopeType.INHERIT,
            description = "No colours (also when NO_COLOR is set or output is not a terminal).")
    boolean noColor;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Show causes of errors and more detail.")
    boolean verbose;

    @Option(
            names = "--kubeconfig",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description =
                    "The kubeconfig with the contexts of the plan's sites (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    public DrctlCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    public CliEnvironment environment() {
        return environment;
    }

    /**
     * The environment runs and previews see: the process's, with {@code KUBECONFIG} set from
     * {@code --kubeconfig} and {@code DRCTL_STATE_DIR} from the state directory (where adapters
     * keep things such as capacity snapshots).
     */
    public Map<String, String> engineEnvironment() {
        Map<String, String> env = new HashMap<>(environment.env());
        if (kubeconfig != null) {
            // Said at once, before any run record: otherwise every Kubernetes step fails on its own.
            if (!Files.isRegularFile(kubeconfig)) {
                throw new DrctlException(
                        ExitCode.USAGE,
                        "--kubeconfig " + kubeconfig + ": "
                                + (Files.exists(kubeconfig) ? "not a file" : "the file does not exist"));
            }
            env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        }
        env.put(StateLocation.VARIABLE, stateDirectory().root().toString());
        return Map.copyOf(env);
    }

    /** Standard output: picocli's writer, so tests capture everything a command prints. */
    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The whole command tree, for what is generated from it (shell completion). */
    public picocli.CommandLine commandLine() {
        return spec.commandLine();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    public Redactor redactor() {
        return redactor;
    }

    public boolean verbose() {
        return verbose;
    }

    public OutputFormat output() {
        return output;
    }

    public synchronized Language language() {
        if (language == null) {
            language = Language.discover(DrctlCommand.class.getClassLoader());
        }
        return language;
    }

    public PlanLoader loader() {
        return new PlanLoader(language());
    }

    public StateDirectory stateDirectory() {
        return stateDir != null ? new StateDirectory(stateDir) : StateDirectory.defaultFor(environment.env());
    }

    /** Whether the text output may use colours and cursor movement. */
    public Style style() {
        boolean color =
                environment.terminalOut() && !noColor && !environment.env().containsKey("NO_COLOR");
        return new Style(color);
    }

    /** Who is acting: {@code --operator}, else {@code $USER}, else the OS account. */
    public String operator(String override) {
        if (override != null && !override.isBlank()) {
            return override;
        }
        String user = environment.env().get("USER");
        return user != null && !user.isBlank() ? user : System.getProperty("user.name", "unknown");
    }

    /**
     * This machine's name. Read from the kernel first: a name lookup can hang for seconds on a
     * machine whose resolver is gone, which is exactly the day drctl is for.
     */
    public String host() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        String env = environment.env().get("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** What another process types to approve a step of a run in this state directory. */
    public String approveCommandPrefix() {
        return stateDir == null
                ? "drctl approve"
                : "drctl approve --state-dir " + stateDirectory().root();
    }
}
