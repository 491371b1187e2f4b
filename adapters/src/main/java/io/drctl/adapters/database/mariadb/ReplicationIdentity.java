package io.drctl.adapters.database.mariadb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which primary's history a MariaDB or MySQL member carries, as text that a db.fence step
 * records and a db.promote step compares (the old primary may be gone by then):
 *
 * <ul>
 *   <li>a primary: {@code server_id 1, gtid_domain_id 0} (MariaDB), {@code server_uuid …,
 *       server_id 1} (MySQL);</li>
 *   <li>a replica, by its replication source as it last connected: {@code replica of server_id 1,
 *       received gtid domains 0} (MariaDB: the domains of Gtid_IO_Pos and gtid_slave_pos),
 *       {@code replica of server_uuid …, server_id 1} (MySQL).</li>
 * </ul>
 *
 * Two clusters set up apart usually both keep the default server_id 1, so server_id alone
 * rarely tells them apart: MySQL's server_uuid does, and on MariaDB the GTID domain does when
 * each cluster has its own {@code gtid_domain_id}.
 */
record ReplicationIdentity(
        boolean replica,
        OptionalLong serverId,
        Optional<String> serverUuid,
        OptionalLong gtidDomain,
        SortedSet<Long> receivedDomains) {
    private static final String REPLICA_OF = "replica of ";

    /** The member's identity; empty for a replica that never connected to its source (nothing to compare yet). */
    static Optional<ReplicationIdentity> read(Connection c, boolean mysql) throws SQLException {
        Optional<ReplicaStatus> status = ReplicaStatus.read(c);
        if (status.isPresent()) {
            ReplicaStatus r = status.get();
            OptionalLong source = r.sourceServerId();
            Optional<String> uuid = mysql ? Optional.of(r.sourceUuid()).filter(u -> !u.isBlank()) : Optional.empty();
            if ((source.isEmpty() || source.getAsLong() <= 0) && uuid.isEmpty()) {
                return Optional.empty();
            }
            SortedSet<Long> domains = new TreeSet<>();
            if (!mysql) {
                domains.addAll(GtidPositions.parse(r.gtidReceived()).keySet());
                domains.addAll(GtidPositions.parse(single(c, "SELECT @@global.gtid_slave_pos"))
                        .keySet());
            }
            return Optional.of(new ReplicationIdentity(
                    true,
                    source.isPresent() && source.getAsLong() > 0 ? source : OptionalLong.empty(),
                    uuid,
                    OptionalLong.empty(),
                    domains));
        }
        OptionalLong serverId = OptionalLong.of(
                Long.parseLong(single(c, "SELECT @@global.server_id").strip()));
        if (mysql) {
            return Optional.of(new ReplicationIdentity(
                    false,
                    serverId,
                    Optional.of(single(c, "SELECT @@global.server_uuid")),
                    OptionalLong.empty(),
                    new TreeSet<>()));
        }
        OptionalLong domain = OptionalLong.of(
                Long.parseLong(single(c, "SELECT @@global.gtid_domain_id").strip()));
        return Optional.of(new ReplicationIdentity(false, serverId, Optional.empty(), domain, new TreeSet<>()));
    }

    /** Reads the text {@link #text()} wrote, also as recorded by earlier versions ({@code server_id 1}); parts it does not know are left out. */
    static ReplicationIdentity parse(String text) {
        String rest = text.strip();
        boolean replica = rest.startsWith(REPLICA_OF);
        if (replica) {
            rest = rest.substring(REPLICA_OF.length());
        }
        OptionalLong serverId = OptionalLong.empty();
        Optional<String> uuid = Optional.empty();
        OptionalLong domain = OptionalLong.empty();
        SortedSet<Long> received = new TreeSet<>();
        for (String part : rest.split(", ")) {
            try {
                if (part.startsWith("server_id ")) {
                    serverId = OptionalLong.of(
                            Long.parseLong(part.substring("server_id ".length()).strip()));
                } else if (part.startsWith("server_uuid ")) {
                    uuid = Optional.of(part.substring("server_uuid ".length()).strip());
                } else if (part.startsWith("gtid_domain_id ")) {
                    domain = OptionalLong.of(Long.parseLong(
                            part.substring("gtid_domain_id ".length()).strip()));
                } else if (part.startsWith("received gtid domains ")) {
                    for (String d :
                            part.substring("received gtid domains ".length()).split(",")) {
                        received.add(Long.parseLong(d.strip()));
                    }
                }
            } catch (NumberFormatException e) {
                // a part this version cannot read proves nothing either way
            }
        }
        return new ReplicationIdentity(replica, serverId, uuid, domain, received);
    }

    String text() {
        List<String> parts = new ArrayList<>();
        serverUuid.ifPresent(u -> parts.add("server_uuid " + u));
        serverId.ifPresent(id -> parts.add("server_id " + id));
        gtidDomain.ifPresent(d -> parts.add("gtid_domain_id " + d));
        if (!receivedDomains.isEmpty()) {
            parts.add("received gtid domains "
                    + receivedDomains.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return (replica ? REPLICA_OF : "") + String.join(", ", parts);
    }

    /**
     * Why a replica with this identity does not carry the history of {@code other}, whose identity
     * is {@code theirs}, completing "{standby} is not a replica of {other}: "; empty when nothing
     * known differs. Against another replica, both must replicate from the same source.
     */
    Optional<String> notAReplicaOf(String other, ReplicationIdentity theirs) {
        String whose = theirs.replica ? other + "'s source is " : other + "'s is ";
        if (!replica) {
            // A primary of its own (a fenced primary reopened): its history is another's only if it is that very
            // server.
            return text().equals(theirs.text())
                    ? Optional.empty()
                    : Optional.of("it replicates from nobody (" + text() + "), " + whose + theirs.text());
        }
        List<String> differences = new ArrayList<>();
        if (serverUuid.isPresent() && theirs.serverUuid.isPresent()) {
            if (!serverUuid.get().equalsIgnoreCase(theirs.serverUuid.get())) {
                differences.add("it replicates from server_uuid " + serverUuid.get() + ", " + whose + "server_uuid "
                        + theirs.serverUuid.get());
            }
        } else if (serverId.isPresent()
                && theirs.serverId.isPresent()
                && serverId.getAsLong() != theirs.serverId.getAsLong()) {
            differences.add("it replicates from server_id " + serverId.getAsLong() + ", " + whose + "server_id "
                    + theirs.serverId.getAsLong());
        }
        if (theirs.gtidDomain.isPresent()
                && !receivedDomains.isEmpty()
                && !receivedDomains.contains(theirs.gtidDomain.getAsLong())) {
            differences.add("it received GTIDs of " + (receivedDomains.size() == 1 ? "domain " : "domains ")
                    + receivedDomains.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " only, "
                    + other
                    + " writes domain " + theirs.gtidDomain.getAsLong() + " (gtid_domain_id)");
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }
}
