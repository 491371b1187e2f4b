package io.drctl.cli.command;

import io.drctl.adapters.kubernetes.snapshot.CapacitySnapshot;
import io.drctl.adapters.kubernetes.snapshot.SnapshotTaker;
import io.drctl.cli.DrctlCommand;
import io.drctl.cli.OutputFormat;
import io.drctl.cli.render.JsonLinesRenderer;
import io.drctl.engine.plan.Plan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = {
            "Record a site's capacity for 'replicas: fromSnapshot'.",
            "The replica counts (and HPA bounds) of every workload the plan's k8s.scale and k8s.wait steps select, in the state directory and, when the plan has spec.state, in a "
                    + "ConfigMap there. 'replicas: fromSnapshot' scales the other site to the newest one. Run it on a schedule "
                    + "(deploy/snapshot-cronjob.yaml). Exit 69 when the site does not answer."
        })
public final class SnapshotCommand implements Callable<Integer> {
    @ParentCommand
    DrctlCommand root;

    @Parameters(paramLabel = "PLAN", description = "The plan file.")
    Path planFile;

    @Option(
            names = "--site",
            required = true,
            paramLabel = "SITE",
            description = "The site to record (a key of spec.sites).")
    String site;

    @Override
    public Integer call() {
        Plan plan = root.loader().load(planFile);
        SnapshotTaker.Taken taken = SnapshotTaker.take(plan, site, root.engineEnvironment());
        CapacitySnapshot s = taken.snapshot();
        if (root.output() == OutputFormat.JSON) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("plan", s.plan());
            data.put("site", s.site());
            data.put("takenAt", s.takenAt().toString());
            Map<String, Object> workloads = new LinkedHashMap<>();
            s.workloads().forEach(e -> workloads.put(e.key(), e.replicas()));
            data.put("workloads", workloads);
            data.put("file", taken.file().toString());
            taken.configMap().ifPresent(c -> data.put("configMap", c));
            taken.configMapProblem().ifPresent(p -> data.put("configMapProblem", p));
            new JsonLinesRenderer(root.out(), root.redactor()).versionLine().result("snapshot", data);
            return 0;
        }
        PrintWriter out = root.out();
        out.println("Capacity of site " + s.site() + " for plan " + s.plan() + " at " + s.takenAt() + ":");
        for (CapacitySnapshot.Entry e : s.workloads()) {
            out.println("  " + e.key() + ": " + e.replicas()
                    + e.hpaMin()
                            .map(min -> " (HPA " + min + ".."
                                    + e.hpaMax().map(String::valueOf).orElse("?") + ")")
                            .orElse(""));
        }
        out.println("saved to " + taken.file());
        taken.configMap().ifPresent(c -> out.println("and to ConfigMap " + c));
        taken.configMapProblem().ifPresent(p -> root.err().println("drctl: warning: snapshot " + p));
        out.flush();
        return 0;
    }
}
