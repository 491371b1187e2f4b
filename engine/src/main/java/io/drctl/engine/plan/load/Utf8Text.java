package io.drctl.engine.plan.load;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Plan files are UTF-8; anything else is reported where the first bad byte is, not silently replaced. */
final class Utf8Text {
    private Utf8Text() {}

    static Optional<String> decode(byte[] content, Violations violations) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            String before = new String(content, 0, in.position(), StandardCharsets.UTF_8);
            int[] at = LineColumn.ofIndex(before, before.codePointCount(0, before.length()));
            violations.at(at[0], at[1], YamlPath.ROOT, "the file is not UTF-8 text (byte " + (in.position() + 1) + ")");
            return Optional.empty();
        }
        return Optional.of(out.flip().toString());
    }
}
