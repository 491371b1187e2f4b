package io.drctl.engine.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret references inside plan strings: {@code ${env:NAME}} and {@code ${file:PATH}}, anywhere
 * in a string; {@code $${} stands for a literal {@code ${}. The loader checks their syntax;
 * {@link #resolve} replaces them only when a step runs, registering every value with the
 * redactor before it is returned.
 */
public final class SecretReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{(env|file):([^}]*)}|\\$\\{");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;
    private final Redactor redactor;

    public SecretReferences(Map<String, String> environment, Redactor redactor) {
        this.environment = environment;
        this.redactor = redactor;
    }

    /** Returns a message describing the first malformed reference in {@code text}, if any. */
    public static Optional<String> syntaxError(String text) {
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (m.group().equals("$${")) {
                continue;
            }
            if (m.group(1) == null) {
                return Optional.of(
                        "'${' starts no valid secret reference: write ${env:NAME} or ${file:PATH} (or $${ for a literal ${)");
            }
            String arg = m.group(2);
            if (m.group(1).equals("env") && !ENV_NAME.matcher(arg).matches()) {
                return Optional.of("'${env:" + arg + "}' is not a valid environment variable name");
            }
            if (m.group(1).equals("file") && arg.isBlank()) {
                return Optional.of("'${file:}' needs a path");
            }
        }
        return Optional.empty();
    }

    public static boolean containsReference(String text) {
        return text.contains("${");
    }

    /**
     * Resolves, for masking only, every reference written anywhere in {@code planText} (the
     * plan as written): a process that writes about a run masks every secret of the plan, also
     * those only steps that finished before it started would have resolved (a resume after a
     * crash). A reference that cannot be resolved is skipped: the step that uses it says so.
     */
    public void registerAll(String planText) {
        Matcher m = REFERENCE.matcher(planText);
        while (m.find()) {
            if (m.group(1) == null) {
                continue;
            }
            try {
                resolve(m.group());
            } catch (SecretResolutionException e) {
                // not resolvable here and now; nothing to mask
            }
        }
    }

    /**
     * Every reference in {@code value} (a string, or lists and maps of them) that cannot be
     * resolved now, each as one line naming {@code where} it is; nothing is registered or kept.
     */
    public List<String> unresolvable(Object value, String where) {
        List<String> problems = new ArrayList<>();
        collect(value, where, problems);
        return problems;
    }

    private void collect(Object value, String where, List<String> problems) {
        switch (value) {
            case String text
            when containsReference(text) -> {
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    if (m.group(1) == null) {
                        continue;
                    }
                    try {
                        new SecretReferences(environment, new Redactor()).resolve(m.group());
                    } catch (SecretResolutionException e) {
                        problems.add(where + ": " + e.getMessage());
                    }
                }
            }
            case Map<?, ?> map -> map.forEach((k, v) -> collect(v, where + "." + k, problems));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    collect(list.get(i), where + "[" + i + "]", problems);
                }
            }
            case null, default -> {}
        }
    }

    /** Resolves every reference in {@code text}; the resolved values are registered as secrets. */
    public String resolve(String text) throws SecretResolutionException {
        if (!containsReference(text)) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else if (m.group(1) == null) {
                throw new SecretResolutionException("malformed secret reference in a parameter");
            } else if (m.group(1).equals("env")) {
                replacement = environment.get(m.group(2));
                if (replacement == null) {
                    throw new SecretResolutionException(
                            "secret reference ${env:" + m.group(2) + "}: the environment variable is not set");
                }
            } else {
                replacement = readFile(m.group(2));
            }
            if (!m.group().equals("$${")) {
                redactor.register(replacement);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String readFile(String path) throws SecretResolutionException {
        try {
            String content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            // A key file usually ends with a newline that is not part of the secret.
            return content.endsWith("\r\n")
                    ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new SecretResolutionException("secret reference ${file:" + path + "}: cannot read the file ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** A reference that cannot be resolved; the message never contains a secret value. */
    public static final class SecretResolutionException extends Exception {
        public SecretResolutionException(String message) {
            super(message);
        }
    }
}
