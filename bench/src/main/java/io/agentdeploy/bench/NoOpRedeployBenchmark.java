package io.agentdeploy.bench;

import io.agentdeploy.testkit.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times a redeployment that changes nothing against one that changes the image, both as the packaged
 * {@code agent-deploy deploy} on all three layers of the local stack, and counts the mutating calls
 * each makes. The agent is a small busybox image, so the figures show the command's own work: JVM
 * start, build from cache, registry and API reads, and for the change the push, the AgentCore update
 * and the rollout.
 *
 * <p>Run from the repository root after {@code mvn -B -T1 -q -DskipTests package} (bench/run.sh does
 * both): {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt)
 * io.agentdeploy.bench.NoOpRedeployBenchmark [rounds]}.
 */
public final class NoOpRedeployBenchmark {

    private static final String AGENT = "bench_noop";
    private static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";
    private static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    private NoOpRedeployBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path jar = Path.of("cli/target/agent-deploy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -T1 -q -DskipTests package first");
        }
        Path repository = Files.createTempDirectory("agent-deploy-bench-noop");
        // The busybox image serves no /ping, so the AgentCore double only checks that the image exists.
        System.setProperty(LocalStack.CONTAINER_CHECK_VARIABLE, "false");
        try (LocalStack stack = LocalStack.start()) {
            stack.kubernetes().controller().timeScale(0.1);
            int version = 1;
            write(repository, version);
            deploy(stack, jar, repository, version);
            double[] unchanged = new double[rounds];
            double[] changing = new double[rounds];
            int unchangedCalls = 0;
            int changingCalls = 0;
            for (int round = 0; round < rounds; round++) {
                Timed same = deploy(stack, jar, repository, version);
                unchanged[round] = same.seconds;
                unchangedCalls = same.mutatingCalls;
                write(repository, ++version);
                Timed changed = deploy(stack, jar, repository, version);
                changing[round] = changed.seconds;
                changingCalls = changed.mutatingCalls;
            }
            new BenchmarkReport("No-op redeployment",
                    "agent-deploy deploy run again with the same inputs (agent-deploy) against a run that changes the"
                            + " image (baseline), each as a process on all three layers of the local stack, with a"
                            + " small busybox agent. Medians of " + rounds + " rounds.",
                    "java -cp bench/target/classes:$(cat bench/target/classpath.txt)"
                            + " io.agentdeploy.bench.NoOpRedeployBenchmark " + rounds)
                    .row("wall time of the deployment", median(unchanged), median(changing), "s")
                    .row("mutating calls (ECR, registry, AgentCore, IAM, Kubernetes)", unchangedCalls, changingCalls,
                            "")
                    .note("Both include the start of a JVM and a Docker build from cache. The no-op run still reads"
                            + " every layer's state; it writes nothing, not even its deployment lock.")
                    .print(System.out);
        } finally {
            delete(repository);
            BenchmarkSupport.removeImagesLabelled(AGENT);
        }
    }

    /** Wall time and mutating calls of one run. */
    private record Timed(double seconds, int mutatingCalls) { }

    private static Timed deploy(LocalStack stack, Path jar, Path repository, int version)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "deploy", "--agent", AGENT, "--repo-root", repository.toString(),
                "--build-network", "none", "--tag", "v" + version, "--execution-role-arn", ROLE, "--endpoint", "live",
                "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.putAll(stack.environment());
        int mark = stack.callLog().size();
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("agent-deploy deploy failed:\n" + output);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int mutating = (int) stack.callLog().since(mark).stream()
                .filter(call -> call.mutating() && call.status() / 100 == 2).count();
        return new Timed(Math.round(seconds * 100) / 100.0, mutating);
    }

    /** Writes the agent's repository at a version: a busybox image with a version label, and a values file. */
    private static void write(Path repository, int version) throws IOException {
        Files.copy(BUSYBOX, repository.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Path dockerfile = repository.resolve("src/agentic_platform/agent/" + AGENT + "/Dockerfile");
        Files.createDirectories(dockerfile.getParent());
        Files.writeString(dockerfile, "FROM scratch AS runtime\nLABEL io.agentdeploy.test=" + AGENT
                + "\nCOPY busybox /bin/busybox\nLABEL io.agentdeploy.version=" + version
                + "\nCMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\"]\n");
        Path values = repository.resolve("k8s/helm/values/applications/bench-noop-values.yaml");
        Files.createDirectories(values.getParent());
        Files.writeString(values, "replicaCount: 1\nservice:\n  port: 80\n  targetPort: 8080\n");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
