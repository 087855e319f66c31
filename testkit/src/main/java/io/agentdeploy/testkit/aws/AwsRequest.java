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

    /**
     * The credential scope of a SigV4 signature, from the Authorization header or, for a presigned
     * URL, the {@code X-Amz-Credential} query parameter: {@code [accessKeyId, date, region, service,
     * "aws4_request"]}, or {@code null} when the request is unsigned.
     */
    public String[] credentialScope() {
        String credential = null;
        String authorization = header("authorization");
        if (authorization != null) {
            int start = authorization.indexOf("Credential=");
            if (start >= 0) {
                credential = authorization.substring(start + "Credential=".length()).split("[,\\s]")[0];
            }
        } else {
            credential = query.get("X-Amz-Credential");
        }
        if (credential == null) {
            return null;
        }
        String[] scope = credential.split("/");
        return scope.length == 5 ? scope : null;
    }

    /** The signing service name of a SigV4-signed request, or {@code null} when unsigned. */
    public String signingService() {
        String[] scope = credentialScope();
        return scope == null ? null : scope[3];
    }

    /** The access key id of a SigV4-signed request, or {@code null} when unsigned. */
    public String accessKeyId() {
        String[] scope = credentialScope();
        return scope == null ? null : scope[0];
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
