package io.agentdeploy.ecr;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the named stages of a Dockerfile, so a wrong build target fails before the build starts. */
final class DockerfileStages {

    /** {@code FROM [--platform=...] image AS name}; Docker compares stage names without regard to case. */
    private static final Pattern NAMED_STAGE =
            Pattern.compile("\\s*FROM\\s+(?:--\\S+\\s+)*\\S+\\s+AS\\s+(\\S+)\\s*", Pattern.CASE_INSENSITIVE);

    private DockerfileStages() {
    }

    /** The stage names in order, lowercased. */
    static List<String> stages(Path dockerfile) {
        List<String> stages = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                Matcher matcher = NAMED_STAGE.matcher(line);
                if (matcher.matches()) {
                    stages.add(matcher.group(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + dockerfile, e);
        }
        return stages;
    }

    static void requireStage(Path dockerfile, String target) {
        List<String> stages = stages(dockerfile);
        if (!stages.contains(target.toLowerCase(Locale.ROOT))) {
            String found = stages.isEmpty() ? "it has no named stages" : "its named stages are " + String.join(", ", stages);
            throw new InvalidInputException("target", target,
                    "the Dockerfile " + dockerfile + " has no stage of that name; " + found + ".",
                    "Use one of the stage names, or leave target unset to build the last stage.");
        }
    }
}
