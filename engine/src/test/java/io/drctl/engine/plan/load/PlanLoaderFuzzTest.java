package io.drctl.engine.plan.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.drctl.engine.DrctlException;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.load.fixtures.TestLanguage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a plan file holds, loading it ends in a plan or in violations (exit 65), never in
 * another exception (exit 70, a bug): garbage, a valid plan with a piece cut out or doubled,
 * YAML's corner cases (aliases, tags, anchors, deep nesting) in any place.
 */
class PlanLoaderFuzzTest {
    private static final String VALID = """
            apiVersion: drctl.io/v1
            kind: RecoveryPlan
            metadata: { name: chat, labels: { team: sre } }
            spec:
              objectives: { rto: 15m, rpo: 1m }
              sites:
                pangyo: { kubernetes: { context: prod-pangyo }, networks: [10.1.0.0/16] }
                gasan: { kubernetes: { context: prod-gasan } }
              rehearsal:
                sites: { pangyo: { kubernetes: { context: staging } } }
              steps:
                - id: scale
                  type: k8s.scale
                  site: gasan
                  with: { namespace: chat, selector: "tier=api", replicas: { fromSite: pangyo } }
                - id: go
                  type: approval
                  needs: [scale]
                  timeout: 10m
                  retry: { attempts: 2 }
                  with: { message: "Go?" }
            """;

    private final PlanLoader loader = new PlanLoader(TestLanguage.create());

    private void loadsOrSaysWhy(String text, Mode mode) {
        try {
            assertThat(loader.parse(Path.of("fuzz.yaml"), text.getBytes(StandardCharsets.UTF_8), mode))
                    .isNotNull();
        } catch (PlanInvalidException e) {
            assertThat(e.violations())
                    .isNotEmpty()
                    .allSatisfy(v -> assertThat(v.line()).isPositive());
        } catch (DrctlException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void any_text_loads_or_is_refused_with_violations(@ForAll String text, @ForAll Mode mode) {
        loadsOrSaysWhy(text, mode);
    }

    @Property(tries = 500)
    void a_valid_plan_changed_anywhere_loads_or_is_refused_with_violations(
            @ForAll("edits") String text, @ForAll Mode mode) {
        loadsOrSaysWhy(text, mode);
    }

    @Provide
    Arbitrary<String> edits() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, VALID.length());
        Arbitrary<String> piece = Arbitraries.of(
                "",
                "&a ",
                "*a",
                "!!binary ",
                "<<: *a\n",
                "{",
                "}",
                "[",
                "]",
                ": ",
                "- ",
                "\t",
                "~",
                "null",
                "\"",
                "'",
                "#",
                "\n  ",
                "\n",
                "%YAML 1.1\n",
                "? ",
                "|\n",
                ">-\n",
                "${env:X}",
                "$${",
                "999999999999999999999",
                "-1",
                "1e400",
                "\u0000",
                "\uFEFF",
                "!!python/object:x ",
                "[[[[[[[[[[[[[[[[[[[[",
                "@",
                "`");
        return net.jqwik.api.Combinators.combine(at, at, piece).as((from, to, insert) -> {
            int a = Math.min(from, to);
            int b = Math.max(from, to);
            // Either replace a stretch, or insert without removing: both are how files get damaged.
            return (from % 2 == 0)
                    ? VALID.substring(0, a) + insert + VALID.substring(b)
                    : VALID.substring(0, a) + insert + VALID.substring(a);
        });
    }
}
