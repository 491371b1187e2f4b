package io.drctl.adapters.dns;

import io.drctl.engine.plan.DurationText;
import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.StepContext;
import io.drctl.engine.spi.StepException;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.spi.support.ThrottledProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * A bound {@code check.dns}. check asks every server once and says what each answers now; apply
 * does nothing; verify asks, every {@code interval}, until convergence is proven:
 *
 * <ul>
 *   <li>every authoritative server of the zone (the configured one, its NS set resolved, and
 *       {@code nameservers}) answers the expected value <em>and</em> is at the highest SOA serial
 *       any of them shows (and at least the serial a dns.update of this run recorded), in the same
 *       round — so a secondary that has not transferred the change is seen and named;</li>
 *   <li>every resolver answers the expected value {@code consecutive} times in a row — one right
 *       answer from an anycast or load-balanced resolver proves little; a wrong one starts over.</li>
 * </ul>
 *
 * For each server it records how long after the start of verify it first answered right
 * (for a resolver: the start of the run of right answers that proved it).
 */
final class CheckDnsStep implements Step {
    static final Duration FINISH_MARGIN = Duration.ofMillis(200);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** The same waiting line is repeated at most this often: progress is journaled, and convergence can take many minutes. */
    static final Duration REPEAT_INTERVAL = Duration.ofSeconds(10);

    @Override
    public CheckResult check(StepContext ctx) throws StepException, InterruptedException {
        CheckDnsSettings s = CheckDnsSettings.of(ctx);
        Duration left = timeLeft(ctx);
        if (left.compareTo(Duration.ofMillis(1)) < 0) {
            return CheckResult.readOnly(s.goal(s.knownServers()));
        }
        CheckDnsSettings.Servers servers = s.servers(min(s.queryTimeout(), left));
        CheckDnsRound round =
                CheckDnsRound.ask(servers.all(), s, min(s.queryTimeout(), timeLeft(ctx)), s.requiredSerial());
        List<String> others = servers.all().stream()
                .filter(server -> !round.right(server))
                .map(server -> server.address() + " " + round.observed(server).describe())
                .toList();
        return CheckResult.readOnly(
                s.goal(servers.all()) + " (now: " + (servers.all().size() - others.size()) + "/"
                        + servers.all().size() + " do" + (others.isEmpty() ? "" : "; " + String.join("; ", others))
                        + servers.problem().map(p -> "; " + p).orElse("") + ")");
    }

    @Override
    public void apply(StepContext ctx) {
        // Nothing to change: check.dns only observes.
    }

    @Override
    public void verify(StepContext ctx) throws StepException, InterruptedException {
        CheckDnsSettings s = CheckDnsSettings.of(ctx);
        Instant start = Instant.now();
        Map<String, Long> convergedAfterMs = new LinkedHashMap<>();
        Map<Server, Integer> streak = new HashMap<>();
        Map<Server, Long> streakStartMs = new HashMap<>();
        List<Server> proven = new ArrayList<>();
        CheckDnsRound last = null;
        CheckDnsSettings.Servers servers = null;
        ThrottledProgress progress = new ThrottledProgress(ctx::progress, PROGRESS_INTERVAL);
        String lastSituation = null;
        Instant lastSaidAt = Instant.EPOCH;
        s.configured().ifPresent(a -> ctx.output("authoritative", a.toString()));
        try {
            while (true) {
                Duration left = timeLeft(ctx);
                if (left.compareTo(Duration.ofMillis(1)) < 0) {
                    break;
                }
                if (servers == null || servers.problem().isPresent()) {
                    servers = s.servers(min(s.queryTimeout(), left));
                    ctx.output(
                            "nameservers",
                            servers.all().stream()
                                    .filter(Server::authoritative)
                                    .map(a -> a.address().toString())
                                    .toList());
                }
                List<Server> toAsk =
                        servers.all().stream().filter(x -> !proven.contains(x)).toList();
                last = CheckDnsRound.ask(toAsk, s, min(s.queryTimeout(), timeLeft(ctx)), s.requiredSerial());
                long elapsed = Duration.between(start, Instant.now()).toMillis();
                for (Server server : toAsk) {
                    String key = server.address().toString();
                    boolean right = last.right(server);
                    if (server.authoritative()) {
                        if (right && convergedAfterMs.putIfAbsent(key, elapsed) == null) {
                            ctx.progress(server.label() + " answers " + String.join(", ", s.expected())
                                    + " at SOA serial " + last.serialOf(server) + " after "
                                    + DurationText.format(Duration.ofMillis(elapsed)));
                        } else if (!right) {
                            convergedAfterMs.remove(key);
                        }
                    } else if (right) {
                        int n = streak.merge(server, 1, Integer::sum);
                        streakStartMs.putIfAbsent(server, elapsed);
                        if (n >= s.consecutive()) {
                            proven.add(server);
                            convergedAfterMs.put(key, streakStartMs.get(server));
                            ctx.progress(server.label() + " answers " + String.join(", ", s.expected()) + " after "
                                    + DurationText.format(Duration.ofMillis(streakStartMs.get(server)))
                                    + (s.consecutive() > 1 ? " (" + n + " times in a row)" : ""));
                        }
                    } else {
                        streak.remove(server);
                        streakStartMs.remove(server);
                    }
                }
                ctx.output("convergedAfterMs", new LinkedHashMap<>(convergedAfterMs));
                List<String> pending = pending(servers, last, proven, streak, s);
                if (pending.isEmpty()) {
                    last.agreedSerial().ifPresent(serial -> ctx.output("serial", serial));
                    return;
                }
                String waiting = convergedAfterMs.size() + "/" + servers.all().size() + " answer "
                        + String.join(", ", s.expected()) + "; waiting for " + pending.getFirst();
                // A resolver's TTL counts down every second: only a different answer, or time, is worth a new line.
                String situation = convergedAfterMs.size() + " " + last.situation();
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
        List<String> waiting = servers == null || last == null
                ? List.of("no server was asked")
                : pending(servers, last, proven, streak, s);
        int total = servers == null ? s.knownServers().size() : servers.all().size();
        throw new StepFailedException(
                s.name() + " " + s.type() + " did not converge on " + String.join(", ", s.expected())
                        + " before the deadline: " + String.join("; ", waiting)
                        + (convergedAfterMs.isEmpty() ? "" : " (" + convergedAfterMs.size() + "/" + total + " did)"));
    }

    /** Why each server not yet proven is not, one phrase each, authoritative servers first; empty when all are. */
    private static List<String> pending(
            CheckDnsSettings.Servers servers,
            CheckDnsRound round,
            List<Server> proven,
            Map<Server, Integer> streak,
            CheckDnsSettings s) {
        List<String> out = new ArrayList<>();
        servers.problem().ifPresent(out::add);
        for (Server server : servers.all()) {
            boolean done = server.authoritative() ? round.right(server) : proven.contains(server);
            if (done) {
                continue;
            }
            String why = server.label() + " " + round.why(server);
            int n = streak.getOrDefault(server, 0);
            out.add(
                    !server.authoritative() && n > 0
                            ? why + " (right " + n + " of " + s.consecutive() + " times in a row)"
                            : why);
        }
        return out;
    }

    private static Duration timeLeft(StepContext ctx) {
        return Duration.between(Instant.now(), ctx.deadline()).minus(FINISH_MARGIN);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A server to ask: authoritative for the zone ({@code nsName} when found in its NS set) or a resolver. */
    record Server(DnsServer address, boolean authoritative, Name nsName) {
        String label() {
            return address + (authoritative ? " (authoritative" + (nsName == null ? "" : ", " + nsName) + ")" : "");
        }
    }
}
