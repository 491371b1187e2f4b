package io.drctl.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a refused run is told about the holder: never "run ? (operator ? …)". */
class PlanLockHolderTest {
    @TempDir
    Path dir;

    @Test
    void an_empty_or_torn_lock_file_is_described_as_a_run_that_has_not_said_who_it_is() throws Exception {
        Path empty = Files.writeString(dir.resolve("a.lock"), "");
        Path torn = Files.writeString(dir.resolve("b.lock"), "{\"run\":\"2026");

        assertThat(PlanLock.describeHolder(empty))
                .startsWith("another run that has not recorded who it is yet")
                .doesNotContain("?");
        assertThat(PlanLock.describeHolder(torn))
                .startsWith("another run that has not recorded who it is yet")
                .doesNotContain(" ? ");
    }

    @Test
    void a_holder_is_named_with_what_its_file_says_and_nothing_invented() throws Exception {
        Path partial = Files.writeString(dir.resolve("c.lock"), "{\"run\":\"20261202-000000-abcd\",\"pid\":42}");
        Path full = Files.writeString(
                dir.resolve("d.lock"),
                "{\"run\":\"20261202-000000-abcd\",\"operator\":\"kim\",\"host\":\"laptop\",\"pid\":42,\"since\":\"2026-12-02T00:00:00Z\"}");

        assertThat(PlanLock.describeHolder(partial)).isEqualTo("run 20261202-000000-abcd (pid 42)");
        assertThat(PlanLock.describeHolder(full))
                .isEqualTo(
                        "run 20261202-000000-abcd (operator kim on host laptop, pid 42, since 2026-12-02T00:00:00Z)");
    }
}
