package io.drctl.adapters.dns;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A bound {@code check.dns}. check asks every server once and says what each answers now; apply
 * does nothing; verify asks, every {@code interval}, the servers that do not yet answer the
 * expected value, until all do, recording for each how long after the start of verify it first
 * did. A server that answered right once is not asked again.
 */
final class CheckDnsStep implements Step {
    static final Duration FINISH_MARGIN = Duration.ofMillis(200);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** The same waiting line is repeated at most this often: progress is journaled, and convergence can take many minutes. */
    static final Duration REPEAT_INTERVAL = Duration.ofSeconds(10);

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        Settings s = Settings.of(ctx);
        String plan = "will resolve " + s.name() + " " + s.type() + " at " + String.join(", ", s.labels())
                + " until all answer " + String.join(", ", s.expected());
        Duration left = timeLeft(ctx);
        if (left.compareTo(Duration.ofMillis(1)) < 0) {
            return CheckResult.readOnly(plan);
        }
        Map<Server, ResolverAnswer> now = askAll(s.servers(), s, min(s.queryTimeout(), left));
        long matching = now.values().stream().filter(a -> a.matches(s.expected())).count();
        List<String> others = now.entrySet().stream().filter(e -> !e.getValue().matches(s.expected()))
                .map(e -> e.getKey().address() + " " + e.getValue().describe()).toList();
        return CheckResult.readOnly(plan + " (now: " + matching + "/" + now.size() + " do"
                + (others.isEmpty() ? "" : "; " + String.join("; ", others)) + ")");
    }

    @Override
    public void apply(StepContext ctx) {
        // Nothing to change: check.dns only observes.
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        Settings s = Settings.of(ctx);
        Instant start = Instant.now();
        Map<String, Long> convergedAfterMs = new LinkedHashMap<>();
        Map<Server, ResolverAnswer> last = new LinkedHashMap<>();
        List<Server> pending = new ArrayList<>(s.servers());
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, PROGRESS_INTERVAL);
        String lastSituation = null;
        Instant lastSaidAt = Instant.EPOCH;
        s.servers().stream().filter(Server::authoritative).findFirst()
                .ifPresent(a -> ctx.output("authoritative", a.address().toString()));
        try {
            while (true) {
                Duration left = timeLeft(ctx);
                if (left.compareTo(Duration.ofMillis(1)) < 0) {
                    break;
                }
                Map<Server, ResolverAnswer> round = askAll(pending, s, min(s.queryTimeout(), left));
                long elapsed = Duration.between(start, Instant.now()).toMillis();
                for (Map.Entry<Server, ResolverAnswer> e : round.entrySet()) {
                    last.put(e.getKey(), e.getValue());
                    if (e.getValue().matches(s.expected())) {
                        pending.remove(e.getKey());
                        convergedAfterMs.put(e.getKey().address().toString(), elapsed);
                        ctx.progress(e.getKey().label() + " answers " + String.join(", ", s.expected()) + " after "
                                + DurationText.format(Duration.ofMillis(elapsed)));
                    }
                }
                ctx.output("convergedAfterMs", new LinkedHashMap<>(convergedAfterMs));
                if (pending.isEmpty()) {
                    return;
                }
                String waiting = convergedAfterMs.size() + "/" + s.servers().size() + " answer " + String.join(", ", s.expected())
                        + "; waiting for " + pending.getFirst().address() + " (" + last.get(pending.getFirst()).describe() + ")";
                // A resolver's TTL counts down every second: only a different answer, or time, is worth a new line.
                String situation = convergedAfterMs.size() + " " + pending.getFirst() + " " + last.get(pending.getFirst()).withoutTtl();
                if (!situation.equals(lastSituation) || Instant.now().isAfter(lastSaidAt.plus(REPEAT_INTERVAL))) {
                    progress.offer(waiting);
                    lastSituation = situation;
                    lastSaidAt = Instant.now();
                }
                if (timeLeft(ctx).compareTo(s.interval()) <= 0) {
                    break;
                }
                Thread.sleep(s.interval());
            }
        } finally {
            progress.flush();
        }
        List<String> waiting = pending.stream().map(p -> p.label() + " "
                + Optional.ofNullable(last.get(p)).map(ResolverAnswer::describe).orElse("was not asked")).toList();
        throw new StepFailedException(s.name() + " " + s.type() + " did not converge on " + String.join(", ", s.expected())
                + " before the deadline: " + String.join("; ", waiting)
                + (convergedAfterMs.isEmpty() ? "" : " (" + convergedAfterMs.size() + "/" + s.servers().size() + " did)"));
    }

    /** Asks every server at once, each within {@code timeout}. */
    private static Map<Server, ResolverAnswer> askAll(List<Server> servers, Settings s, Duration timeout)
            throws InterruptedException {
        Map<Server, Future<ResolverAnswer>> asked = new LinkedHashMap<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Server server : servers) {
                asked.put(server, pool.submit(() -> ResolverAnswer.ask(server.address(), s.name(), s.type(), timeout)));
            }
            Map<Server, ResolverAnswer> out = new LinkedHashMap<>();
            for (Map.Entry<Server, Future<ResolverAnswer>> e : asked.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException x) {
                    out.put(e.getKey(), new ResolverAnswer(List.of(), 0, "failed: " + x.getCause()));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Duration timeLeft(StepContext ctx) {
        return Duration.between(Instant.now(), ctx.deadline()).minus(FINISH_MARGIN);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A server to ask; {@code authoritative} when it is the zone's own. */
    record Server(DnsServer address, boolean authoritative) {
        String label() {
            return address + (authoritative ? " (authoritative)" : "");
        }
    }

    record Settings(Name name, RecordType type, List<String> expected, List<Server> servers, Duration interval,
                    Duration queryTimeout) {

        List<String> labels() {
            return servers.stream().map(Server::label).toList();
        }

        static Settings of(StepContext ctx) throws StepFailedException {
            Params p = ctx.params();
            Optional<String> zoneKey = p.optionalString("zone");
            Name zone = zoneKey.isPresent() ? DnsStepSettings.zoneName(ctx, zoneKey.get()) : null;
            RecordType type = RecordType.parse(p.optionalString("type").orElse("A"));
            Name name;
            try {
                name = CheckDnsStepType.absolute(p.string("name"), zone);
            } catch (TextParseException e) {
                throw new StepFailedException("name: '" + p.string("name") + "' is not a valid DNS name");
            }
            List<String> expected = new ArrayList<>();
            for (String v : RecordRequest.writtenValues(p.raw().get("expect"))) {
                try {
                    expected.add(type.canonical(v, zone != null ? zone : Name.root));
                } catch (RecordType.InvalidValueException e) {
                    throw new StepFailedException("expect: " + e.getMessage());
                }
            }
            List<Server> servers = new ArrayList<>();
            if (zoneKey.isPresent() && p.bool("authoritative", true)) {
                servers.add(new Server(DnsZones.nameserverOf(ctx.plan(), zoneKey.get()).orElseThrow(() ->
                        new StepFailedException("spec.dns." + zoneKey.get() + " names no nameserver to ask")), true));
            }
            for (String r : p.strings("resolvers")) {
                servers.add(new Server(DnsServer.parse(r), false));
            }
            return new Settings(name, type, List.copyOf(new TreeSet<>(expected)), servers,
                    p.duration("interval", CheckDnsStepType.DEFAULT_INTERVAL),
                    p.duration("queryTimeout", CheckDnsStepType.DEFAULT_QUERY_TIMEOUT));
        }
    }
}
