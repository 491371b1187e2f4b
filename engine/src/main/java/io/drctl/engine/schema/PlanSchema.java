package io.drctl.engine.schema;

import io.drctl.engine.spi.Language;
import io.drctl.engine.spi.PlanSection;
import io.drctl.engine.spi.SiteFacet;
import java.time.Duration;
import java.util.Set;

/**
 * The core of the plan language (docs/plan-language.md) written with {@link Schema}, so that the loader
 * and {@code drctl schema} read one description. Adapters extend it through the
 * {@link Language}: their sections join {@code spec}, their facets join each site.
 *
 * <p>Steps are the one place a single {@link Schema} cannot say everything: the shape of
 * {@code with} depends on {@code type}. The plan therefore lists its steps as
 * {@link #STEP_ENTRY}, a placeholder that each reader expands: the loader validates every step
 * against {@link #step} with that type's parameters, the JSON Schema writer emits one
 * {@code if/then} per type.
 */
public final class PlanSchema {
    public static final String API_VERSION = "drctl.io/v1";
    public static final String KIND = "RecoveryPlan";

    /** A DNS label: what Kubernetes accepts as a name, so a plan name can become a Lease name. */
    public static final String PLAN_NAME_PATTERN = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    /** Step ids and site names: short, lowercase, safe in file names, journal keys and URLs. */
    public static final String ID_PATTERN = "[a-z0-9]([-a-z0-9_.]*[a-z0-9])?";

    /**
     * Stands for one entry of {@code spec.steps}; compared by identity, never by value. See
     * the class comment.
     */
    public static final Schema.Any STEP_ENTRY = Schema.any(
            "One step: what to do (type and its parameters under 'with'), after which other steps (needs), and how to react to failures.");

    private static final Set<String> CORE_SPEC_KEYS = Set.of("objectives", "sites", "steps", "rehearsal");
    private static final Set<String> CORE_SITE_KEYS = Set.of("description", "networks");

    private PlanSchema() {}

    /** The whole plan; {@code spec.steps} holds {@link #STEP_ENTRY} items. */
    public static Schema.Obj plan(Language language) {
        return Schema.object(
                        "A drctl recovery plan: the steps of a failover, their order, and the systems they act on.")
                .required("apiVersion", Schema.oneOf("The version of the plan language.", API_VERSION))
                .required("kind", Schema.oneOf("The kind of document.", KIND))
                .required("metadata", metadata())
                .required("spec", spec(language));
    }

    public static Schema.Obj metadata() {
        return Schema.object("Who the plan is: its name and what it is for.")
                .required(
                        "name",
                        Schema.string(
                                        "The plan's name: lowercase letters, digits and '-', at most 63 characters. Runs, locks and reports are keyed by it.")
                                .pattern(PLAN_NAME_PATTERN)
                                .noSecrets())
                .optional(
                        "description",
                        Schema.string("What the plan does, for people.").noSecrets())
                .optional(
                        "labels",
                        Schema.mapOf(
                                "Free-form labels, copied into reports.",
                                Schema.string("A label value.").noSecrets()));
    }

    public static Schema.Obj spec(Language language) {
        Schema.Obj spec = Schema.object("What the plan does.")
                .optional("objectives", objectives())
                .optional(
                        "rehearsal",
                        Schema.mapOf(
                                "What a rehearsal (drctl rehearse, run --mode rehearsal) uses instead: "
                                        + "sites and plan sections (databases, dns, ...) merged over spec key by key, e.g. staging contexts, "
                                        + "staging database members, a rehearsal zone. Both the plan and its rehearsal variant must be valid.",
                                Schema.any(
                                        "Replacements for the spec key of the same name: a mapping merges into a mapping, "
                                                + "anything else replaces.")))
                .optional("sites", sites(language))
                .required(
                        "steps",
                        Schema.array(
                                        "The steps. A step runs once every step it needs has succeeded; steps without mutual needs run in parallel.",
                                        STEP_ENTRY)
                                .minItems(1));
        for (PlanSection section : language.sections().values()) {
            refuseCoreName(section.name(), CORE_SPEC_KEYS, "plan section", section.getClass());
            spec = spec.optional(section.name(), section.schema());
        }
        return spec;
    }

    public static Schema.Obj objectives() {
        return Schema.object("The recovery objectives a run is measured against.")
                .optional("rto", Schema.duration("Recovery time objective: how long the whole recovery may take."))
                .optional("rpo", Schema.duration("Recovery point objective: how much recent data may be lost."));
    }

    public static Schema.MapOf sites(Language language) {
        return Schema.mapOf("The sites (datacenters, regions, clusters) the plan acts on, by name.", site(language))
                .keyPattern(ID_PATTERN);
    }

    public static Schema.Obj site(Language language) {
        Schema.Obj site = Schema.object("One site and how to reach its systems.")
                .optional(
                        "description",
                        Schema.string("What the site is, for people.").noSecrets())
                .optional(
                        "networks",
                        Schema.array(
                                        "What lives in the site, as addresses: CIDR ranges (10.1.0.0/16) and host "
                                                + "names, *.pangyo.internal matching any name under it. drctl preflight --assume-lost checks that nothing "
                                                + "the plan needs (a webhook, a DNS server, another site's API server, this machine) is there.",
                                        Schema.string("A CIDR range or a host name pattern.")
                                                .noSecrets())
                                .minItems(1));
        for (SiteFacet facet : language.siteFacets().values()) {
            refuseCoreName(facet.name(), CORE_SITE_KEYS, "site facet", facet.getClass());
            site = site.optional(facet.name(), facet.schema());
        }
        return site;
    }

    /**
     * The fields every step has. {@code type} and {@code with} are given by the reader: the
     * loader checks the type name itself (to suggest the closest registered one) and passes
     * that type's parameters; the JSON Schema writer passes an enum of all type names.
     */
    public static Schema.Obj step(Schema type, Schema with) {
        return Schema.object("One step of the plan.")
                .required(
                        "id",
                        Schema.string("The step's name, unique in the plan; other steps name it in 'needs'.")
                                .pattern(ID_PATTERN)
                                .noSecrets())
                .required("type", type)
                .optional(
                        "description",
                        Schema.string("What the step is for, for people.").noSecrets())
                .optional(
                        "needs",
                        Schema.array(
                                "Steps that must succeed before this one starts.",
                                Schema.string("The id of another step.").noSecrets()))
                .optional(
                        "when",
                        Schema.array(
                                "The modes the step runs in; all modes when absent.",
                                Schema.oneOf("A mode.", "failover", "rehearsal")))
                .optional(
                        "timeout",
                        Schema.duration("How long one attempt may take; the step type's default when absent."))
                .optional("retry", retry())
                .optional(
                        "onFailure",
                        Schema.oneOf("What a failure of this step does to the run.", "halt", "continue"),
                        "halt")
                .optional(
                        "site",
                        Schema.string("The site (a key of spec.sites) the step acts on.")
                                .noSecrets())
                .optional(
                        "ifUnreachable",
                        Schema.oneOf(
                                "What to do when the step's target does not answer: fail, or skip the step and go on.",
                                "fail",
                                "skip"),
                        "fail")
                .optional("with", with);
    }

    /** The schema of {@code type} as the loader reads it: a plain name, checked against the registry afterwards. */
    public static Schema.Str stepTypeName() {
        return Schema.string("The step type: what the step does.").noSecrets();
    }

    public static Schema.Obj retry() {
        return Schema.object("How often a failed step is tried again.")
                .optional(
                        "attempts",
                        Schema.integer("Attempts in all, the first included.")
                                .min(1)
                                .max(100),
                        1L)
                .optional("backoff", backoff());
    }

    public static Schema.Obj backoff() {
        return Schema.object("The wait between attempts.")
                .optional(
                        "type",
                        Schema.oneOf(
                                "fixed: always 'initial'; exponential: doubling from 'initial' up to 'max'.",
                                "fixed",
                                "exponential"),
                        "exponential")
                .optional("initial", Schema.duration("The first wait."), Duration.ofSeconds(1))
                .optional("max", Schema.duration("The longest wait."), Duration.ofSeconds(30));
    }

    private static void refuseCoreName(String name, Set<String> core, String what, Class<?> owner) {
        if (core.contains(name)) {
            throw new IllegalStateException("the " + what + " '" + name + "' registered by " + owner.getName()
                    + " would hide a core field of the plan language");
        }
    }
}
