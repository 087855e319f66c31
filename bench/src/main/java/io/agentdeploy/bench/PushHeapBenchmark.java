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
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Samples the engine's heap while it builds and pushes an image with a layer of random bytes of 1 GB
 * or more, and compares it with the same for a small image: the heap should stay flat in the image
 * size, because the build context goes to the daemon as a stream and the daemon does the upload.
 *
 * <p>Each image gets its own repository in a local ECR stack; the layer is written by the benchmark
 * (random, so nothing compresses it away) and removed afterwards. Run from the repository root with a
 * small heap limit, as bench/run.sh does: {@code java -Xmx256m -cp bench/target/classes:$(cat
 * bench/target/classpath.txt) io.agentdeploy.bench.PushHeapBenchmark [large MB] [small MB]}.
 */
public final class PushHeapBenchmark {

    private static final String LABEL = "bench_heap";
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(20);

    private PushHeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int largeMegabytes = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int smallMegabytes = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        DockerClientFactory docker = DockerClientFactory.fromEnvironment(System.getenv());
        try (EcrStack stack = EcrStack.start()) {
            // A first small push loads the SDK and docker-java, so neither measured run pays for class loading.
            measure(stack, docker, 1, "bench-heap-warmup");
            Measured small = measure(stack, docker, smallMegabytes, "bench-heap-small");
            Measured large = measure(stack, docker, largeMegabytes, "bench-heap-large");
            long maxHeap = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            new BenchmarkReport("Heap while pushing a large image",
                    "Peak heap used by agent-deploy's engine while it builds and pushes an image with a " + largeMegabytes
                            + " MB layer of random bytes (agent-deploy) against the same for a " + smallMegabytes
                            + " MB layer (baseline), sampled every " + SAMPLE_EVERY.toMillis() + " ms. A ratio near 1"
                            + " means the heap does not grow with the image.",
                    "java -Xmx" + maxHeap + "m -cp bench/target/classes:$(cat bench/target/classpath.txt)"
                            + " io.agentdeploy.bench.PushHeapBenchmark " + largeMegabytes + " " + smallMegabytes)
                    .row("peak heap used during build and push", large.peakHeapMegabytes, small.peakHeapMegabytes, "MB")
                    .row("image size", large.imageMegabytes, small.imageMegabytes, "MB")
                    .row("bytes uploaded to the registry", large.uploadedMegabytes, small.uploadedMegabytes, "MB")
                    .row("build and push time", large.seconds, small.seconds, "s")
                    .note(String.format(java.util.Locale.ROOT, "The JVM ran with a heap limit of %d MB; the large image"
                            + " is %.1f times that.", maxHeap, large.imageMegabytes / maxHeap))
                    .note("Heap used includes garbage not yet collected, so the peaks are an upper bound of what"
                            + " the engine holds.")
                    .print(System.out);
        } finally {
            BenchmarkSupport.removeImagesLabelled(LABEL);
        }
    }

    /** One image's figures. */
    private record Measured(double peakHeapMegabytes, double imageMegabytes, double uploadedMegabytes,
            double seconds) { }

    private static Measured measure(EcrStack stack, DockerClientFactory docker, int megabytes, String repository)
            throws Exception {
        Path context = Files.createTempDirectory("agent-deploy-bench-heap");
        try {
            writeContext(context, megabytes);
            EcrPushRequest request = EcrPushRequest.builder().agent(LABEL).repository(repository)
                    .contextDirectory(context).dockerfile(context.resolve("Dockerfile")).buildNetwork("none")
                    .tags(List.of("bench")).scanOnPush(false).scanTimeout(Duration.ZERO).readGit(false).build();
            System.gc();
            long uploaded = stack.gateway().uploadedBytes();
            AtomicLong peak = new AtomicLong();
            Thread sampler = sampler(peak);
            long start = System.nanoTime();
            EcrPushResult result;
            try (AwsClients aws = new AwsClients(settings(stack), ProgressListener.NONE)) {
                result = new EcrPushService(aws, docker, ProgressListener.NONE, new Redactor()).push(request);
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Measured(megabytes(peak.get()), megabytes(result.sizeBytes()),
                    megabytes(stack.gateway().uploadedBytes() - uploaded), Math.round(seconds * 10) / 10.0);
        } finally {
            try (Stream<Path> files = Files.walk(context)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** A FROM-scratch image with one file of random bytes, labelled so that cleanup finds its images. */
    private static void writeContext(Path context, int megabytes) throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nLABEL io.agentdeploy.test=" + LABEL
                + "\nCOPY payload.bin /payload.bin\n");
        byte[] chunk = new byte[1024 * 1024];
        SplittableRandom random = new SplittableRandom();
        try (OutputStream out = Files.newOutputStream(context.resolve("payload.bin"))) {
            for (int i = 0; i < megabytes; i++) {
                for (int j = 0; j < chunk.length; j += 8) {
                    long value = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        chunk[j + k] = (byte) (value >>> (8 * k));
                    }
                }
                out.write(chunk);
            }
        }
    }

    private static Thread sampler(AtomicLong peak) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(SAMPLE_EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static AwsSettings settings(EcrStack stack) {
        return AwsSettings.builder().region(stack.region())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret")))
                .endpointOverride(AwsService.ECR, stack.endpoint()).build();
    }

    private static double megabytes(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }
}
