package io.agentdeploy.testkit.ecr;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.registry.RegistryClient;
import io.agentdeploy.testkit.registry.RegistryGateway;
import io.agentdeploy.testkit.registry.RegistryImageLookup;
import io.agentdeploy.testkit.registry.RegistryServer;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ECR part of the local stack: a real registry, the gateway that checks ECR-issued passwords in
 * front of it, and the ECR API double, started together and stopped together. Further registries
 * (other regions or accounts) can be added for promotion tests; the double serves them all.
 *
 * <pre>
 * try (EcrStack ecr = EcrStack.start()) {
 *     // AWS_ENDPOINT_URL_ECR = ecr.endpoint(); pushes go to ecr.registryHost()
 * }
 * </pre>
 */
public final class EcrStack implements AutoCloseable {

    private final CallLog callLog;
    private final Faults faults;
    private final EcrRegistry registry;
    private final EcrDouble ecr;
    private final RegistryImageLookup imageLookup;
    private final List<EcrRegistry> added = new CopyOnWriteArrayList<>();

    private EcrStack(CallLog callLog, Faults faults, EcrRegistry registry) {
        this.callLog = callLog;
        this.faults = faults;
        this.registry = registry;
        this.ecr = new EcrDouble(registry, callLog, faults);
        this.imageLookup = new RegistryImageLookup(registry.client(),
                Set.of(registry.gatewayHost(), registry.server().host()));
    }

    /** Starts the stack with its own call log and faults, account 123456789012 and region us-east-1. */
    public static EcrStack start() {
        return start(new CallLog(), new Faults(), EcrDouble.DEFAULT_ACCOUNT, EcrDouble.DEFAULT_REGION);
    }

    /** Starts the stack recording into a shared call log and taking faults from a shared plan. */
    public static EcrStack start(CallLog callLog, Faults faults, String accountId, String region) {
        EcrRegistry registry = EcrRegistry.start(accountId, region, callLog, faults);
        try {
            EcrStack stack = new EcrStack(callLog, faults, registry);
            stack.ecr.start();
            return stack;
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * Starts another registry, for another account or region or both, served by the same ECR
     * endpoint: requests signed for {@code region} with {@code registryId = accountId} reach it.
     */
    public EcrRegistry addRegistry(String accountId, String region) {
        EcrRegistry extra = EcrRegistry.start(accountId, region, callLog, faults);
        added.add(extra);
        ecr.addRegistry(extra);
        return extra;
    }

    /** The ECR API endpoint, for {@code AWS_ENDPOINT_URL_ECR} or an SDK endpoint override. */
    public URI endpoint() {
        return ecr.endpoint();
    }

    /** The gateway's base URL: the proxyEndpoint of authorization tokens, where clients push. */
    public URI registryEndpoint() {
        return registry.registryEndpoint();
    }

    /** {@code 127.0.0.1:PORT} of the gateway, the host of image references the daemon pushes. */
    public String registryHost() {
        return registry.gatewayHost();
    }

    public String accountId() {
        return ecr.accountId();
    }

    public String region() {
        return ecr.region();
    }

    public EcrDouble ecr() {
        return ecr;
    }

    /** The default registry: the caller's account in the stack's region. */
    public EcrRegistry defaultRegistry() {
        return registry;
    }

    public RegistryGateway gateway() {
        return registry.gateway();
    }

    public RegistryServer registry() {
        return registry.server();
    }

    /** Direct, credential-free access to the registry, for assertions. */
    public RegistryClient registryClient() {
        return registry.client();
    }

    /** Resolves ECR-form and local references against the default registry. */
    public RegistryImageLookup imageLookup() {
        return imageLookup;
    }

    public CallLog callLog() {
        return callLog;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        ecr.close();
        added.forEach(EcrRegistry::close);
        registry.close();
    }
}
