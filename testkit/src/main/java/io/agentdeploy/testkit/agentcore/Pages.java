package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Paging of the List operations: {@code maxResults} (1 to 100) and an opaque {@code nextToken} in the query. */
final class Pages {

    /** Page size when the caller sets none. */
    static final int DEFAULT_PAGE_SIZE = 10;

    private static final String TOKEN_PREFIX = "offset:";

    private Pages() {
    }

    /** Returns the requested page as {@code {<field>: [...], nextToken}}. */
    static ObjectNode page(List<ObjectNode> items, AwsRequest request, String field) {
        int size = pageSize(request.query().get("maxResults"));
        int offset = offset(request.query().get("nextToken"), items.size());
        ObjectNode page = Json.object();
        ArrayNode array = page.putArray(field);
        int end = Math.min(items.size(), offset + size);
        items.subList(offset, end).forEach(array::add);
        if (end < items.size()) {
            String token = TOKEN_PREFIX + end;
            page.put("nextToken", Base64.getUrlEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        return page;
    }

    private static int pageSize(String value) {
        if (value == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= 100) {
                return size;
            }
        } catch (NumberFormatException e) {
            // Reported below like an out-of-range value.
        }
        throw ValidationFailure.constraint("maxResults", value, "Member must have value between 1 and 100");
    }

    private static int offset(String token, int total) {
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(TOKEN_PREFIX)) {
                int offset = Integer.parseInt(decoded.substring(TOKEN_PREFIX.length()));
                if (offset >= 0 && offset <= total) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // Reported below: the token was not made by this double.
        }
        throw ValidationFailure.other("nextToken", "The nextToken '" + token + "' is not valid.");
    }
}
