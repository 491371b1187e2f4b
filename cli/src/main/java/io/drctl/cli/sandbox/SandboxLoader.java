package io.drctl.cli.sandbox;

import io.drctl.engine.DrctlException;
import io.drctl.engine.ExitCode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the sandbox, which drctl.jar does not carry: on the class path when there is one (tests,
 * a developer's IDE), else in {@code sandbox-lib/} beside drctl.jar, loaded in a class loader of
 * its own whose parent is drctl's (so the Fabric8 client and Jackson come from drctl.jar). The
 * two sides share only JDK types (see {@code io.drctl.sandbox.SandboxEntry}).
 */
public final class SandboxLoader {
    static final String ENTRY = "io.drctl.sandbox.SandboxEntry";

    /** A started sandbox, as the CLI sees it. */
    public record Started(Map<String, String> sites, Path kubeconfig, Runnable stop) {}

    private SandboxLoader() {}

    public static Started start(Map<String, Object> options) {
        Map<String, Object> started = call(ENTRY, options);
        @SuppressWarnings("unchecked")
        Map<String, String> sites = (Map<String, String>) started.get("sites");
        return new Started(sites, (Path) started.get("kubeconfig"), (Runnable) started.get("stop"));
    }

    /**
     * Calls {@code entry}'s {@code start(Map)} (the sandbox's or the demo's door): an
     * IllegalArgumentException it throws is a usage error, in its own one-line words.
     */
    static Map<String, Object> call(String entry, Map<String, Object> options) {
        Method start;
        try {
            start = entryClass(entry).getMethod("start", Map.class);
        } catch (NoSuchMethodException e) {
            throw new DrctlException(
                    ExitCode.INTERNAL,
                    "drctl: the sandbox beside drctl.jar is from another build; "
                            + "rebuild with ./mvnw package -pl cli -am",
                    e);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> started = (Map<String, Object>) start.invoke(null, options);
            return started;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new DrctlException(ExitCode.USAGE, bad.getMessage(), bad);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One class loader for everything in sandbox-lib/, made when first needed. */
    private static URLClassLoader isolated;

    private static synchronized Class<?> entryClass(String entry) {
        ClassLoader own = SandboxLoader.class.getClassLoader();
        try {
            return Class.forName(entry, true, own);
        } catch (ClassNotFoundException notOnClassPath) {
            Path lib = libraryDirectory();
            try {
                if (isolated == null) {
                    // Not closed: the sandbox runs until the process ends.
                    isolated = new URLClassLoader("drctl-sandbox", jars(lib), own);
                }
                return Class.forName(entry, true, isolated);
            } catch (ClassNotFoundException e) {
                throw notInstalled(lib, e);
            }
        }
    }

    /** {@code sandbox-lib/} beside the jar drctl runs from. */
    static Path libraryDirectory() {
        try {
            Path jar = Path.of(SandboxLoader.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return (Files.isDirectory(jar) ? jar : jar.getParent()).resolve("sandbox-lib");
        } catch (URISyntaxException | RuntimeException e) {
            throw new DrctlException(
                    ExitCode.INTERNAL, "drctl sandbox: cannot tell where drctl.jar is: " + e.getMessage(), e);
        }
    }

    private static URL[] jars(Path lib) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw notInstalled(lib, e);
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw notInstalled(lib, e);
            }
        }
        return urls;
    }

    private static DrctlException notInstalled(Path lib, Exception cause) {
        return new DrctlException(
                ExitCode.INTERNAL,
                "drctl sandbox: the sandbox is not installed (nothing usable in " + lib
                        + "); build it with ./mvnw package -pl cli -am, or run ./drctl from a checkout",
                cause);
    }
}
