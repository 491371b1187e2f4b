package io.drctl.engine.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything that extends drctl in this process: step types, spec sections, site facets and run
 * observers, found with {@link ServiceLoader}. The loader, the schema writer and the engine
 * all read it, so a new adapter appears everywhere at once.
 */
public final class Language {
    private final Map<String, StepType> stepTypes;
    private final Map<String, PlanSection> sections;
    private final Map<String, SiteFacet> siteFacets;
    private final List<RunObserver> observers;
    private final List<DependencyFinder> dependencyFinders;

    public Language(
            Collection<StepType> stepTypes, Collection<PlanSection> sections, Collection<SiteFacet> siteFacets) {
        this(stepTypes, sections, siteFacets, List.of());
    }

    public Language(
            Collection<StepType> stepTypes,
            Collection<PlanSection> sections,
            Collection<SiteFacet> siteFacets,
            Collection<RunObserver> observers) {
        this(stepTypes, sections, siteFacets, observers, List.of());
    }

    public Language(
            Collection<StepType> stepTypes,
            Collection<PlanSection> sections,
            Collection<SiteFacet> siteFacets,
            Collection<RunObserver> observers,
            Collection<DependencyFinder> dependencyFinders) {
        this.stepTypes = index(stepTypes, StepType::name, "step type");
        this.sections = index(sections, PlanSection::name, "plan section");
        this.siteFacets = index(siteFacets, SiteFacet::name, "site facet");
        this.observers = List.copyOf(observers);
        this.dependencyFinders = List.copyOf(dependencyFinders);
    }

    /** Everything registered on the class path of {@code loader}. */
    public static Language discover(ClassLoader loader) {
        return new Language(
                load(StepType.class, loader),
                load(PlanSection.class, loader),
                load(SiteFacet.class, loader),
                load(RunObserver.class, loader),
                load(DependencyFinder.class, loader));
    }

    public static Language discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public Optional<StepType> stepType(String name) {
        return Optional.ofNullable(stepTypes.get(name));
    }

    /** All step types, sorted by name. */
    public Map<String, StepType> stepTypes() {
        return stepTypes;
    }

    public Map<String, PlanSection> sections() {
        return sections;
    }

    public Map<String, SiteFacet> siteFacets() {
        return siteFacets;
    }

    /** Observers (e.g. notifications) that attach to runs of plans asking for them. */
    public List<RunObserver> observers() {
        return observers;
    }

    /** What finds a plan's outside dependencies, for drctl preflight. */
    public List<DependencyFinder> dependencyFinders() {
        return dependencyFinders;
    }

    private static <T> List<T> load(Class<T> type, ClassLoader loader) {
        return ServiceLoader.load(type, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    private static <T> Map<String, T> index(Collection<T> items, Function<T, String> name, String what) {
        Map<String, T> out = new TreeMap<>();
        for (T item : items) {
            T previous = out.put(name.apply(item), item);
            if (previous != null && previous.getClass() != item.getClass()) {
                throw new IllegalStateException("two " + what + "s named '" + name.apply(item) + "': "
                        + previous.getClass().getName() + " and "
                        + item.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
