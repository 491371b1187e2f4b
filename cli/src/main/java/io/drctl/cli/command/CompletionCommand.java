package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.engine.ExitCode;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Shell completion generated from the commands themselves (picocli), so it never lags behind
 * them. The same script serves zsh through its bash-completion emulation.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script for drctl.",
            "For bash: source <(drctl completion bash), or save it as ~/.local/share/bash-completion/completions/drctl.",
            "For zsh: source <(drctl completion zsh) in ~/.zshrc. The installed distribution sets both up."
        })
public final class CompletionCommand implements Callable<Integer> {
    /** The shells the script is written for. */
    public enum Shell {
        bash,
        zsh
    }

    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "SHELL", description = "The shell: bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("drctl", root.commandLine());
        if (shell == Shell.zsh) {
            // zsh runs bash completion scripts once bashcompinit is loaded.
            script =
                    "#compdef drctl\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                            + script;
        }
        root.out().print(script);
        root.out().flush();
        return ExitCode.SUCCESS.code();
    }
}
