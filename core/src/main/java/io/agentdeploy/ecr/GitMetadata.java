package io.agentdeploy.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an image's labels and tags take from the Git work tree of its build context: the commit,
 * its short form, its commit time and the remote's URL (without any credentials in it).
 *
 * <p>The data is read by running {@code git}, not with a Git library: the {@code git} on the build
 * machine understands every repository layout it checked out (linked work trees, submodules, shallow
 * and partial clones, its safe-directory rules), and the Jenkins plugin would otherwise ship a second
 * copy of JGit beside the Git plugin's. Three read-only commands, a few milliseconds each.
 *
 * @param commit the full commit id of HEAD
 * @param shortCommit the abbreviated commit id, as {@code git rev-parse --short} prints it
 * @param commitTime the committer date of HEAD, ISO 8601 with offset
 * @param remoteUrl the URL of remote {@code origin} without user information, or {@code null}
 */
public record GitMetadata(String commit, String shortCommit, String commitTime, String remoteUrl) {

    private static final long TIMEOUT_SECONDS = 10;

    /**
     * Reads the metadata of the work tree that contains {@code directory}.
     *
     * @throws IllegalStateException with a sentence that says why, when {@code git} is missing, the
     *     directory is not in a work tree, or HEAD has no commit
     */
    public static GitMetadata read(Path directory) {
        String commit = git(directory, "rev-parse", "--verify", "HEAD");
        String shortCommit = git(directory, "rev-parse", "--short", "HEAD");
        String time = git(directory, "log", "-1", "--format=%cI", "HEAD");
        String remote;
        try {
            remote = withoutUserInfo(git(directory, "config", "--get", "remote.origin.url"));
        } catch (IllegalStateException e) {
            // No remote named origin: the source label is left out.
            remote = null;
        }
        return new GitMetadata(commit, shortCommit, time, remote);
    }

    /**
     * Removes {@code user:password@} from an http(s) URL: a token in a remote URL must never end up
     * in an image label. SSH forms such as {@code git@host:org/repo.git} are kept.
     */
    static String withoutUserInfo(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getRawUserInfo() != null) {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                        .toString();
            }
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return url.trim();
        }
        return url.trim();
    }

    /** The commit time as an OffsetDateTime, or {@code null} when it does not parse. */
    OffsetDateTime commitDateTime() {
        try {
            return OffsetDateTime.parse(commitTime);
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    private static String git(Path directory, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the git command could not be run (" + e.getMessage()
                    + "); install Git on the build machine");
        }
        try (InputStream output = process.getInputStream()) {
            String text = new String(output.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("git " + arguments[0] + " did not finish within " + TIMEOUT_SECONDS
                        + " s");
            }
            if (process.exitValue() != 0) {
                String first = text.lines().findFirst().orElse("exit code " + process.exitValue());
                throw new IllegalStateException("git " + String.join(" ", arguments) + " failed in " + directory
                        + ": " + first);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("the output of git could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running git");
        }
    }
}
