package io.drctl.engine.builtin;

import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.spi.Dependency;
import io.drctl.engine.spi.DependencyFinder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programs exec steps run, found where they will be run from: on this machine's PATH (as drctl
 * runs them), or at the absolute path given. A tool that is not there is the 2022 lesson in its
 * plainest form — the tools needed on the day were in the building that burned.
 */
public final class ToolDependencies implements DependencyFinder {
    @Override
    public List<Dependency> find(Plan plan, Map<String, String> environment) {
        Map<String, List<String>> users = new LinkedHashMap<>();
        for (StepDefinition step : plan.steps()) {
            if (!ExecStepType.NAME.equals(step.type())) {
                continue;
            }
            boolean shell = Boolean.TRUE.equals(step.with().get("shell"));
            for (String field : List.of("command", "check", "verify")) {
                if (step.with().get(field) instanceof List<?> command && !command.isEmpty()) {
                    String program = shell ? "/bin/sh" : String.valueOf(command.getFirst());
                    if (!program.contains("${")) { // a program named by a secret is resolved only when the step runs
                        users.computeIfAbsent(program, p -> new ArrayList<>()).add(step.id());
                    }
                }
            }
        }
        List<Dependency> out = new ArrayList<>();
        String path = environment.getOrDefault("PATH", "");
        users.forEach((program, steps) -> out.add(new Dependency(
                "tool",
                program,
                Optional.empty(),
                Optional.empty(),
                String.join(", ", steps.stream().distinct().toList()),
                () -> locate(program, path))));
        return out;
    }

    private static Dependency.Answer locate(String program, String path) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p)
                    ? Dependency.Answer.answers("at " + p)
                    : Dependency.Answer.misconfigured(
                            p + (Files.exists(p) ? " is not executable" : " does not exist on this machine"));
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Dependency.Answer.answers("at " + Path.of(dir, program));
            }
        }
        return Dependency.Answer.misconfigured(program + " is not on this machine's PATH");
    }
}
