package io.drctl.adapters.dns;

import io.drctl.adapters.dns.CheckDnsStep.Server;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One round of check.dns: what each server answered for the name and, for authoritative
 * servers, at which SOA serial. The serial every authoritative server must reach is the highest
 * any of them showed this round (serial arithmetic, RFC 1982), and at least the one a dns.update
 * of this run recorded: a server that answers the right value from an older zone is a secondary
 * that has not transferred the change, and other records may still be old there.
 */
record CheckDnsRound(
        List<String> expected,
        Map<Server, ResolverAnswer> answers,
        Map<Server, Long> serials,
        Map<Server, String> soaProblems,
        OptionalLong required) {

    /** Asks every server at once (the record, and the SOA of authoritative ones), each within {@code timeout}. */
    static CheckDnsRound ask(List<Server> servers, CheckDnsSettings s, Duration timeout, OptionalLong requiredSerial)
            throws InterruptedException {
        Map<Server, Future<ResolverAnswer>> asked = new LinkedHashMap<>();
        Map<Server, Future<ZoneSoa>> soaAsked = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Server server : servers) {
                asked.put(server, pool.submit(() -> ResolverAnswer.ask(server.address(), s.name(), s.type(), timeout)));
                if (server.authoritative()) {
                    soaAsked.put(server, pool.submit(() -> ZoneSoa.ask(server.address(), s.zone(), null, timeout)));
                }
            }
            Map<Server, ResolverAnswer> answers = new LinkedHashMap<>();
            for (Map.Entry<Server, Future<ResolverAnswer>> e : asked.entrySet()) {
                try {
                    answers.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException x) {
                    answers.put(e.getKey(), new ResolverAnswer(List.of(), 0, "failed: " + x.getCause()));
                }
            }
            Map<Server, Long> serials = new LinkedHashMap<>();
            Map<Server, String> soaProblems = new LinkedHashMap<>();
            OptionalLong required = requiredSerial;
            for (Map.Entry<Server, Future<ZoneSoa>> e : soaAsked.entrySet()) {
                try {
                    long serial = e.getValue().get().serial();
                    serials.put(e.getKey(), serial);
                    if (required.isEmpty() || ZoneSoa.compareSerials(serial, required.getAsLong()) > 0) {
                        required = OptionalLong.of(serial);
                    }
                } catch (ExecutionException x) {
                    soaProblems.put(
                            e.getKey(),
                            x.getCause() instanceof ZoneSoa.Unavailable u ? u.getMessage() : "failed: " + x.getCause());
                }
            }
            return new CheckDnsRound(s.expected(), answers, serials, soaProblems, required);
        }
    }

    /** The server answers the expected value and, if authoritative, is at the newest serial. */
    boolean right(Server server) {
        ResolverAnswer answer = answers.get(server);
        if (answer == null || !answer.matches(expected)) {
            return false;
        }
        return !server.authoritative()
                || (serials.containsKey(server)
                        && required.isPresent()
                        && ZoneSoa.compareSerials(serials.get(server), required.getAsLong()) >= 0);
    }

    ResolverAnswer observed(Server server) {
        return answers.getOrDefault(server, new ResolverAnswer(List.of(), 0, "was not asked"));
    }

    Long serialOf(Server server) {
        return serials.get(server);
    }

    /** The serial all authoritative servers share, once every one of them is right. */
    Optional<Long> agreedSerial() {
        boolean all = answers.keySet().stream().filter(Server::authoritative).allMatch(this::right);
        return all && !serials.isEmpty() && required.isPresent() ? Optional.of(required.getAsLong()) : Optional.empty();
    }

    /** Why {@code server} is not right: {@code answers 192.0.2.10 (ttl 300)}, {@code is at SOA serial 4, behind 7 ...}. */
    String why(Server server) {
        ResolverAnswer answer = observed(server);
        if (!server.authoritative()) {
            return answer.describe();
        }
        Long serial = serials.get(server);
        if (serial == null) {
            String soa = soaProblems.getOrDefault(server, "was not asked");
            return answer.problem() != null && answer.problem().equals(soa)
                    ? answer.describe()
                    : answer.describe() + "; its SOA: " + soa;
        }
        if (required.isPresent() && ZoneSoa.compareSerials(serial, required.getAsLong()) < 0) {
            return (answer.matches(expected) ? "answers " + String.join(", ", expected) : answer.describe())
                    + " at SOA serial " + serial + ", behind serial " + required.getAsLong()
                    + ": it lags, not having transferred the latest change of the zone";
        }
        return answer.describe() + " at SOA serial " + serial;
    }

    /** What changed between rounds, TTLs left out: a new progress line is worth it only when this does. */
    String situation() {
        StringBuilder out = new StringBuilder();
        answers.forEach((server, answer) -> out.append(server.address())
                .append('=')
                .append(answer.withoutTtl())
                .append('@')
                .append(serials.get(server))
                .append(' '));
        return out.toString();
    }
}
