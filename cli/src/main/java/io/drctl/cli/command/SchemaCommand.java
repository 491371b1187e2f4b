package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.engine.ExitCode;
import io.drctl.engine.schema.JsonSchemaWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = {
            "Print the JSON Schema (draft 2020-12) of the plan language, for editors.",
            "Every registered step type is included. Point editors at it with a plan's first line, "
                    + "'# yaml-language-server: $schema=<file>'."
        })
public final class SchemaCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Override
    public Integer call() {
        root.out().print(JsonSchemaWriter.planSchemaText(root.language()));
        root.out().flush();
        return ExitCode.SUCCESS.code();
    }
}
