package io.drctl.cli.command;

import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.cli.render.Style;
import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.run.Preflight;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        description = {
            "Before the day: ask everything the plan needs outside drctl whether it answers — API servers, database "
                    + "members, DNS servers and APIs, webhook hosts, the run's state site, secrets — side by side, each within its own "
                    + "timeout. Nothing is changed and nothing is posted. With --assume-lost SITE, also check that the plan gets through "
                    + "without that site: nothing it needs lives there (spec.sites.*.networks say what does), and every step acting on "
                    + "it copes with it not answering. Exit 0 when all is well, 3 when losing the site would stop the run, 78 for a "
                    + "configuration problem, 69 when something does not answer."
        })
public final class PreflightCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "PLAN", description = "The plan file.")
    Path planFile;

    @Option(
            names = "--assume-lost",
            paramLabel = "SITE",
            description = "The site to imagine gone (a key of spec.sites).")
    String lost;

    @Override
    public Integer call() throws InterruptedException {
        Plan plan = root.loader().load(planFile);
        if (lost != null && !plan.sites().containsKey(lost)) {
            throw new DrctlException(
                    ExitCode.USAGE,
                    "--assume-lost: plan " + plan.name() + " has no site '" + lost + "' (sites: "
                            + String.join(", ", plan.sites().keySet()) + ")");
        }
        Preflight.Report report =
                Preflight.run(plan, root.language(), root.engineEnvironment(), Optional.ofNullable(lost));
        if (root.output() == OutputFormat.JSON) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("plan", plan.name());
            report.lostSite().ifPresent(s -> data.put("assumeLost", s));
            data.put(
                    "dependencies",
                    report.rows().stream().map(PreflightCommand::asMap).toList());
            data.put("exitCode", report.exitCode().code());
            new JsonLinesRenderer(root.out(), root.redactor()).versionLine().result("preflight", data);
            return report.exitCode().code();
        }
        print(plan, report);
        return report.exitCode().code();
    }

    private void print(Plan plan, Preflight.Report report) {
        PrintWriter out = root.out();
        Style style = root.style();
        out.println("preflight of plan " + plan.name()
                + report.lostSite()
                        .map(s -> ", assuming site " + s + " is lost")
                        .orElse(""));
        List<Preflight.Row> rows = report.rows();
        int kindWidth = rows.stream().mapToInt(r -> r.kind().length()).max().orElse(4);
        for (Preflight.Row r : rows) {
            String mark = switch (r.verdict()) {
                case ANSWERS -> style.ok("✓");
                case LOST -> style.dim("–");
                case UNREACHABLE, MISCONFIGURED, IN_LOST_SITE, STOPS_RUN -> style.bad("✘");
            };
            String name =
                    r.verdict() == Preflight.Verdict.MISCONFIGURED && r.kind().equals("secret") ? "" : r.name();
            out.println(mark + " " + pad(r.kind(), kindWidth) + "  " + (name.isEmpty() ? "" : name + ": ")
                    + r.verdict().text()
                    + (r.detail().isEmpty() || r.detail().equals(name)
                            ? ""
                            : " — " + root.redactor().redact(r.detail())));
            if (!r.usedBy().isEmpty()) {
                out.println("  " + " ".repeat(kindWidth) + "  " + style.dim("needed by " + r.usedBy()));
            }
        }
        ExitCode code = report.exitCode();
        out.println(
                switch (code) {
                    case SUCCESS ->
                        (rows.isEmpty()
                                        ? "the plan needs nothing outside drctl"
                                        : "all " + rows.size() + " dependencies answer")
                                + report.lostSite()
                                        .map(s -> ", and the plan gets through without " + s)
                                        .orElse("");
                    case BLOCKED ->
                        "losing site " + report.lostSite().orElse("?")
                                + " would stop this plan (exit 3): see the ✘ lines";
                    case CONFIGURATION -> "configuration problems (exit 78): fix them before the day";
                    default -> "some dependencies do not answer (exit 69)";
                });
        out.flush();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static Map<String, Object> asMap(Preflight.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind());
        m.put("name", r.name());
        if (!r.site().isEmpty()) {
            m.put("site", r.site());
        }
        if (!r.usedBy().isEmpty()) {
            m.put("usedBy", r.usedBy());
        }
        m.put("result", r.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("detail", r.detail());
        return m;
    }
}
