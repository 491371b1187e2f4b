package io.drctl.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import io.drctl.engine.spi.StepType;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, as rules over the main classes of every module: what
 * one module may use of another cannot erode one convenient import at a time.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ArchitectureTest::isMainCode)
            .importPackages("io.drctl");

    /** Client libraries the engine must never see: each belongs to one adapter. */
    private static final String[] CLIENT_LIBRARIES = {
        "io.fabric8..", "java.sql..", "javax.sql..", "org.postgresql..", "org.mariadb..", "com.mysql..", "org.xbill.."
    };

    /** The engine's insides: adapters reach the engine only through its public packages. */
    private static final String[] ENGINE_INTERNALS = {
        "io.drctl.engine.run..", "io.drctl.engine.journal..", "io.drctl.engine.plan.load..", "io.drctl.engine.builtin.."
    };

    /** Main classes of every module, whether the build gives them as directories or jars; no test classes. */
    private static boolean isMainCode(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }

    @Test
    void the_classes_under_test_are_really_there() {
        // Guards the rules below against passing on an empty import (e.g. a changed build layout).
        assertThat(MAIN.stream().map(JavaClass::getPackageName))
                .anyMatch(p -> p.startsWith("io.drctl.engine"))
                .anyMatch(p -> p.startsWith("io.drctl.adapters"))
                .anyMatch(p -> p.startsWith("io.drctl.cli"));
    }

    @Test
    void the_engine_imports_no_client_library_and_no_picocli() {
        rule(noClasses()
                .that()
                .resideInAPackage("io.drctl.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CLIENT_LIBRARIES)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..", "io.drctl.adapters..", "io.drctl.cli.."));
    }

    @Test
    void adapters_import_no_picocli_and_no_cli() {
        rule(noClasses()
                .that()
                .resideInAPackage("io.drctl.adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..", "io.drctl.cli.."));
    }

    @Test
    void adapters_use_only_the_engines_public_packages() {
        rule(noClasses()
                .that()
                .resideInAPackage("io.drctl.adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINE_INTERNALS));
    }

    @Test
    void main_code_never_writes_to_the_standard_streams() {
        rule(GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS);
    }

    @Test
    void every_step_type_is_registered_for_the_service_loader() {
        Set<String> implementations = MAIN.stream()
                .filter(c -> c.isAssignableTo(StepType.class)
                        && !c.isInterface()
                        && !c.getModifiers().contains(JavaModifier.ABSTRACT))
                .map(JavaClass::getName)
                .collect(Collectors.toSet());
        Set<String> registered = ServiceLoader.load(StepType.class).stream()
                .map(p -> p.type().getName())
                .collect(Collectors.toSet());
        assertThat(implementations).isNotEmpty();
        assertThat(registered)
                .as("META-INF/services/io.drctl.engine.spi.StepType lists every step type")
                .containsAll(implementations);
    }

    @Test
    void step_types_are_created_only_by_the_service_loader() {
        rule(noClasses()
                .should()
                .callConstructorWhere(new DescribedPredicate<JavaConstructorCall>("the constructor of a step type") {
                    @Override
                    public boolean test(JavaConstructorCall call) {
                        JavaClass owner = call.getTargetOwner();
                        return owner.isAssignableTo(StepType.class)
                                && !call.getOriginOwner().isAssignableTo(StepType.class);
                    }
                }));
    }

    private static void rule(ArchRule rule) {
        rule.check(MAIN);
    }
}
