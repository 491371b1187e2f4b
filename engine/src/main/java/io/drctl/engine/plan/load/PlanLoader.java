package io.drctl.engine.plan.load;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import io.drctl.engine.journal.LineHash;
import io.drctl.engine.plan.Mode;
import io.drctl.engine.plan.Plan;
import io.drctl.engine.spi.Language;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads recovery plans (docs/plan-language.md): YAML text in, a validated {@link Plan} out, or a
 * {@link PlanInvalidException} listing every violation with its file:line:column and YAML path.
 * The language (step types, sections, site facets) is whatever {@link Language} is given.
 */
public final class PlanLoader {
    /** Far above any real plan; the YAML reader refuses more than 3 Mi characters anyway. */
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private final Language language;

    public PlanLoader(Language language) {
        this.language = language;
    }

    /**
     * Reads and validates a plan file.
     *
     * @throws DrctlException       with {@link ExitCode#USAGE} when the file cannot be read
     * @throws PlanInvalidException when it is not a valid plan
     */
    public Plan load(Path file) throws PlanInvalidException {
        return load(file, Mode.FAILOVER);
    }

    /**
     * Reads and validates a plan file for a run in {@code mode}: in a rehearsal, with
     * {@code spec.rehearsal} merged over {@code spec}. Either way, both variants must be valid.
     */
    public Plan load(Path file, Mode mode) throws PlanInvalidException {
        byte[] content;
        try {
            if (Files.isDirectory(file)) {
                throw cannotRead(file, "it is a directory");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new PlanInvalidException(List.of(new Violation(
                        file.toString(),
                        1,
                        1,
                        "",
                        "the file is too large for a plan (" + Files.size(file) + " bytes)")));
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw cannotRead(file, "no such file");
        } catch (AccessDeniedException e) {
            throw cannotRead(file, "permission denied");
        } catch (IOException e) {
            throw cannotRead(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return parse(file, content, mode);
    }

    /**
     * Validates plan text. {@code displayPath} is what violations and {@link Plan#file()} name;
     * nothing is read from it.
     */
    public Plan parse(Path displayPath, byte[] content) throws PlanInvalidException {
        return parse(displayPath, content, Mode.FAILOVER);
    }

    public Plan parse(Path displayPath, byte[] content, Mode mode) throws PlanInvalidException {
        Violations violations = new Violations(displayPath.toString());
        Optional<Plan> plan = Utf8Text.decode(content, violations)
                .flatMap(text -> YamlComposer.compose(text, violations)
                        .filter(root -> DocumentHygiene.check(root, violations))
                        .flatMap(root -> readBoth(root, mode, displayPath, content, text, violations)));
        if (!violations.isEmpty() || plan.isEmpty()) {
            throw new PlanInvalidException(violations.sorted());
        }
        return plan.get();
    }

    /**
     * The plan as {@code mode} uses it; the other variant is read too, for its violations only (a
     * mistake in spec.rehearsal must not wait for the next rehearsal to be found). The same
     * violation found in both is reported once.
     */
    private Optional<Plan> readBoth(
            Node root, Mode mode, Path file, byte[] content, String text, Violations violations) {
        RehearsalOverrides.Merged rehearsal = RehearsalOverrides.apply(root, overridable(), violations);
        boolean hasOverrides = rehearsal.root() != root;
        Optional<Plan> failover = mode == Mode.REHEARSAL && hasOverrides
                ? Optional.empty()
                : new PlanReader(language, violations).read(root, file, LineHash.sha256(content), text, List.of());
        Optional<Plan> rehearsed = !hasOverrides
                ? failover
                : new PlanReader(language, violations)
                        .read(rehearsal.root(), file, LineHash.sha256(content), text, rehearsal.replaced());
        if (mode == Mode.REHEARSAL && hasOverrides) {
            new PlanReader(language, violations).read(root, file, LineHash.sha256(content), text, List.of());
        }
        return mode == Mode.REHEARSAL ? rehearsed : failover;
    }

    /** What spec.rehearsal may replace: the sites and every plan section. */
    private Set<String> overridable() {
        Set<String> keys = new TreeSet<>(language.sections().keySet());
        keys.add("sites");
        return keys;
    }

    private static DrctlException cannotRead(Path file, String reason) {
        return new DrctlException(ExitCode.USAGE, "cannot read plan file " + file + ": " + reason.replace('\n', ' '));
    }
}
