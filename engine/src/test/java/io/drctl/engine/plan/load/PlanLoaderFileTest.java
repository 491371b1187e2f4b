package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.plan.load.fixtures.TestLanguage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLoaderFileTest {
    private static final String MINIMAL = """
            apiVersion: drctl.io/v1
            kind: RecoveryPlan
            metadata: { name: demo }
            spec: { steps: [ { id: a, type: wait, with: { duration: 1s } } ] }
            """;

    private final PlanLoader loader = new PlanLoader(TestLanguage.create());

    @TempDir
    Path dir;

    @Test
    void a_loaded_plan_carries_its_file_its_text_and_the_sha256_of_its_bytes() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), MINIMAL);

        Plan plan = loader.load(file);

        assertThat(plan.file()).isEqualTo(file);
        assertThat(plan.source()).isEqualTo(MINIMAL);
        assertThat(plan.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256").digest(MINIMAL.getBytes(StandardCharsets.UTF_8))));
        assertThat(plan.steps().getFirst().position().file()).isEqualTo(file.toString());
    }

    @Test
    void parsing_names_the_display_path_in_the_plan_and_in_violations() {
        Plan plan = loader.parse(Path.of("plans/chat.yaml"), MINIMAL.getBytes(StandardCharsets.UTF_8));
        assertThat(plan.file()).isEqualTo(Path.of("plans/chat.yaml"));

        PlanInvalidException invalid = catchThrowableOfType(
                PlanInvalidException.class,
                () -> loader.parse(Path.of("plans/chat.yaml"), "kind: x\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(invalid.violations())
                .allSatisfy(v -> assertThat(v.file())
                        .isEqualTo(Path.of("plans/chat.yaml").toString()));
    }

    @Test
    void a_byte_order_mark_is_accepted_and_hashed_with_the_rest() {
        byte[] bom = "\uFEFF".getBytes(StandardCharsets.UTF_8);
        byte[] text = MINIMAL.getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(text, 0, content, bom.length, text.length);

        Plan plan = loader.parse(Path.of("bom.yaml"), content);

        assertThat(plan.name()).isEqualTo("demo");
        assertThat(plan.steps().getFirst().position().line()).isEqualTo(4);
    }

    @Test
    void a_missing_file_is_a_usage_error_in_one_line() {
        Path missing = dir.resolve("nope.yaml");

        DrctlException e = catchThrowableOfType(DrctlException.class, () -> loader.load(missing));

        assertThat(e).isNotInstanceOf(PlanInvalidException.class);
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).isEqualTo("cannot read plan file " + missing + ": no such file");
    }

    @Test
    void a_directory_is_a_usage_error() {
        DrctlException e = catchThrowableOfType(DrctlException.class, () -> loader.load(dir));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).isEqualTo("cannot read plan file " + dir + ": it is a directory");
    }
}
