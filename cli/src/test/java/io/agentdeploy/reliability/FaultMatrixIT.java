package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.kubernetes.KubernetesApiDispatcher;
import io.agentdeploy.testkit.registry.RegistryGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;

/**
 * The fault matrix: at every AWS operation a deployment calls, throttling (twice, then success), a
 * server error, a connection reset and a response slower than the client's attempt timeout; in the
 * registry a connection dropped mid-push; a Docker daemon that stops answering; and in the
 * Kubernetes API a 500 at every call and a 409 at every write. Each cell must end in success after
 * retries with the desired state reached, or in a failure with a clear message that left the previous
 * good state in place (AgentCore endpoint on its previous version, Deployment on its previous image).
 *
 * <p>The call sites are not listed by hand: each layer first runs clean, a first deployment and a
 * changing one, and every operation the call log shows becomes a row. The layers run in this JVM
 * through the engine ({@link MatrixLayers}); one row per layer runs the packaged command as a process.
 * The table is printed and written to {@code target/fault-matrix.md}.
 */
public class FaultMatrixIT {

    private static final List<Faults.Kind> AWS_FAULTS = List.of(Faults.Kind.THROTTLE, Faults.Kind.SERVER_ERROR,
            Faults.Kind.CONNECTION_RESET, Faults.Kind.SLOW_RESPONSE);
    private static final Set<String> AGENTCORE_SERVICES = Set.of("bedrock-agentcore-control", "bedrock-agentcore",
            "iam", "secretsmanager", "sts");

    private static ReliabilityStack env;
    private static MatrixLayers layers;
    private static final FaultMatrix MATRIX = new FaultMatrix();
    private static volatile long injectedAt;

    @BeforeClass
    public static void start() {
        env = ReliabilityStack.start();
        env.stack.faults().slowDelay(MatrixLayers.SLOW_RESPONSE);
        layers = new MatrixLayers(env);
        layers.deployShared();
    }

    @AfterClass
    public static void stop() {
        MATRIX.report(Path.of("target", "fault-matrix.md"));
        if (env != null) {
            env.close();
        }
    }

    @Rule
    public final TestName test = new TestName();
    private long started;

    @Before
    public void startClock() {
        started = System.nanoTime();
    }

    @After
    public void reportTime() {
        System.out.printf(java.util.Locale.ROOT, "Fault matrix, %s: %.1f s.%n", test.getMethodName(),
                (System.nanoTime() - started) / 1e9);
    }

    @Test
    public void ecrLayer() {
        String repository = layers.freshRepository();
        Set<String> first = operations(Set.of("ecr"), () -> layers.pushFirst(() -> { }));
        Set<String> uploads = mutating(layers.lastAction(), RegistryGateway.SERVICE);
        layers.push(repository, 1);
        Set<String> again = operations(Set.of("ecr"), () -> layers.pushAgain(repository, () -> { }));

        for (String operation : union(again, first)) {
            for (Faults.Kind kind : AWS_FAULTS) {
                cell("ECR", "ecr", operation, kind, () -> again.contains(operation)
                        ? layers.pushAgain(repository, () -> inject("ecr", operation, kind))
                        : layers.pushFirst(() -> inject("ecr", operation, kind)));
            }
        }
        // The daemon waits seconds before it retries a dropped upload: a layer upload and the manifest suffice.
        for (String operation : List.of("PATCH upload", "PUT manifest")) {
            assertThat(uploads).contains(operation);
            cell("ECR", RegistryGateway.SERVICE, operation, Faults.Kind.CONNECTION_RESET,
                    () -> layers.pushFirst(() -> inject(RegistryGateway.SERVICE, operation, Faults.Kind.CONNECTION_RESET)));
        }
        MATRIX.put("ECR / Docker daemon stops answering", "other", layers.daemonStopsAnswering());

        assertThat(MATRIX.failures("ECR")).isEmpty();
    }

    @Test
    public void agentCoreLayer() {
        Set<String> first = operations(AGENTCORE_SERVICES, () -> layers.agentCoreFirst(() -> { }));
        Set<String> later = operations(AGENTCORE_SERVICES, () -> layers.agentCoreChange(() -> { }));

        for (String call : union(later, first)) {
            String service = call.substring(0, call.indexOf(' '));
            String operation = call.substring(call.indexOf(' ') + 1);
            for (Faults.Kind kind : AWS_FAULTS) {
                cell("AgentCore", service, operation, kind,
                        () -> later.contains(call) ? layers.agentCoreChange(() -> inject(service, operation, kind))
                                : layers.agentCoreFirst(() -> inject(service, operation, kind)));
            }
        }

        assertThat(MATRIX.failures("AgentCore")).isEmpty();
    }

    @Test
    public void eksLayer() {
        Set<String> first = operations(Set.of("eks", KubernetesApiDispatcher.SERVICE), () -> layers.eksFirst(() -> { }));
        Set<String> later = operations(Set.of("eks", KubernetesApiDispatcher.SERVICE), () -> layers.eksChange(() -> { }));

        for (String call : union(later, first)) {
            String service = call.substring(0, call.indexOf(' '));
            String operation = call.substring(call.indexOf(' ') + 1);
            List<Faults.Kind> kinds = service.equals("eks") ? AWS_FAULTS
                    : operation.startsWith("GET") || operation.startsWith("WATCH") ? List.of(Faults.Kind.SERVER_ERROR)
                    : List.of(Faults.Kind.SERVER_ERROR, Faults.Kind.CONFLICT);
            for (Faults.Kind kind : kinds) {
                cell("EKS", service, operation, kind,
                        () -> later.contains(call) ? layers.eksChange(() -> inject(service, operation, kind))
                                : layers.eksFirst(() -> inject(service, operation, kind)));
            }
        }

        assertThat(MATRIX.failures("EKS")).isEmpty();
    }

    @Test
    public void processRowPerLayer() {
        MatrixProcessRows rows = new MatrixProcessRows(env);

        rows.run(MATRIX);

        assertThat(MATRIX.failures("process")).isEmpty();
    }

    /** Runs one cell: the scenario with the fault planned, then the check that the fault was met. */
    private static void cell(String layer, String service, String operation, Faults.Kind kind,
            Supplier<FaultMatrix.Cell> scenario) {
        FaultMatrix.Cell cell;
        long start = System.nanoTime();
        try {
            cell = scenario.get();
            if (env.stack.faults().pending()) {
                cell = FaultMatrix.Cell.broken("the fault was never met: the scenario does not call " + operation);
            }
        } catch (RuntimeException | AssertionError e) {
            cell = FaultMatrix.Cell.broken(e.toString());
        } finally {
            env.stack.faults().clear();
        }
        if (kind == Faults.Kind.SLOW_RESPONSE) {
            // The slow response still arrives after the client gave up, and it must not land in the next cell.
            sleep(Duration.ofNanos(injectedAt + MatrixLayers.SLOW_RESPONSE.toNanos() - System.nanoTime()).plusMillis(100));
        }
        MATRIX.put(layer + " / " + service + " " + operation, FaultMatrix.column(kind), cell);
        System.out.printf(java.util.Locale.ROOT, "cell %s %s %s: %s (%.1f s)%n", service, operation, kind, cell.text(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Plans the fault for the scenario's action: {@code times} calls for throttling, one otherwise. */
    private static void inject(String service, String operation, Faults.Kind kind) {
        injectedAt = System.nanoTime();
        env.stack.faults().inject(service, operation, kind, kind == Faults.Kind.THROTTLE ? 2 : 1);
    }

    /** The operations ("service operation", or the operation for one service) a clean run calls. */
    private static Set<String> operations(Set<String> services, Supplier<FaultMatrix.Cell> scenario) {
        FaultMatrix.Cell clean = scenario.get();
        assertThat(clean.passed()).as(clean.text()).isTrue();
        Set<String> seen = new LinkedHashSet<>();
        for (CallLog.Call call : layers.lastAction()) {
            if (services.contains(call.service())) {
                seen.add(services.size() == 1 ? call.operation() : call.service() + " " + call.operation());
            }
        }
        assertThat(seen).as("calls of the clean run").isNotEmpty();
        return seen;
    }

    private static Set<String> mutating(List<CallLog.Call> calls, String service) {
        Set<String> seen = new LinkedHashSet<>();
        calls.stream().filter(c -> c.service().equals(service) && c.mutating()).forEach(c -> seen.add(c.operation()));
        return seen;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
