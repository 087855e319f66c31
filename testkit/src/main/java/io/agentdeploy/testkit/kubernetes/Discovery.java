package io.agentdeploy.testkit.kubernetes;

import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Map;
import java.util.Optional;

/**
 * The API discovery documents ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/GROUP/VERSION})
 * for the kinds a deployment uses, which the CRUD mock does not serve. Go clients need them to map a
 * kind to its resource, for example Helm's {@code lookup}.
 */
final class Discovery {

    private static final String CORE_RESOURCES = resources("v1",
            resource("configmaps", "ConfigMap", true), resource("secrets", "Secret", true),
            resource("services", "Service", true), resource("serviceaccounts", "ServiceAccount", true),
            resource("pods", "Pod", true), resource("events", "Event", true),
            resource("namespaces", "Namespace", false));

    private static final Map<String, String> DOCUMENTS = Map.of(
            "/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[{\"clientCIDR\":"
                    + "\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:443\"}]}",
            "/api/v1", CORE_RESOURCES,
            "/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + group("apps") + ","
                    + group("networking.k8s.io") + "," + group("autoscaling") + "]}",
            "/apis/apps/v1", resources("apps/v1", resource("deployments", "Deployment", true),
                    resource("replicasets", "ReplicaSet", true)),
            "/apis/networking.k8s.io/v1", resources("networking.k8s.io/v1", resource("ingresses", "Ingress", true)),
            "/apis/autoscaling/v2", resources("autoscaling/v2",
                    resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)));

    private Discovery() {
    }

    /** Returns the discovery document at a path (without query), if it is one. */
    static Optional<MockResponse> serve(String path) {
        String document = DOCUMENTS.get(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
        return Optional.ofNullable(document).map(body -> new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json").setBody(body));
    }

    private static String group(String name) {
        String version = name.equals("autoscaling") ? "v2" : "v1";
        return "{\"name\":\"" + name + "\",\"versions\":[{\"groupVersion\":\"" + name + "/" + version + "\",\"version\":\""
                + version + "\"}],\"preferredVersion\":{\"groupVersion\":\"" + name + "/" + version + "\",\"version\":\""
                + version + "\"}}";
    }

    private static String resources(String groupVersion, String... resources) {
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion + "\",\"resources\":["
                + String.join(",", resources) + "]}";
    }

    private static String resource(String plural, String kind, boolean namespaced) {
        return "{\"name\":\"" + plural + "\",\"singularName\":\"\",\"namespaced\":" + namespaced + ",\"kind\":\"" + kind
                + "\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}";
    }
}
