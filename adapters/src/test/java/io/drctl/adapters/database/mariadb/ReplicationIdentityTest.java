package io.drctl.adapters.database.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a MariaDB replica's identity is read and compared with the old primary's (its own, or what its fence recorded). */
class ReplicationIdentityTest {
    private final MariaDbDialect mariadb = new MariaDbDialect(false);

    @Test
    void
            a_replica_that_received_only_another_gtid_domain_is_not_the_old_primarys_replica_even_with_the_same_server_id() {
        assertThat(mariadb.notAReplicaOf(
                        "replica of server_id 1, received gtid domains 0", "pangyo", "server_id 1, gtid_domain_id 7"))
                .hasValue("it received GTIDs of domain 0 only, pangyo writes domain 7 (gtid_domain_id)");
        assertThat(mariadb.notAReplicaOf(
                        "replica of server_id 1, received gtid domains 0,3", "pangyo", "server_id 1, gtid_domain_id 7"))
                .hasValue("it received GTIDs of domains 0, 3 only, pangyo writes domain 7 (gtid_domain_id)");
    }

    @Test
    void both_a_wrong_source_and_a_wrong_domain_are_named() {
        assertThat(mariadb.notAReplicaOf(
                        "replica of server_id 1, received gtid domains 0", "pangyo", "server_id 3, gtid_domain_id 7"))
                .hasValue("it replicates from server_id 1, pangyo's is server_id 3; "
                        + "it received GTIDs of domain 0 only, pangyo writes domain 7 (gtid_domain_id)");
    }

    @Test
    void a_replica_that_received_the_old_primarys_domain_among_others_is_its_replica() {
        assertThat(mariadb.notAReplicaOf(
                        "replica of server_id 1, received gtid domains 0,7", "pangyo", "server_id 1, gtid_domain_id 7"))
                .isEmpty();
    }

    @Test
    void what_cannot_be_compared_is_not_called_a_mismatch() {
        // a fence recorded by an earlier version: only the server_id
        assertThat(mariadb.notAReplicaOf("replica of server_id 1, received gtid domains 0", "pangyo", "server_id 1"))
                .isEmpty();
        // a replica that has received no GTID yet
        assertThat(mariadb.notAReplicaOf("replica of server_id 1", "pangyo", "server_id 1, gtid_domain_id 7"))
                .isEmpty();
    }

    @Test
    void a_member_that_replicates_from_nobody_carries_only_its_own_history() {
        assertThat(mariadb.notAReplicaOf("server_id 2, gtid_domain_id 0", "pangyo", "server_id 1, gtid_domain_id 0"))
                .hasValue(
                        "it replicates from nobody (server_id 2, gtid_domain_id 0), pangyo's is server_id 1, gtid_domain_id 0");
    }

    @Test
    void a_mariadb_replica_is_read_with_every_gtid_domain_it_received_or_applied() throws Exception {
        ScriptedConnection replica = new ScriptedConnection()
                .answer(
                        "SHOW REPLICA STATUS",
                        "Slave_IO_Running",
                        "Yes",
                        "Master_Server_Id",
                        "1",
                        "Gtid_IO_Pos",
                        "0-1-57")
                .answer("SELECT @@global.gtid_slave_pos", "@@global.gtid_slave_pos", "0-1-57,3-1-2");

        assertThat(mariadb.clusterIdentity(replica.connection()))
                .hasValue("replica of server_id 1, received gtid domains 0,3");
        assertThat(replica.sent()).containsExactly("SHOW REPLICA STATUS", "SELECT @@global.gtid_slave_pos");
    }

    @Test
    void a_mariadb_primary_is_read_with_its_gtid_domain() throws Exception {
        ScriptedConnection primary = new ScriptedConnection()
                .noRows("SHOW REPLICA STATUS")
                .answer("SELECT @@global.server_id", "@@global.server_id", "1")
                .answer("SELECT @@global.gtid_domain_id", "@@global.gtid_domain_id", "7");

        assertThat(mariadb.clusterIdentity(primary.connection())).hasValue("server_id 1, gtid_domain_id 7");
    }
}
