package io.drctl.engine.run;

import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.FailurePolicy;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Networks;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.Site;
import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.plan.UnreachablePolicy;
import io.drctl.engine.spi.Dependency;
import io.drctl.engine.spi.DependencyFinder;
import io.drctl.engine.spi.Language;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code drctl preflight}: everything a plan needs outside drctl, asked side by side, each within
 * its own timeout — and, with a site assumed lost, whether the plan gets through without it:
 * nothing it needs may live there (its run state, a webhook, a DNS server, the API server of a
 * surviving site reached through it, this machine), and every step that acts on it must cope
 * with it not answering. The lesson of the 2022 fire, where the tools needed to start the
 * backups were inside the burning building.
 */
public final class Preflight {
    /** No probe takes longer than this, whatever its own timeout says. */
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

    /** What one row of the table says. */
    public enum Verdict {
        ANSWERS("ok"),
        UNREACHABLE("unreachable"),
        MISCONFIGURED("configuration"),
        LOST("in the lost site, not asked"),
        IN_LOST_SITE("lives in the lost site"),
        STOPS_RUN("stops the run");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public record Row(String kind, String name, String site, String usedBy, Verdict verdict, String detail) {}

    /** The rows, and what they add up to. */
    public record Report(Optional<String> lostSite, List<Row> rows) {
        public ExitCode exitCode() {
            if (rows.stream().anyMatch(r -> r.verdict() == Verdict.IN_LOST_SITE || r.verdict() == Verdict.STOPS_RUN)) {
                return ExitCode.BLOCKED;
            }
            if (rows.stream().anyMatch(r -> r.verdict() == Verdict.MISCONFIGURED)) {
                return ExitCode.CONFIGURATION;
            }
            if (rows.stream().anyMatch(r -> r.verdict() == Verdict.UNREACHABLE)) {
                return ExitCode.UNREACHABLE;
            }
            return ExitCode.SUCCESS;
        }
    }

    private Preflight() {}

    public static Report run(Plan plan, Language language, Map<String, String> environment, Optional<String> lostSite)
            throws InterruptedException {
        List<Row> rows = Collections.synchronizedList(new ArrayList<>());
        for (String problem : ConfigurationCheck.problems(plan, Mode.FAILOVER, environment)) {
            rows.add(new Row("secret", problem, "", "", Verdict.MISCONFIGURED, problem));
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (DependencyFinder finder : language.dependencyFinders()) {
            dependencies.addAll(finder.find(plan, environment));
        }
        Optional<Site> lost = lostSite.map(name -> plan.sites().get(name));
        List<Dependency> toAsk = new ArrayList<>();
        for (Dependency d : dependencies) {
            Optional<Row> judged = lost.flatMap(site -> judgeWithout(site, d));
            if (judged.isPresent()) {
                rows.add(judged.get());
            } else {
                toAsk.add(d);
            }
        }
        rows.addAll(ask(toAsk));
        lost.ifPresent(site -> {
            rows.addAll(stepsThatStop(plan, site.name()));
            for (DependencyFinder finder : language.dependencyFinders()) {
                finder.stopsWithout(plan, site.name())
                        .forEach(why -> rows.add(new Row("step", why, site.name(), "", Verdict.STOPS_RUN, why)));
            }
            thisMachineIn(site).ifPresent(rows::add);
        });
        return new Report(lostSite, List.copyOf(rows));
    }

    /** A dependency judged without asking it, given the lost site; empty when it must be asked. */
    private static Optional<Row> judgeWithout(Site lost, Dependency d) {
        String site = d.site().orElse("");
        if (site.equals(lost.name())) {
            return Optional.of(
                    d.needsItsSite()
                            ? new Row(
                                    d.kind(),
                                    d.name(),
                                    site,
                                    d.usedBy(),
                                    Verdict.IN_LOST_SITE,
                                    "the run cannot go on without it, and it " + "is in site " + site
                                            + ": keep it in a site that survives")
                            : new Row(d.kind(), d.name(), site, d.usedBy(), Verdict.LOST, "expected gone"));
        }
        Optional<String> network = d.host()
                .flatMap(host -> lost.networks().stream()
                        .filter(n -> Networks.contains(n, host))
                        .findFirst());
        return network.map(n -> new Row(
                d.kind(),
                d.name(),
                site,
                d.usedBy(),
                Verdict.IN_LOST_SITE,
                d.host().orElseThrow() + " is in site " + lost.name() + " (" + n + "): it goes with the site"));
    }

    /** Every probe at once, each within its own timeout, none longer than the limit. */
    private static List<Row> ask(List<Dependency> dependencies) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        // Not try-with-resources: closing an executor waits for every task, and a probe past the
        // limit must be left behind, not waited for.
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Dependency.Answer>> answers = new ArrayList<>();
            for (Dependency d : dependencies) {
                answers.add(pool.submit(() -> d.probe().ask()));
            }
            long end = System.nanoTime() + PROBE_LIMIT.toNanos();
            for (int i = 0; i < dependencies.size(); i++) {
                Dependency d = dependencies.get(i);
                Dependency.Answer answer;
                try {
                    answer = answers.get(i).get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    answers.get(i).cancel(true);
                    answer = Dependency.Answer.unreachable("no answer within " + PROBE_LIMIT.toSeconds() + " s");
                } catch (ExecutionException e) {
                    answer = Dependency.Answer.misconfigured(
                            String.valueOf(e.getCause().getMessage()));
                }
                Verdict verdict = switch (answer.state()) {
                    case ANSWERS -> Verdict.ANSWERS;
                    case UNREACHABLE -> Verdict.UNREACHABLE;
                    case MISCONFIGURED -> Verdict.MISCONFIGURED;
                };
                rows.add(new Row(d.kind(), d.name(), d.site().orElse(""), d.usedBy(), verdict, answer.detail()));
            }
        } finally {
            pool.shutdownNow(); // interrupts what is left, without waiting for it
        }
        return rows;
    }

    /** Steps that act on the lost site (site:) and would stop the run when it does not answer. */
    private static List<Row> stepsThatStop(Plan plan, String lost) {
        List<Row> rows = new ArrayList<>();
        for (StepDefinition step : plan.steps()) {
            if (step.site().filter(lost::equals).isPresent()
                    && step.ifUnreachable() != UnreachablePolicy.SKIP
                    && step.onFailure() != FailurePolicy.CONTINUE) {
                rows.add(new Row(
                        "step",
                        step.id() + " (" + step.type() + ")",
                        lost,
                        "",
                        Verdict.STOPS_RUN,
                        "acts on site " + lost
                                + " without ifUnreachable: skip: with the site gone the run stops there (exit 69)"));
            }
        }
        return rows;
    }

    /** This machine, when one of its addresses or its name is in the lost site: drctl would burn with it. */
    private static Optional<Row> thisMachineIn(Site lost) {
        List<String> mine = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        mine.add(a.getHostAddress().replaceAll("%.*", ""));
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to look at: nothing to say
        }
        for (String address : mine) {
            for (String network : lost.networks()) {
                if (Networks.contains(network, address)) {
                    return Optional.of(new Row(
                            "machine",
                            "this machine (" + address + ")",
                            lost.name(),
                            "drctl itself",
                            Verdict.IN_LOST_SITE,
                            "its address is in site " + lost.name() + " (" + network + "): run drctl from "
                                    + "a machine outside it"));
                }
            }
        }
        return Optional.empty();
    }
}
