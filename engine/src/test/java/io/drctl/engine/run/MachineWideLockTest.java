package io.drctl.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two state directories on one machine used to run the same plan at once; the machine-wide lock stops that. */
class MachineWideLockTest {
    @TempDir
    Path dir;

    @Test
    void a_second_state_directory_on_the_same_machine_cannot_run_the_plan_while_the_first_does() throws Exception {
        Map<String, String> machine = Map.of(
                PlanLock.MACHINE_DIRECTORY_VARIABLE, dir.resolve("machine").toString());
        StateDirectory kims = new StateDirectory(dir.resolve("kim"));
        StateDirectory lees = new StateDirectory(dir.resolve("lee"));

        try (PlanLock first = PlanLock.acquire(kims, "chat", "20261203-010000-aaaa", "kim", "ops-1", machine)) {
            assertThat(first).isNotNull();
            DrctlException refused = catchThrowableOfType(
                    DrctlException.class,
                    () -> PlanLock.acquire(lees, "chat", "20261203-010001-bbbb", "lee", "ops-1", machine));

            assertThat(refused.exitCode()).isEqualTo(ExitCode.LOCKED);
            assertThat(refused.getMessage())
                    .contains("run 20261203-010000-aaaa")
                    .contains("operator kim")
                    .contains("state directory " + dir.resolve("kim"))
                    .doesNotContain("?");
        }
        try (PlanLock afterwards = PlanLock.acquire(lees, "chat", "20261203-010002-cccc", "lee", "ops-1", machine)) {
            assertThat(afterwards).isNotNull();
        }
    }

    @Test
    void other_plans_are_not_held_up() throws Exception {
        Map<String, String> machine = Map.of(
                PlanLock.MACHINE_DIRECTORY_VARIABLE, dir.resolve("machine").toString());
        try (PlanLock chat = PlanLock.acquire(new StateDirectory(dir.resolve("a")), "chat", "r1", "kim", "h", machine);
                PlanLock billing =
                        PlanLock.acquire(new StateDirectory(dir.resolve("b")), "billing", "r2", "lee", "h", machine)) {
            assertThat(chat).isNotNull();
            assertThat(billing).isNotNull();
        }
    }

    @Test
    void a_machine_lock_directory_that_is_the_state_directorys_own_does_not_lock_the_run_out() throws Exception {
        StateDirectory state = new StateDirectory(dir.resolve("state"));
        Map<String, String> same = Map.of(
                PlanLock.MACHINE_DIRECTORY_VARIABLE, state.locksDirectory().toString());

        try (PlanLock only = PlanLock.acquire(state, "chat", "20261203-010000-aaaa", "kim", "ops-1", same)) {
            assertThat(only).isNotNull();
            // ...and it still keeps a second run of the plan out.
            assertThatThrownBy(() -> PlanLock.acquire(state, "chat", "20261203-010001-bbbb", "lee", "ops-1", same))
                    .isInstanceOf(DrctlException.class);
        }
    }
}
