package io.drctl.dist;

import io.drctl.cli.Cli;
import io.drctl.cli.CliEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the AsciiDoc source of drctl's man pages, one per command and subcommand (drctl.adoc,
 * drctl-run.adoc, ...), from the same command tree the program parses with, so the pages never
 * lag behind the commands. scripts/build-dist.sh turns them into troff with asciidoctor.
 * Run at build time only: {@code java -cp drctl.jar:picocli-codegen.jar:dist/target/classes
 * io.drctl.dist.ManPages OUTPUT_DIR}.
 */
public final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ManPages OUTPUT_DIR");
            System.exit(64);
        }
        // No terminal and no environment: the pages must not depend on where the build ran.
        CliEnvironment quiet = CliEnvironment.detached();
        CommandLine drctl = Cli.commandLine(quiet);
        pointSubcommandsAtGlobalOptions(drctl);
        int code =
                ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true, drctl.getCommandSpec());
        System.exit(code);
    }

    /**
     * A subcommand's page shows its own options only, in OPTIONS and in the SYNOPSIS, as its
     * {@code --help} does: the options every command inherits from {@code drctl} (--output,
     * --state-dir, ...) are described once, on drctl(1), and each subcommand's page names them
     * and points there. Only this build-time copy of the command tree is changed.
     */
    static void pointSubcommandsAtGlobalOptions(CommandLine parent) {
        for (CommandLine sub : parent.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            List<OptionSpec> inherited =
                    spec.options().stream().filter(OptionSpec::inherited).toList();
            if (!inherited.isEmpty()) {
                inherited.forEach(spec::remove);
                String names = inherited.stream().map(OptionSpec::longestName).collect(Collectors.joining(", "));
                List<String> footer =
                        new ArrayList<>(List.of(spec.usageMessage().footer()));
                footer.add("The global options (" + names + ") work with this command too; drctl(1) describes them.");
                spec.usageMessage().footer(footer.toArray(String[]::new));
                if (spec.usageMessage().footerHeading().isEmpty()) {
                    spec.usageMessage().footerHeading("Global options");
                }
            }
            pointSubcommandsAtGlobalOptions(sub);
        }
    }
}
