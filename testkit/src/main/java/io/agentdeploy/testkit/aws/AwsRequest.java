package io.agentdeploy.testkit.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request received by a test double, read whole.
 *
 * @param method the HTTP method
 * @param path the decoded path
 * @param rawPath the path as sent, still percent-encoded
 * @param query the decoded query parameters (last value wins)
 * @param headers the headers, names in lower case
 * @param body the body
 */
public record AwsRequest(
        String method, String path, String rawPath, Map<String, String> query, Map<String, List<String>> headers,
        byte[] body) {

    /** Returns the first value of a header, or {@code null}. Names are matched without regard to case. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The signing service name from a SigV4 Authorization header, or {@code null} when unsigned. */
    public String signingService() {
        String authorization = header("authorization");
        if (authorization == null) {
            return null;
        }
        int credential = authorization.indexOf("Credential=");
        if (credential < 0) {
            return null;
        }
        String[] scope = authorization.substring(credential + "Credential=".length()).split("[,\\s]")[0].split("/");
        // Credential=AKID/date/region/service/aws4_request
        return scope.length >= 5 ? scope[3] : null;
    }

    /** The access key id from a SigV4 Authorization header, or {@code null}. */
    public String accessKeyId() {
        String authorization = header("authorization");
        if (authorization == null) {
            return null;
        }
        int credential = authorization.indexOf("Credential=");
        if (credential < 0) {
            return null;
        }
        return authorization.substring(credential + "Credential=".length()).split("/")[0];
    }

    /** Parses an application/x-www-form-urlencoded body or query string. */
    public static Map<String, String> parseForm(String form) {
        Map<String, String> values = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return values;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }
}
