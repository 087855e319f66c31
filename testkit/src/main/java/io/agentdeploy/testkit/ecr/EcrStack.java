package io.agentdeploy.testkit.ecr;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.registry.RegistryClient;
import io.agentdeploy.testkit.registry.RegistryGateway;
import io.agentdeploy.testkit.registry.RegistryImageLookup;
import io.agentdeploy.testkit.registry.RegistryServer;
import io.agentdeploy.testkit.registry.RegistryTokens;
import java.net.URI;
import java.util.Set;

/**
 * The ECR part of the local stack: a real registry, the gateway that checks ECR-issued passwords in
 * front of it, and the ECR API double, started together and stopped together.
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
    private final RegistryServer registry;
    private final RegistryClient registryClient;
    private final RegistryGateway gateway;
    private final EcrDouble ecr;
    private final RegistryImageLookup imageLookup;

    private EcrStack(CallLog callLog, Faults faults, RegistryServer registry, RegistryGateway gateway,
            String accountId, String region) {
        this.callLog = callLog;
        this.faults = faults;
        this.registry = registry;
        this.registryClient = new RegistryClient(registry.endpoint());
        this.gateway = gateway;
        this.ecr = new EcrDouble(accountId, region, registryClient, gateway, callLog, faults);
        this.imageLookup = new RegistryImageLookup(registryClient, Set.of(gateway.host(), registry.host()));
    }

    /** Starts the stack with its own call log and faults, account 123456789012 and region us-east-1. */
    public static EcrStack start() {
        return start(new CallLog(), new Faults(), EcrDouble.DEFAULT_ACCOUNT, EcrDouble.DEFAULT_REGION);
    }

    /** Starts the stack recording into a shared call log and taking faults from a shared plan. */
    public static EcrStack start(CallLog callLog, Faults faults, String accountId, String region) {
        RegistryServer registry = RegistryServer.start();
        RegistryGateway gateway = null;
        try {
            gateway = new RegistryGateway(registry.endpoint(), new RegistryTokens(), callLog, faults).start();
            EcrStack stack = new EcrStack(callLog, faults, registry, gateway, accountId, region);
            stack.ecr.start();
            return stack;
        } catch (RuntimeException e) {
            if (gateway != null) {
                gateway.close();
            }
            registry.close();
            throw e;
        }
    }

    /** The ECR API endpoint, for {@code AWS_ENDPOINT_URL_ECR} or an SDK endpoint override. */
    public URI endpoint() {
        return ecr.endpoint();
    }

    /** The gateway's base URL: the proxyEndpoint of authorization tokens, where clients push. */
    public URI registryEndpoint() {
        return gateway.endpoint();
    }

    /** {@code 127.0.0.1:PORT} of the gateway, the host of image references the daemon pushes. */
    public String registryHost() {
        return gateway.host();
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

    public RegistryGateway gateway() {
        return gateway;
    }

    public RegistryServer registry() {
        return registry;
    }

    /** Direct, credential-free access to the registry, for assertions. */
    public RegistryClient registryClient() {
        return registryClient;
    }

    /** Resolves ECR-form and local references against the registry. */
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
        gateway.close();
        registry.close();
    }
}
