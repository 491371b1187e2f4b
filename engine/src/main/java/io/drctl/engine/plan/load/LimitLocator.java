package io.drctl.engine.plan.load;

import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * SnakeYAML's composer refuses too many aliases and too deep nesting, but its exception has no
 * position. Replaying the (cheap, non-expanding) event stream finds the event that crossed the
 * limit, counting the way the composer counts, so the violation points at it.
 */
final class LimitLocator {
    private LimitLocator() {}

    /** The first alias to a list or mapping beyond {@link LoaderOptions#getMaxAliasesForCollections()}. */
    static Mark aliasOverflow(String text, LoaderOptions options) {
        Set<String> collectionAnchors = new HashSet<>();
        int aliases = 0;
        try {
            for (Event event : new Yaml(options).parse(new StringReader(text))) {
                if (event instanceof CollectionStartEvent start && start.getAnchor() != null) {
                    collectionAnchors.add(start.getAnchor());
                } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())) {
                    aliases++;
                    if (aliases > options.getMaxAliasesForCollections()) {
                        return alias.getStartMark();
                    }
                }
            }
        } catch (YAMLException ignored) {
            // The composer failed first; if the events fail too, there is no better position.
        }
        return null;
    }

    /** The first node that opens while more than {@link LoaderOptions#getNestingDepthLimit()} collections are open. */
    static Mark nestingOverflow(String text, LoaderOptions options) {
        int open = 0;
        try {
            for (Event event : new Yaml(options).parse(new StringReader(text))) {
                if (event instanceof NodeEvent && open > options.getNestingDepthLimit()) {
                    return event.getStartMark();
                }
                if (event instanceof CollectionStartEvent) {
                    open++;
                } else if (event instanceof CollectionEndEvent) {
                    open--;
                }
            }
        } catch (YAMLException ignored) {
            // As above: fall back to the start of the file.
        }
        return null;
    }
}
