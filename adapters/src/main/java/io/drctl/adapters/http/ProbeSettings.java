package io.drctl.adapters.http;

import io.drctl.engine.spi.Params;
import io.drctl.engine.spi.StepFailedException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A check.http step's parameters, read from its context (secrets resolved) with defaults applied. */
record ProbeSettings(
        URI url,
        String displayUrl,
        String method,
        Map<String, String> headers,
        ProbeCriteria criteria,
        long consecutive,
        Duration interval,
        Duration requestTimeout,
        boolean insecureSkipTlsVerify,
        boolean followRedirects) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final long DEFAULT_STATUS = 200;
    private static final Pattern USER_PASSWORD = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@");

    static ProbeSettings from(Params params) throws StepFailedException {
        String written = String.valueOf(params.raw().get("url"));
        String display = displayUrl(written);
        return new ProbeSettings(
                parseUrl(params.string("url"), display),
                display,
                params.optionalString("method").orElse("GET").toUpperCase(Locale.ROOT),
                headers(params),
                new ProbeCriteria(
                        statuses(params.raw().get("expectStatus")),
                        params.optionalString("bodyContains"),
                        bodyPattern(params),
                        params.duration("maxLatency")),
                Math.max(1, params.integer("consecutive", 1)),
                params.duration("interval", DEFAULT_INTERVAL),
                params.duration("requestTimeout", DEFAULT_REQUEST_TIMEOUT),
                params.bool("insecureSkipTlsVerify", false),
                params.bool("followRedirects", false));
    }

    /**
     * The URL as the plan wrote it (secret references unresolved) with any password in it
     * masked: fit for progress and failure messages.
     */
    static String displayUrl(String written) {
        return USER_PASSWORD.matcher(written).replaceFirst("$1:***@");
    }

    private static URI parseUrl(String url, String display) throws StepFailedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new StepFailedException("url " + display + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new StepFailedException("url " + display + " must be an http:// or https:// URL with a host");
        }
        return uri;
    }

    /**
     * Header values may come from secret files; one with a line break would make the HTTP client
     * throw mid-probe. Say which header is wrong, never what its value is.
     */
    private static Map<String, String> headers(Params params) throws StepFailedException {
        Map<String, String> headers = params.stringMap("headers");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                HttpRequest.newBuilder().header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new StepFailedException("header " + h.getKey() + " cannot be sent: its name or value is not "
                        + "valid in HTTP (a line break in a secret file?)");
            }
        }
        return headers;
    }

    /** {@code expectStatus} is one status or a list of them. */
    static Set<Integer> statuses(Object expectStatus) {
        Set<Integer> out = new LinkedHashSet<>();
        if (expectStatus instanceof Number n) {
            out.add(n.intValue());
        } else if (expectStatus instanceof List<?> list) {
            list.stream()
                    .filter(Number.class::isInstance)
                    .map(n -> ((Number) n).intValue())
                    .forEach(out::add);
        }
        return out.isEmpty() ? Set.of((int) DEFAULT_STATUS) : out;
    }

    private static Optional<Pattern> bodyPattern(Params params) throws StepFailedException {
        Optional<String> regex = params.optionalString("bodyMatches");
        try {
            return regex.map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new StepFailedException("bodyMatches is not a valid regular expression: " + e.getDescription());
        }
    }
}
