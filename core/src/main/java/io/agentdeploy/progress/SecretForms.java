package io.agentdeploy.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The encoded forms in which a secret value turns up in text that services and agents return: inside
 * a JSON string, in a URL or form body, and in base64 (for example in a Basic {@code Authorization}
 * value, which is base64 of {@code user:password}).
 */
final class SecretForms {

    /**
     * Base64 forms are only derived from values of at least this many bytes. Each encoded form is then
     * at least 7 characters, so that it does not mask unrelated short runs of letters.
     */
    static final int MIN_BASE64_BYTES = 6;

    private static final ObjectWriter JSON = new ObjectMapper().writer();
    private static final ObjectWriter JSON_ASCII = JSON.with(JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9A-F]{4})");

    private SecretForms() {
    }

    /** Returns the value itself and every encoded form of it that differs from it. */
    static Set<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        addJsonForms(secret, forms);
        addUrlForms(secret, forms);
        addBase64Forms(secret.getBytes(StandardCharsets.UTF_8), forms);
        return forms;
    }

    /**
     * Adds the value as it appears inside a JSON string: as Jackson writes it (non-ASCII characters as
     * they are), and with every non-ASCII character as a {@code \}{@code uXXXX} escape, in the
     * upper-case hex digits of Jackson and the lower-case ones of Python's {@code json} module.
     */
    private static void addJsonForms(String secret, Set<String> forms) {
        forms.add(jsonContent(JSON, secret));
        String ascii = jsonContent(JSON_ASCII, secret);
        forms.add(ascii);
        Matcher matcher = UNICODE_ESCAPE.matcher(ascii);
        forms.add(matcher.replaceAll(m -> Matcher.quoteReplacement(m.group().toLowerCase(Locale.ROOT))));
    }

    /** Adds the value as a form field ({@code +} for a space) and as a URL path or query part ({@code %20}). */
    private static void addUrlForms(String secret, Set<String> forms) {
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20").replace("%7E", "~"));
    }

    /**
     * Adds the standard base64 of the value, and the characters that are the same wherever the value
     * sits in longer encoded data. Base64 turns each group of 3 bytes into 4 characters, so in longer
     * data the value starts at byte 0, 1 or 2 of a group. For each of these offsets, the characters
     * whose 6 bits all come from the value are kept.
     */
    private static void addBase64Forms(byte[] secret, Set<String> forms) {
        if (secret.length < MIN_BASE64_BYTES) {
            return;
        }
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        forms.add(Base64.getEncoder().encodeToString(secret));
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + secret.length];
            System.arraycopy(secret, 0, shifted, shift, secret.length);
            String encoded = encoder.encodeToString(shifted);
            int firstBit = 8 * shift;
            int endBit = 8 * shifted.length;
            int first = (firstBit + 5) / 6;
            int end = endBit / 6;
            forms.add(encoded.substring(first, end));
        }
    }

    private static String jsonContent(ObjectWriter writer, String value) {
        try {
            String quoted = writer.writeValueAsString(value);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson cannot write a plain string", e);
        }
    }
}
