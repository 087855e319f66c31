package io.agentdeploy.testkit.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes API request path taken apart: API group, version, namespace, resource (plural),
 * object name, subresource and query parameters.
 *
 * <p>Core paths look like {@code /api/v1/namespaces/NS/pods/NAME/log}, group paths like
 * {@code /apis/apps/v1/namespaces/NS/deployments/NAME/status}; cluster-scoped resources leave out
 * the {@code namespaces/NS} part. {@code /api/v1/namespaces/NS} is the Namespace object itself.
 */
record ApiPath(String group, String version, String namespace, String resource, String name, String subresource,
        Map<String, String> query, String rawPath) {

    /** Parses a request path with its query string; returns a path with a null resource for non-API paths. */
    static ApiPath parse(String pathWithQuery) {
        int questionMark = pathWithQuery.indexOf('?');
        String path = questionMark < 0 ? pathWithQuery : pathWithQuery.substring(0, questionMark);
        Map<String, String> query = questionMark < 0 ? Map.of() : parseQuery(pathWithQuery.substring(questionMark + 1));
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();

        String group;
        int next;
        if (segments.size() >= 2 && segments.get(0).equals("api")) {
            group = "";
            next = 2;
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            next = 3;
        } else {
            return new ApiPath(null, null, null, null, null, null, query, path);
        }
        String version = segments.get(next - 1);
        List<String> rest = segments.subList(next, segments.size());

        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.size() > 0 ? rest.get(0) : null;
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        return new ApiPath(group, version, namespace, resource, name, subresource, query, path);
    }

    boolean isApi() {
        return resource != null;
    }

    boolean isWatch() {
        return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
    }

    /** Returns the path of the collection this object belongs to, for example {@code /apis/apps/v1/namespaces/NS/deployments}. */
    String collectionPath() {
        StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespace != null) {
            path.append("/namespaces/").append(namespace);
        }
        return path.append('/').append(resource).toString();
    }

    /** Returns the path of the object without subresource or query. */
    String objectPath() {
        return collectionPath() + "/" + name;
    }

    /** Returns the resource as RBAC and status details name it: {@code deployments.apps}, or {@code pods} in the core group. */
    String qualifiedResource() {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    /**
     * Returns the RBAC verb of a request with this method: get, list, watch, create, update, patch, delete or
     * deletecollection.
     */
    String verb(String method) {
        return switch (method) {
            case "GET" -> verbOfGet();
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private String verbOfGet() {
        if (isWatch()) {
            return "watch";
        }
        return name == null ? "list" : "get";
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
