package io.agentdeploy.testkit.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.registry.RegistryCall;
import io.agentdeploy.testkit.registry.RegistryClient;
import io.agentdeploy.testkit.registry.RegistryError;
import io.agentdeploy.testkit.registry.RegistryGateway;
import io.agentdeploy.testkit.registry.RegistryServer;
import io.agentdeploy.testkit.registry.RegistryTokens;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One private ECR registry of the double: an account in a region, with its repositories, scans and
 * replication configuration, and the real registry (behind its own token gateway) that holds its
 * images. The ECR double can serve several, so that promotion across regions and accounts copies
 * between registries that share nothing.
 */
public final class EcrRegistry implements AutoCloseable {

    private final String accountId;
    private final String region;
    private final RegistryServer server;
    private final RegistryClient client;
    private final RegistryGateway gateway;
    private final Map<String, EcrRepository> repositories = new ConcurrentSkipListMap<>();
    private final EcrImages images;
    private final EcrScans scans;
    private volatile ObjectNode replicationConfiguration = emptyReplication();

    private EcrRegistry(String accountId, String region, RegistryServer server, RegistryGateway gateway) {
        this.accountId = accountId;
        this.region = region;
        this.server = server;
        this.client = new RegistryClient(server.endpoint());
        this.gateway = gateway;
        this.scans = new EcrScans(this);
        this.images = new EcrImages(this);
        gateway.policy(this::checkRegistryCall);
        gateway.onServed(this::served);
    }

    /** Starts a registry process and its gateway for one account and region. */
    public static EcrRegistry start(String accountId, String region, CallLog callLog, Faults faults) {
        RegistryServer server = RegistryServer.start();
        try {
            RegistryGateway gateway = new RegistryGateway(server.endpoint(), new RegistryTokens(), callLog, faults)
                    .start();
            return new EcrRegistry(accountId, region, server, gateway);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com}, the registry host of repository URIs. */
    public String registryHost() {
        return accountId + ".dkr.ecr." + region + ".amazonaws.com";
    }

    /** The gateway's base URL: the proxyEndpoint of this registry's authorization tokens. */
    public URI registryEndpoint() {
        return gateway.endpoint();
    }

    /** {@code 127.0.0.1:PORT} of the gateway, where clients push. */
    public String gatewayHost() {
        return gateway.host();
    }

    public RegistryGateway gateway() {
        return gateway;
    }

    public RegistryServer server() {
        return server;
    }

    /** Direct, credential-free access to this registry's images. */
    public RegistryClient client() {
        return client;
    }

    /** The scans of this registry's images, with the hooks that plant findings. */
    public EcrScans scans() {
        return scans;
    }

    /** The repository as stored, or empty. */
    public Optional<EcrRepository> repository(String name) {
        return Optional.ofNullable(repositories.get(name));
    }

    /** The replication configuration as PutReplicationConfiguration last set it. */
    public JsonNode replicationConfiguration() {
        return replicationConfiguration.deepCopy();
    }

    /** Removes every repository, scan and the replication configuration; images stay in the registry. */
    public void reset() {
        repositories.clear();
        scans.reset();
        replicationConfiguration = emptyReplication();
    }

    Map<String, EcrRepository> repositories() {
        return repositories;
    }

    EcrImages images() {
        return images;
    }

    void replicationConfiguration(ObjectNode configuration) {
        this.replicationConfiguration = configuration;
    }

    String repositoryArn(String name) {
        return "arn:aws:ecr:" + region + ":" + accountId + ":repository/" + name;
    }

    /** The gateway's policy: the repository must exist, and tags in immutable repositories stay put. */
    private Optional<RegistryError> checkRegistryCall(RegistryCall call) {
        if (call.repository() == null) {
            return Optional.empty();
        }
        EcrRepository repository = repositories.get(call.repository());
        if (repository == null) {
            return Optional.of(new RegistryError(404, "NAME_UNKNOWN", "The repository with name '" + call.repository()
                    + "' does not exist in the registry with id '" + accountId + "'"));
        }
        boolean overwritesTag = call.operation().equals("PUT manifest") && call.referencesTag()
                && repository.immutable() && client.digest(repository.name(), call.reference()).isPresent();
        if (overwritesTag) {
            // NOTE: the _WITH_EXCLUSION filters are not applied; every tag counts as immutable. The
            // double refuses an identical manifest under an existing immutable tag too (the stricter reading).
            return Optional.of(new RegistryError(400, "TAG_INVALID", "The image tag '" + call.reference()
                    + "' already exists in the '" + repository.name()
                    + "' repository and cannot be overwritten because the repository is immutable."));
        }
        return Optional.empty();
    }

    /** Starts the scan of an image pushed into a scan-on-push repository, as ECR does after the push. */
    private void served(RegistryCall call, int status) {
        if (!call.operation().equals("PUT manifest") || status != 201 || call.repository() == null) {
            return;
        }
        EcrRepository repository = repositories.get(call.repository());
        if (repository != null && repository.scanOnPush()) {
            client.digest(repository.name(), call.reference())
                    .ifPresent(digest -> scans.start(repository.name(), digest));
        }
    }

    private static ObjectNode emptyReplication() {
        ObjectNode configuration = Json.object();
        configuration.putArray("rules");
        return configuration;
    }

    @Override
    public void close() {
        gateway.close();
        server.close();
    }

    @Override
    public String toString() {
        return "EcrRegistry{" + accountId + "/" + region + " at " + gateway.host() + "}";
    }
}
