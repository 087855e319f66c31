package io.agentdeploy.bench;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.ecr.EcrStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Compares building and pushing the example agent with the engine against the Docker command line
 * ({@code docker build}, {@code docker login}, {@code docker push}) on the same context, daemon and
 * kind of registry: a first push into an empty repository, then an unchanged rebuild pushed again,
 * and the bytes each uploads for the unchanged rebuild.
 *
 * <p>Each side gets its own local ECR stack, so that neither can mount blobs the other uploaded.
 * The build cache is warmed once before either side is measured, so both build from the same cache.
 * The scan is not awaited on either side. The unchanged rebuild is timed three times per side.
 *
 * <p>Run from the repository root (needs the Docker daemon and the local base image from
 * scripts/build-base-image.sh):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.agentdeploy.bench.PushBenchmark
 * </pre>
 */
public final class PushBenchmark {

    static final String AGENT = "agentic_chat_enhanced";
    static final String BASE_IMAGE = "agent-deploy/python-base:local";
    static final String DOCKER = "/usr/bin/docker";
    /** The unchanged rebuild is timed this often on each side, and the median is reported. */
    static final int UNCHANGED_ROUNDS = 3;
    private static final String DOCKERFILE = "src/agentic_platform/agent/" + AGENT + "/Dockerfile";

    private PushBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path context = root.resolve("examples/agentic-platform");
        DockerClientFactory docker = DockerClientFactory.fromEnvironment(System.getenv());
        List<String> localTags = new ArrayList<>();
        try (EcrStack engineStack = EcrStack.start(); EcrStack baselineStack = EcrStack.start();
                EcrStack warmUpStack = EcrStack.start()) {
            String warmTag = "agent-deploy-bench/warm:" + ProcessHandle.current().pid();
            localTags.add(warmTag);
            run(List.of(DOCKER, "build", "-q", "--network", "none", "--build-arg", "BASE_IMAGE=" + BASE_IMAGE, "-f",
                    context.resolve(DOCKERFILE).toString(), "-t", warmTag, context.toString()), null);

            // A push into a third stack loads the SDK and docker-java, so the JVM's start is not measured.
            engine(warmUpStack, docker, context);
            localTags.add(warmUpStack.registryHost() + "/agentic-platform-" + AGENT + ":bench");
            Side engine = engine(engineStack, docker, context);
            Side baseline = baseline(baselineStack, context, localTags);
            localTags.add(engineStack.registryHost() + "/agentic-platform-" + AGENT + ":bench");

            BenchmarkReport report = new BenchmarkReport("Build and push of the example agent",
                    "agent-deploy push (engine) against `docker build` + `docker login` + `docker push` on the same"
                            + " context (examples/agentic-platform), daemon and local ECR stack, each side with its"
                            + " own registry. The build cache is warm for both; the scan is not awaited.",
                    "java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.agentdeploy.bench.PushBenchmark")
                    .row("first push into an empty repository", engine.firstSeconds, baseline.firstSeconds, "s")
                    .row("unchanged rebuild and push (median of " + UNCHANGED_ROUNDS + ")", engine.unchangedSeconds,
                            baseline.unchangedSeconds, "s")
                    .row("bytes uploaded by the unchanged push", engine.unchangedBytes, baseline.unchangedBytes, "B")
                    .row("bytes uploaded by the first push", engine.firstBytes, baseline.firstBytes, "B")
                    .note("Bytes are request bodies of blob uploads and manifest puts, counted by the registry"
                            + " gateway. The engine finds that every tag already names the same image config and"
                            + " puts nothing; docker push checks each layer and puts the manifest again.")
                    .note("The engine's JVM is warmed by one push into a third stack first. The first push is a"
                            + " single run on each side; on a machine shared with other builds, differences under a"
                            + " second are noise. Cores: " + Runtime.getRuntime().availableProcessors() + ".");
            report.print(System.out);
        } finally {
            for (String tag : localTags) {
                run(List.of(DOCKER, "rmi", "-f", tag), null);
            }
        }
    }

    /** Timings and upload sizes of one side. */
    private static final class Side {
        double firstSeconds;
        double unchangedSeconds;
        double firstBytes;
        double unchangedBytes;
    }

    private static Side engine(EcrStack stack, DockerClientFactory docker, Path context) {
        Side side = new Side();
        try (AwsClients aws = new AwsClients(settings(stack), ProgressListener.NONE)) {
            EcrPushService service = new EcrPushService(aws, docker, ProgressListener.NONE, new Redactor());
            EcrPushRequest request = EcrPushRequest.builder().agent(AGENT).contextDirectory(context)
                    .buildArg("BASE_IMAGE", BASE_IMAGE).buildNetwork("none").tags(List.of("bench"))
                    .scanOnPush(false).scanTimeout(Duration.ZERO).readGit(false).build();
            long bytes = stack.gateway().uploadedBytes();
            long start = System.nanoTime();
            EcrPushResult first = service.push(request);
            side.firstSeconds = seconds(start);
            side.firstBytes = stack.gateway().uploadedBytes() - bytes;

            double[] rounds = new double[UNCHANGED_ROUNDS];
            for (int round = 0; round < UNCHANGED_ROUNDS; round++) {
                bytes = stack.gateway().uploadedBytes();
                start = System.nanoTime();
                EcrPushResult again = service.push(request);
                rounds[round] = seconds(start);
                side.unchangedBytes = stack.gateway().uploadedBytes() - bytes;
                if (!again.imageDigest().equals(first.imageDigest())) {
                    throw new IllegalStateException("The unchanged rebuild produced another digest");
                }
            }
            side.unchangedSeconds = median(rounds);
        }
        return side;
    }

    private static Side baseline(EcrStack stack, Path context, List<String> localTags) throws IOException {
        Side side = new Side();
        String repository = "agentic-platform-" + AGENT;
        String image = stack.registryHost() + "/" + repository + ":bench";
        localTags.add(image);
        Path config = Files.createTempDirectory("agent-deploy-bench-docker-");
        try (AwsClients aws = new AwsClients(settings(stack), ProgressListener.NONE)) {
            // The engine creates its repository itself; here the ECR API call is made by hand, untimed.
            aws.ecr().createRepository(r -> r.repositoryName(repository));
            double[] rounds = new double[UNCHANGED_ROUNDS];
            for (int round = 0; round <= UNCHANGED_ROUNDS; round++) {
                long bytes = stack.gateway().uploadedBytes();
                long start = System.nanoTime();
                String token = aws.ecr().getAuthorizationToken(r -> { }).authorizationData().get(0)
                        .authorizationToken();
                String password = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8)
                        .substring("AWS:".length());
                run(List.of(DOCKER, "build", "-q", "--network", "none", "--build-arg", "BASE_IMAGE=" + BASE_IMAGE,
                        "-f", context.resolve(DOCKERFILE).toString(), "-t", image, context.toString()), null);
                run(List.of(DOCKER, "--config", config.toString(), "login", "-u", "AWS", "--password-stdin",
                        stack.registryHost()), password);
                run(List.of(DOCKER, "--config", config.toString(), "push", "-q", image), null);
                double elapsed = seconds(start);
                long uploaded = stack.gateway().uploadedBytes() - bytes;
                if (round == 0) {
                    side.firstSeconds = elapsed;
                    side.firstBytes = uploaded;
                } else {
                    rounds[round - 1] = elapsed;
                    side.unchangedBytes = uploaded;
                }
            }
            side.unchangedSeconds = median(rounds);
        } finally {
            try (var files = Files.walk(config)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return side;
    }

    private static AwsSettings settings(EcrStack stack) {
        return AwsSettings.builder().region(stack.region())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret")))
                .endpointOverride(AwsService.ECR, stack.endpoint()).build();
    }

    /** Runs a command, feeding {@code input} to it when given; fails when it exits non-zero. */
    private static void run(List<String> command, String input) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                boolean cleanup = command.contains("rmi");
                if (!cleanup) {
                    throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed: " + output);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }
}
