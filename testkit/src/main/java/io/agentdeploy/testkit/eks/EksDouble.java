package io.agentdeploy.testkit.eks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.aws.RestJsonDoubleServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon EKS test double: DescribeCluster and ListClusters for clusters registered by the test or
 * the local stack, each pointing at a Kubernetes API on loopback.
 */
public final class EksDouble extends RestJsonDoubleServer {

    private static final Pattern DESCRIBE = Pattern.compile("/clusters/([^/]+)");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}");

    private record Cluster(String name, URI endpoint, String caPem, Instant createdAt) { }

    private final String accountId;
    private final String region;
    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();

    public EksDouble(String accountId, String region, CallLog callLog, Faults faults) {
        super("eks", "eks", callLog, faults);
        this.accountId = accountId;
        this.region = region;
    }

    /**
     * Registers a cluster whose API server is at {@code endpoint}.
     *
     * @param caPem the PEM certificate of the API server's CA, or {@code null} for a plain-HTTP API
     */
    public void registerCluster(String name, URI endpoint, String caPem) {
        clusters.put(name, new Cluster(name, endpoint, caPem, Instant.now()));
    }

    @Override
    protected String operation(AwsRequest request) {
        if (!"GET".equals(request.method())) {
            return null;
        }
        String path = stripSlash(request.path());
        if (path.equals("/clusters")) {
            return "ListClusters";
        }
        return DESCRIBE.matcher(path).matches() ? "DescribeCluster" : null;
    }

    @Override
    protected Set<String> mutatingOperations() {
        return Set.of();
    }

    @Override
    protected AwsResponse dispatch(String operation, AwsRequest request) {
        if (operation.equals("ListClusters")) {
            ArrayNode names = Json.MAPPER.createArrayNode();
            clusters.keySet().stream().sorted().forEach(names::add);
            ObjectNode body = Json.object();
            body.set("clusters", names);
            return json(200, body);
        }
        Matcher matcher = DESCRIBE.matcher(stripSlash(request.path()));
        matcher.matches();
        String name = matcher.group(1);
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw new AwsError(400, "InvalidParameterException", "The cluster name '" + name + "' is not valid.");
        }
        Cluster cluster = clusters.get(name);
        if (cluster == null) {
            throw new AwsError(404, "ResourceNotFoundException", "No cluster found for name: " + name + ".");
        }
        ObjectNode body = Json.object();
        body.set("cluster", describe(cluster));
        return json(200, body);
    }

    private ObjectNode describe(Cluster cluster) {
        ObjectNode node = Json.object()
                .put("name", cluster.name())
                .put("arn", "arn:aws:eks:" + region + ":" + accountId + ":cluster/" + cluster.name())
                .put("createdAt", cluster.createdAt().getEpochSecond())
                .put("version", "1.31")
                .put("endpoint", cluster.endpoint().toString())
                .put("roleArn", "arn:aws:iam::" + accountId + ":role/eks-cluster-role")
                .put("status", "ACTIVE")
                .put("platformVersion", "eks.1");
        ObjectNode ca = node.putObject("certificateAuthority");
        if (cluster.caPem() != null) {
            ca.put("data", Base64.getEncoder().encodeToString(cluster.caPem().getBytes(StandardCharsets.US_ASCII)));
        }
        ObjectNode vpc = node.putObject("resourcesVpcConfig");
        vpc.put("endpointPublicAccess", true).put("endpointPrivateAccess", false);
        node.putObject("accessConfig").put("authenticationMode", "API");
        node.putObject("identity").putObject("oidc").put("issuer",
                "https://oidc.eks." + region + ".amazonaws.com/id/LOCALSTACK0000000000000000000000");
        return node;
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
