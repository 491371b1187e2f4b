package io.drctl.adapters.database.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The MySQL code path of identity and promotion proof, against a connection that records what is
 * sent and answers as MySQL 8 does (there is no MySQL server on these machines; MariaDB's path
 * runs against the real server in MariaDbPairingIT and MariaDbFailoverIT): a replica is told
 * apart by its source's server_uuid, and a promoted replica must hold every GTID it had retrieved.
 */
class MySqlReplicationTest {
    private static final String PANGYO_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String OTHER_UUID = "8a94f357-aab4-11df-86ab-c80aa9429562";
    private final MariaDbDialect mysql = new MariaDbDialect(true);

    private static ScriptedConnection replicaOf(String uuid, long serverId, String retrieved) {
        return new ScriptedConnection()
                .answer(
                        "SHOW REPLICA STATUS",
                        "Replica_IO_Running",
                        "Yes",
                        "Replica_SQL_Running",
                        "Yes",
                        "Source_Server_Id",
                        String.valueOf(serverId),
                        "Source_UUID",
                        uuid,
                        "Retrieved_Gtid_Set",
                        retrieved,
                        "Executed_Gtid_Set",
                        retrieved);
    }

    @Test
    void a_mysql_replica_is_identified_by_its_sources_server_uuid_and_server_id() throws Exception {
        ScriptedConnection replica = replicaOf(PANGYO_UUID, 1, PANGYO_UUID + ":1-10");

        assertThat(mysql.clusterIdentity(replica.connection()))
                .hasValue("replica of server_uuid " + PANGYO_UUID + ", server_id 1");
        assertThat(replica.sent()).containsExactly("SHOW REPLICA STATUS");
    }

    @Test
    void a_mysql_primary_is_identified_by_its_own_server_uuid_and_server_id() throws Exception {
        ScriptedConnection primary = new ScriptedConnection()
                .noRows("SHOW REPLICA STATUS")
                .answer("SELECT @@global.server_id", "@@global.server_id", "1")
                .answer("SELECT @@global.server_uuid", "@@global.server_uuid", PANGYO_UUID);

        assertThat(mysql.clusterIdentity(primary.connection()))
                .hasValue("server_uuid " + PANGYO_UUID + ", server_id 1");
        assertThat(primary.sent())
                .containsExactly("SHOW REPLICA STATUS", "SELECT @@global.server_id", "SELECT @@global.server_uuid");
    }

    @Test
    void a_replica_of_another_server_with_the_same_default_server_id_is_told_apart_by_server_uuid() {
        String replica = "replica of server_uuid " + OTHER_UUID + ", server_id 1";

        assertThat(mysql.notAReplicaOf(replica, "pangyo", "server_uuid " + PANGYO_UUID + ", server_id 1"))
                .hasValue("it replicates from server_uuid " + OTHER_UUID + ", pangyo's is server_uuid " + PANGYO_UUID);
        assertThat(mysql.notAReplicaOf(
                        "replica of server_uuid " + PANGYO_UUID.toUpperCase() + ", server_id 1",
                        "pangyo",
                        "server_uuid " + PANGYO_UUID + ", server_id 1"))
                .isEmpty();
    }

    @Test
    void a_replica_that_never_connected_has_no_identity_to_compare() throws Exception {
        ScriptedConnection replica = replicaOf("", 0, "");

        assertThat(mysql.clusterIdentity(replica.connection())).isEmpty();
    }

    @Test
    void the_retrieved_gtid_set_is_what_the_new_primary_must_still_hold() throws Exception {
        ScriptedConnection replica = replicaOf(PANGYO_UUID, 1, PANGYO_UUID + ":1-10,\n" + OTHER_UUID + ":1-3");

        assertThat(mysql.receivedHistory(replica.connection()))
                .hasValue(PANGYO_UUID + ":1-10,\n" + OTHER_UUID + ":1-3");
    }

    @Test
    void a_promoted_replica_missing_retrieved_gtids_is_named_with_the_missing_set() throws Exception {
        ScriptedConnection promoted = new ScriptedConnection()
                .answer(
                        "SELECT @@global.gtid_executed",
                        "@@global.gtid_executed",
                        PANGYO_UUID + ":1-7,\n" + OTHER_UUID + ":1-3");

        assertThat(mysql.historyLost(PANGYO_UUID + ":1-10," + OTHER_UUID + ":1-3", promoted.connection()))
                .hasValue("the GTIDs " + PANGYO_UUID + ":8-10 it had retrieved are not in its gtid_executed");
        assertThat(promoted.sent()).containsExactly("SELECT @@global.gtid_executed");
    }

    @Test
    void a_promoted_replica_holding_every_retrieved_gtid_and_its_own_new_ones_continues_the_history() throws Exception {
        String newPrimaryUuid = "11111111-2222-3333-4444-555555555555";
        ScriptedConnection promoted = new ScriptedConnection()
                .answer(
                        "SELECT @@global.gtid_executed",
                        "@@global.gtid_executed",
                        PANGYO_UUID + ":1-10,\n" + newPrimaryUuid + ":1-2");

        assertThat(mysql.historyLost(PANGYO_UUID + ":1-10", promoted.connection()))
                .isEmpty();
    }
}
