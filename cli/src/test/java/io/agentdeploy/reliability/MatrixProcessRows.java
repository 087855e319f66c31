package io.agentdeploy.reliability;

import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.kubernetes.KubernetesApiDispatcher;
import java.util.function.Supplier;

/**
 * The fault matrix's rows that run the packaged {@code agent-deploy deploy} as a process, one per
 * layer: throttling of the registry login, a 5xx on the AgentCore update, and a 409 on the Deployment
 * apply, which fails the deployment and must roll back AgentCore and Kubernetes to the version
 * before it.
 */
final class MatrixProcessRows {

    private static final String AGENT = "rel_mx_process";

    private final ReliabilityStack env;
    private int version;

    MatrixProcessRows(ReliabilityStack env) {
        this.env = env;
    }

    void run(FaultMatrix matrix) {
        env.repository(AGENT, ++version);
        AgentDeployRun.Result first = env.scan("matrix process setup",
                AgentDeployRun.inProcess(env.environment(), env.deployArguments(AGENT, "v" + version)));
        if (first.exitCode() != 0) {
            throw new AssertionError("The clean deployment failed: " + first.describe());
        }
        row(matrix, "ECR", "ecr", "GetAuthorizationToken", Faults.Kind.THROTTLE, this::succeeds);
        row(matrix, "AgentCore", "bedrock-agentcore-control", "UpdateAgentRuntime", Faults.Kind.SERVER_ERROR,
                this::succeeds);
        row(matrix, "EKS", KubernetesApiDispatcher.SERVICE, "PATCH deployments", Faults.Kind.CONFLICT,
                this::failsAndRollsBack);
        env.assertNoSecretFound();
    }

    private void row(FaultMatrix matrix, String layer, String service, String operation, Faults.Kind kind,
            Supplier<FaultMatrix.Cell> deployment) {
        env.stack.faults().inject(service, operation, kind, 1);
        FaultMatrix.Cell cell;
        try {
            cell = deployment.get();
            if (env.stack.faults().pending()) {
                cell = FaultMatrix.Cell.broken("the fault was never met");
            }
        } catch (RuntimeException | AssertionError e) {
            cell = FaultMatrix.Cell.broken(e.getMessage());
        } finally {
            env.stack.faults().clear();
        }
        matrix.put("process / " + layer + ": " + service + " " + operation, FaultMatrix.column(kind), cell);
    }

    /** A new version deploys, and every layer converges on it. */
    private FaultMatrix.Cell succeeds() {
        env.repository(AGENT, ++version);
        AgentDeployRun.Result run = deploy();
        if (run.exitCode() != 0) {
            return FaultMatrix.Cell.broken("exit " + run.exitCode() + ": " + run.err());
        }
        env.assertConverged(AGENT, version);
        return FaultMatrix.Cell.succeeded((int) run.err().lines()
                .filter(line -> line.startsWith("warning: ") && line.toLowerCase(java.util.Locale.ROOT).contains("retr"))
                .count());
    }

    /** A new version fails in the last layer; AgentCore and Kubernetes are back on the version before. */
    private FaultMatrix.Cell failsAndRollsBack() {
        String before = env.deployedImage(AGENT);
        env.repository(AGENT, ++version);
        AgentDeployRun.Result run = deploy();
        if (run.exitCode() != 1 || !run.err().contains("error: EKS failed: ")) {
            return FaultMatrix.Cell.broken("expected exit 1 with the EKS failure, got exit " + run.exitCode() + ": "
                    + run.err());
        }
        String runtimeId = env.runtimes(AGENT).get(0).agentRuntimeId();
        String live = env.agentCore().getAgentRuntimeEndpoint(r -> r.agentRuntimeId(runtimeId)
                .endpointName(ReliabilityStack.ENDPOINT)).liveVersion();
        String served = env.agentCore().getAgentRuntime(r -> r.agentRuntimeId(runtimeId).agentRuntimeVersion(live))
                .agentRuntimeArtifact().containerConfiguration().containerUri();
        if (!before.equals(served) || !before.equals(env.deployedImage(AGENT))) {
            return FaultMatrix.Cell.broken("after the failure AgentCore serves " + served + " and Kubernetes runs "
                    + env.deployedImage(AGENT) + "; both should run " + before);
        }
        version--;
        return FaultMatrix.Cell.failedCleanly();
    }

    private AgentDeployRun.Result deploy() {
        return env.scan("matrix process v" + version,
                AgentDeployRun.process(env.environment(), env.deployArguments(AGENT, "v" + version)));
    }
}
