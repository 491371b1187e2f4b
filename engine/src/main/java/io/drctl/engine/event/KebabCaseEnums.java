package io.drctl.engine.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Locale;

/**
 * One casing for every value drctl writes as JSON: lower-case words joined by hyphens, as in
 * {@code "will-change"}, {@code "read-only"}, {@code "succeeded"}. Enums (a run's outcome, a
 * failure's kind, a skip's reason) follow it too: {@code NEEDS_HUMAN} is written
 * {@code "needs-human"}. Reading accepts both spellings, so journals written before this
 * convention still load and resume.
 */
final class KebabCaseEnums extends SimpleModule {
    KebabCaseEnums() {
        super("drctl-kebab-case-enums");
        addSerializer(new Writer());
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(
                    DeserializationConfig config,
                    JavaType type,
                    BeanDescription beanDesc,
                    JsonDeserializer<?> deserializer) {
                return new Reader(type.getRawClass());
            }
        });
    }

    /** {@code NEEDS_HUMAN} → {@code needs-human}. */
    static String text(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class Writer extends StdSerializer<Enum> {
        Writer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(text(value));
        }
    }

    private static final class Reader extends JsonDeserializer<Enum<?>> {
        private final Class<?> type;

        Reader(Class<?> type) {
            this.type = type;
        }

        @Override
        public Enum<?> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            String name =
                    text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return (Enum<?>) constant;
                }
            }
            return (Enum<?>) ctx.handleWeirdStringValue(type, text, "not one of %s's values", type.getSimpleName());
        }
    }
}
