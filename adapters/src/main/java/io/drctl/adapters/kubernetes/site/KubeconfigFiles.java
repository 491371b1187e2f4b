package io.drctl.adapters.kubernetes.site;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where kubeconfig files are, the way kubectl looks: {@code KUBECONFIG} (a list, separated by
 * the path separator; the CLI puts {@code --kubeconfig} there), else {@code ~/.kube/config}.
 */
public final class KubeconfigFiles {
    public static final String VARIABLE = "KUBECONFIG";

    private KubeconfigFiles() {}

    /** The candidate files, existing or not, in order. */
    public static List<Path> candidates(Map<String, String> env) {
        String list = env.get(VARIABLE);
        List<Path> out = new ArrayList<>();
        if (list != null && !list.isBlank()) {
            for (String p : list.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    out.add(Path.of(p));
                }
            }
            return out;
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        out.add(Path.of(home, ".kube", "config"));
        return out;
    }

    public static List<Path> existing(Map<String, String> env) {
        return candidates(env).stream().filter(Files::isRegularFile).toList();
    }
}
