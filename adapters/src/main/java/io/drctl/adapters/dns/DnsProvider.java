package io.drctl.adapters.dns;

import io.drctl.engine.spi.StepException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.xbill.DNS.Name;

/**
 * Where a zone's records are changed: an RFC 2136 server, the PowerDNS API, or an ExternalDNS
 * {@code DNSEndpoint} in a site's cluster (through the Kubernetes adapter). Steps
 * speak only this interface, in {@link RecordSet}s, so a new provider is a new implementation
 * plus its fields in {@link DnsSection}, nothing else.
 *
 * <p>Every method is bounded by the zone's {@code timeout}. Failures are {@link StepException}s
 * with one line naming the server, the zone and the record: a server that does not answer is
 * {@link io.drctl.engine.spi.TargetUnreachableException} (retried), a rejected key or a refused
 * update {@link io.drctl.engine.spi.SafetyGateException} (never retried), a server failure
 * {@link io.drctl.engine.spi.StepFailedException} (retried).
 */
interface DnsProvider extends AutoCloseable {

    /** The zone, absolute: {@code example.com.}. */
    Name zone();

    /** How messages name the target: {@code rfc2136 192.0.2.53:53}, {@code powerdns http://pdns:8081}. */
    String target();

    /** The RRset of {@code type} at {@code name} as the authoritative source has it now; empty when absent. */
    Optional<RecordSet> read(Name name, RecordType type) throws StepException, InterruptedException;

    /** Applies {@code change}, replacing RRsets whole: running it twice is harmless. */
    void apply(ZoneChange change) throws StepException, InterruptedException;

    /**
     * The zone's SOA as the source has it (serial and negative-caching TTLs), if the provider can
     * read it itself; empty otherwise, and the zone's {@code nameserver} is asked instead.
     */
    default Optional<ZoneSoa> soa() throws StepException, InterruptedException {
        return Optional.empty();
    }

    /** The zone's SOA serial now, if the provider can tell. */
    OptionalLong serial() throws StepException, InterruptedException;

    /**
     * What verify records about the source after a change: the SOA {@code serial} where there is
     * one; a provider without one says so and records what identifies the change instead.
     */
    default Map<String, Object> stateOutputs() throws StepException, InterruptedException {
        OptionalLong serial = serial();
        return serial.isPresent() ? Map.of("serial", serial.getAsLong()) : Map.of();
    }

    /**
     * How long after {@link #apply} returns the change may still take to reach DNS: zero where the
     * source is the DNS server; ExternalDNS publishes a DNSEndpoint on its own schedule.
     * {@code waitForTtl} counts it before the replaced TTL.
     */
    default Duration publishDelay() {
        return Duration.ZERO;
    }

    /**
     * A line for verify when what it read back is not yet what DNS serves (ExternalDNS publishes
     * later): empty for providers whose source is the authoritative server itself.
     */
    default Optional<String> propagationNote() {
        return Optional.empty();
    }

    @Override
    void close();
}
