package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code agent-deploy} jar run as a process, with only the given environment plus the
 * variables a shell always has, so that tests get the exit code and both streams a user gets.
 */
final class PackagedCommand implements AutoCloseable {

    static final Path REPOSITORY_ROOT =
            Path.of(System.getProperty("agentdeploy.repositoryRoot", "..")).toAbsolutePath().normalize();
    static final Path JAR = REPOSITORY_ROOT.resolve("cli/target/agent-deploy.jar");

    /** Output of one finished run. */
    record Run(int exitCode, String out, String err) { }

    private final Process process;
    private final Path out;
    private final Path err;

    private PackagedCommand(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts the jar with the arguments; standard output and error go to temporary files. */
    static PackagedCommand start(Map<String, String> environment, String... args) throws IOException {
        assertThat(JAR).as("the command line jar (built by mvn package)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> keep = new HashMap<>();
        for (String name : List.of("PATH", "HOME", "DOCKER_HOST", "LANG")) {
            if (System.getenv(name) != null) {
                keep.put(name, System.getenv(name));
            }
        }
        builder.environment().clear();
        builder.environment().putAll(keep);
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("agent-deploy-out", ".txt");
        Path err = Files.createTempFile("agent-deploy-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new PackagedCommand(process, out, err);
    }

    /** Runs the jar to its end, at most 5 minutes. */
    static Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        try (PackagedCommand command = start(environment, args)) {
            return command.await();
        }
    }

    long pid() {
        return process.pid();
    }

    /** Standard error so far. */
    String errorOutput() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Waits until standard error contains {@code text}, at most {@code seconds}. */
    void awaitError(String text, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!errorOutput().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("agent-deploy did not print '" + text + "': " + errorOutput());
            }
            Thread.sleep(100);
        }
    }

    /** Waits for the end of the process, at most 5 minutes, and returns its output. */
    Run await() throws IOException, InterruptedException {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("agent-deploy did not finish in 5 minutes: " + errorOutput());
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errorOutput());
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}
