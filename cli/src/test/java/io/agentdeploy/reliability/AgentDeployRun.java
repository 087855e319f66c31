package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.cli.AgentDeployCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs {@code agent-deploy} in this JVM through its {@code run(out, err, environment, args)} seam, or
 * as the packaged jar in a process of its own that a test can kill when a line of its standard error
 * shows that a phase has begun.
 */
final class AgentDeployRun {

    static final Path REPOSITORY_ROOT =
            Path.of(System.getProperty("agentdeploy.repositoryRoot", "..")).toAbsolutePath().normalize();
    static final Path JAR = REPOSITORY_ROOT.resolve("cli/target/agent-deploy.jar");
    private static final long PROCESS_LIMIT_MINUTES = 3;
    private static final long KILL_POLL_MILLIS = 20;
    /** With -Dagentdeploy.timeline=true, every standard error line of a process is printed with its time. */
    private static final boolean TIMELINE = Boolean.getBoolean("agentdeploy.timeline");
    /** Not passed to the command: the folder a process run uses as java.io.tmpdir. */
    static final String TEMPORARY_FOLDER = "AGENT_DEPLOY_TEST_TMPDIR";

    /**
     * What one run printed and how it ended.
     *
     * @param exitCode the exit code; for a killed process the JVM's (137)
     * @param killedAt the standard error line that triggered the kill, or {@code null}
     */
    record Result(int exitCode, String out, String err, String killedAt, Duration wallTime) {

        boolean killed() {
            return killedAt != null;
        }

        /** A description for assertion messages. */
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private AgentDeployRun() {
    }

    /** Runs the command in this JVM. */
    static Result inProcess(Map<String, String> environment, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment,
                args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString(), null, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Runs the packaged jar to its end. */
    static Result process(Map<String, String> environment, List<String> args) {
        return process(environment, args, line -> false);
    }

    /**
     * Runs the packaged jar with exactly the given environment and kills it (SIGKILL) as soon as a
     * line of its standard error matches {@code killWhen}.
     */
    static Result process(Map<String, String> environment, List<String> args, Predicate<String> killWhen) {
        return process(environment, args, killWhen, Duration.ZERO);
    }

    /** As above, killing the process {@code delay} after the matching line. */
    static Result process(Map<String, String> environment, List<String> args, Predicate<String> killWhen,
            Duration delay) {
        assertThat(JAR).as("the command line jar (built by mvn package)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String temporary = environment.get(TEMPORARY_FOLDER);
        if (temporary != null) {
            // Files the command leaves in its temporary folder are then found and scanned.
            command.add("-Djava.io.tmpdir=" + temporary);
        }
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().remove(TEMPORARY_FOLDER);
        long start = System.nanoTime();
        Path out;
        Path err;
        Process process;
        try {
            out = Files.createTempFile("agent-deploy-out", ".txt");
            err = Files.createTempFile("agent-deploy-err", ".txt");
            // Files, not pipes: a killed process's pipes close under the reader, files keep every line.
            process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start agent-deploy", e);
        }
        closeQuietly(process);
        String killedAt = null;
        long killAt = Long.MAX_VALUE;
        long limit = System.nanoTime() + TimeUnit.MINUTES.toNanos(PROCESS_LIMIT_MINUTES);
        int linesSeen = 0;
        try {
            while (!process.waitFor(KILL_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (killedAt == null || TIMELINE) {
                    List<String> lines = completeLines(err);
                    for (String line : lines.subList(linesSeen, lines.size())) {
                        if (TIMELINE) {
                            System.out.printf(java.util.Locale.ROOT, "  +%5.2fs %s%n", (System.nanoTime() - start) / 1e9,
                                    line);
                        }
                        if (killedAt != null) {
                            continue;
                        }
                        if (killWhen.test(line)) {
                            killedAt = line;
                            killAt = System.nanoTime() + delay.toNanos();
                        }
                    }
                    linesSeen = lines.size();
                }
                if (System.nanoTime() >= killAt) {
                    process.destroyForcibly();
                    killAt = Long.MAX_VALUE;
                }
                if (System.nanoTime() > limit) {
                    process.destroyForcibly();
                    throw new AssertionError("agent-deploy did not finish in " + PROCESS_LIMIT_MINUTES + " minutes:\n"
                            + Files.readString(err));
                }
            }
            process.waitFor();
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), killedAt, Duration.ofNanos(System.nanoTime() - start));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("Interrupted while agent-deploy ran", e);
        }
    }

    /** The lines of a file that end in a newline so far. */
    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    }

    private static void closeQuietly(Process process) {
        try {
            // The command reads standard input only for piped secrets; an empty one ends at once.
            process.getOutputStream().close();
        } catch (IOException e) {
            // Nothing to close.
        }
    }

}
