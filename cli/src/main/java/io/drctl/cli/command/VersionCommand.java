package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.VersionInfo;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.engine.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print drctl's version (JSON: the version line bots read first).")
public final class VersionCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Override
    public Integer call() {
        var out = root.out();
        if (root.output() == OutputFormat.JSON) {
            new JsonLinesRenderer(out, root.redactor()).versionLine();
        } else {
            out.println(new VersionInfo().getVersion()[0]);
        }
        out.flush();
        return ExitCode.SUCCESS.code();
    }
}
