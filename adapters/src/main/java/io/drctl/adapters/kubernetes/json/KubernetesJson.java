package io.drctl.adapters.kubernetes.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper the Kubernetes adapters turn resources into trees (to diff, patch, read
 * a JSONPath) and back with. Fabric8's static mapper is deprecated; the model classes carry their
 * own Jackson annotations, so a plain mapper that tolerates fields it does not know (as the API
 * server adds them) converts them faithfully.
 */
public final class KubernetesJson {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private KubernetesJson() {}

    /** The value as a JSON tree: an {@code ObjectNode} for a resource. */
    public static <T extends JsonNode> T tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }
}
