package io.drctl.adapters.http;

import io.drctl.engine.plan.StepDefinition;
import io.drctl.engine.schema.Schema;
import io.drctl.engine.spi.PlanValidation;
import io.drctl.engine.spi.Step;
import io.drctl.engine.spi.support.DocumentedStepType;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code check.http}: probes an HTTP(S) endpoint until it is healthy enough times in a row. */
public final class CheckHttpStepType extends DocumentedStepType {
    static final String NAME = "check.http";
    /** Headers the JDK's HTTP client sets itself and refuses to take from a caller. */
    static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final Schema.Int STATUS =
            Schema.integer("An HTTP status code.").min(100).max(599);

    private static final Schema.Obj PARAMETERS = Schema.object("Parameters of a check.http step.")
            .required(
                    "url",
                    Schema.string("The http:// or https:// URL to probe; may contain secret references "
                                    + "(e.g. a token in the query), which are masked in all output.")
                            .format("uri"))
            .optional("method", Schema.oneOf("The request method.", "GET", "HEAD"), "GET")
            .optional(
                    "headers",
                    Schema.mapOf(
                            "Request headers, e.g. Authorization; values may be secret references.",
                            Schema.string("The header's value.")))
            .optional(
                    "expectStatus",
                    Schema.anyOf(
                            "The status a healthy response has: one code or a list of codes.",
                            STATUS,
                            Schema.array("Any of these codes.", STATUS).minItems(1)),
                    ProbeSettings.DEFAULT_STATUS)
            .optional(
                    "bodyContains",
                    Schema.string("Text a healthy response's body contains (the first 1 MiB is " + "read).")
                            .noSecrets())
            .optional(
                    "bodyMatches",
                    Schema.string("A regular expression (Java syntax) found somewhere in a healthy "
                                    + "response's body (the first 1 MiB is read).")
                            .noSecrets())
            .optional(
                    "maxLatency",
                    Schema.duration("A response slower than this, from sending the request to the "
                            + "end of the body, counts as unhealthy."))
            .optional(
                    "consecutive",
                    Schema.integer("How many healthy responses in a row verify needs; an unhealthy "
                                    + "one starts the count again.")
                            .min(1),
                    1L)
            .optional("interval", Schema.duration("The pause between probes."), ProbeSettings.DEFAULT_INTERVAL)
            .optional(
                    "requestTimeout",
                    Schema.duration("How long one probe may take before it counts as unhealthy "
                            + "(\"no answer within 5s\")."),
                    ProbeSettings.DEFAULT_REQUEST_TIMEOUT)
            .optional(
                    "insecureSkipTlsVerify",
                    Schema.bool("Accept any TLS certificate for any host name. Off by "
                            + "default: certificates are verified against the JDK's trusted authorities."),
                    false)
            .optional(
                    "followRedirects",
                    Schema.bool("Follow redirects (never from https to http) and judge the "
                            + "final response; by default a redirect is itself the response judged."),
                    false);

    public CheckHttpStepType() {
        super(
                NAME,
                "Probes an HTTP(S) endpoint until it answers healthy (status, body, latency) enough times in a row.",
                PARAMETERS,
                """
                id: verify-gasan
                type: check.http
                needs: [promote-db, scale-gasan]
                timeout: 5m
                with:
                  url: https://gasan.example.com/healthz
                  headers:
                    Authorization: Bearer ${env:HEALTH_TOKEN}
                  expectStatus: [200, 204]
                  bodyContains: '"status":"ok"'
                  maxLatency: 800ms
                  consecutive: 3
                  interval: 2s
                """);
    }

    @Override
    public void validate(StepDefinition step, PlanValidation validation) {
        Map<String, Object> with = step.with();
        if (with.get("url") instanceof String url
                && !url.startsWith("${")
                && !url.toLowerCase(Locale.ROOT).matches("https?://[^/?#]+.*")) {
            validation.error("url", "must be an http:// or https:// URL with a host");
        }
        if (with.get("bodyMatches") instanceof String regex) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                validation.error(
                        "bodyMatches",
                        "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if ("HEAD".equals(with.get("method"))) {
            for (String key : new String[] {"bodyContains", "bodyMatches"}) {
                if (with.get(key) != null) {
                    validation.error(key, "a HEAD response has no body; use method: GET to check it");
                }
            }
        }
        if (with.get("headers") instanceof Map<?, ?> headers) {
            headers.keySet().stream()
                    .map(String::valueOf)
                    .filter(name -> RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
                    .forEach(name ->
                            validation.error("headers." + name, "set by the HTTP client itself; it cannot be given"));
        }
    }

    @Override
    public Step bind(StepDefinition definition) {
        return new CheckHttpStep();
    }
}
