package io.drctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** drctl's version, from the build; also the {@code --version} text. */
public final class VersionInfo implements IVersionProvider {

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/drctl-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource only loses the version number
        }
        String v = p.getProperty("version", "unknown");
        return v.startsWith("${") ? "dev" : v;
    }

    public static String runtime() {
        return "Java " + Runtime.version().feature() + ", "
                + System.getProperty("os.name").toLowerCase() + " " + System.getProperty("os.arch");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"drctl " + version() + " (" + runtime() + ")"};
    }
}
