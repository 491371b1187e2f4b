package io.drctl.engine.plan.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The plan files under src/test/resources/plans. */
final class PlanFiles {
    private PlanFiles() {}

    static Path resource(String name) {
        URL url = PlanFiles.class.getClassLoader().getResource("plans/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource plans/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> in(String directory) {
        try (Stream<Path> files = Files.list(resource(directory))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
