package io.drctl.engine.spi;

import io.drctl.engine.schema.Schema;

/**
 * A key an adapter allows inside each {@code spec.sites.<name>} entry (e.g. {@code kubernetes}),
 * registered in {@code META-INF/services/io.drctl.engine.spi.SiteFacet}. Its converted value is
 * in {@code Site.facets()}.
 */
public interface SiteFacet {

    String name();

    Schema schema();
}
