package io.drctl.dist;

import io.drctl.cli.Cli;
import io.drctl.cli.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;
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
        CliEnvironment quiet = new CliEnvironment(
                Map.of(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]),
                false,
                false,
                false);
        CommandLine drctl = Cli.commandLine(quiet);
        int code =
                ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true, drctl.getCommandSpec());
        System.exit(code);
    }
}
