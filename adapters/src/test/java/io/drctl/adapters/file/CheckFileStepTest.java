package io.drctl.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drctl.engine.spi.CheckResult;
import io.drctl.engine.spi.StepFailedException;
import io.drctl.engine.testing.FakeStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckFileStepTest {
    private final CheckFileStepType type = new CheckFileStepType();

    @TempDir
    Path dir;

    private FakeStepContext context(Path path, Duration maxAge, Duration timeout) {
        FakeStepContext.Builder b = FakeStepContext.forType(type)
                .defaultsFrom(type.parameters())
                .param("path", path.toString())
                .param("interval", Duration.ofMillis(50))
                .deadlineIn(timeout);
        if (maxAge != null) {
            b.param("maxAge", maxAge);
        }
        return b.build();
    }

    private void verify(FakeStepContext ctx) throws Exception {
        type.bind(ctx.definition()).verify(ctx);
    }

    @Test
    void verify_fails_at_the_deadline_when_the_file_never_appears() {
        FakeStepContext ctx = context(dir.resolve("LATEST"), null, Duration.ofMillis(600));
        assertThatThrownBy(() -> verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("LATEST does not exist")
                .hasMessageContaining("deadline");
    }

    @Test
    void a_stale_file_fails_with_its_age() throws Exception {
        Path marker = Files.writeString(dir.resolve("LATEST"), "backup-42");
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        FakeStepContext ctx = context(marker, Duration.ofHours(1), Duration.ofMillis(400));
        assertThatThrownBy(() -> verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("was modified 3h00m ago, longer than maxAge 1h00m");
    }

    @Test
    void a_modification_time_in_the_future_is_an_unknown_age_and_never_fresh() throws Exception {
        Path marker = Files.writeString(dir.resolve("LATEST"), "backup-42");
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().plus(Duration.ofMinutes(10))));
        FakeStepContext ctx = context(marker, Duration.ofHours(1), Duration.ofMillis(400));
        assertThatThrownBy(() -> verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("unknown age")
                .hasMessageContaining("clock");
    }

    @Test
    void an_empty_file_is_not_enough() throws Exception {
        Path marker = Files.createFile(dir.resolve("LATEST"));
        FakeStepContext ctx = context(marker, null, Duration.ofMillis(400));
        assertThatThrownBy(() -> verify(ctx))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("has 0 bytes, fewer than the 1 required");
    }

    @Test
    void a_directory_or_a_dangling_link_is_named_as_such() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("LATEST"), dir.resolve("gone"));
        assertThatThrownBy(() -> verify(context(link, null, Duration.ofMillis(300))))
                .hasMessageContaining("is a link to a missing file");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> verify(context(sub, null, Duration.ofMillis(300))))
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void verify_passes_once_a_fresh_file_appears_and_records_what_it_saw() throws Exception {
        Path marker = dir.resolve("LATEST");
        FakeStepContext ctx = context(marker, Duration.ofMinutes(5), Duration.ofSeconds(10));
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
                Files.writeString(marker, "backup-43");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        verify(ctx);
        writer.join();
        assertThat(ctx.output("bytes")).isEqualTo(9L);
        assertThat((Long) ctx.output("ageSeconds")).isBetween(0L, 5L);
        assertThat(ctx.progressMessages()).anyMatch(m -> m.startsWith("not yet: "));
    }

    @Test
    void check_changes_nothing_and_says_what_it_sees() throws Exception {
        FakeStepContext ctx = context(dir.resolve("LATEST"), Duration.ofHours(1), Duration.ofSeconds(5));
        CheckResult result = type.bind(ctx.definition()).check(ctx);
        assertThat(result).isInstanceOf(CheckResult.ReadOnly.class);
        assertThat(result.summary()).contains("modified within 1h").contains("(now: does not exist)");
        assertThat(Files.exists(dir.resolve("LATEST"))).isFalse();
    }
}
