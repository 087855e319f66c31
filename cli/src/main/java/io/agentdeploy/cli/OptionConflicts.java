package io.agentdeploy.cli;

import io.agentdeploy.error.InvalidInputException;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Finds options given together on the command line that contradict each other. Only options
 * written on the command line count, because the values in agent-deploy.yaml are defaults, which
 * an option given on the command line replaces.
 */
final class OptionConflicts {

    private final CommandSpec command;
    private final ParseResult parsed;

    OptionConflicts(CommandSpec command) {
        this.command = command;
        this.parsed = command.commandLine().getParseResult();
    }

    /**
     * Returns the option as it was written on the command line, or {@code null} when it was not
     * given. A negatable option given in its negated form is written {@code --no-<name>}; asked
     * for by that form, it counts only when the negated form was given.
     */
    String given(String name) {
        OptionSpec option = command.findOption(name);
        if (option == null && name.startsWith("--no-")) {
            option = command.findOption("--" + name.substring("--no-".length()));
        }
        if (option == null || parsed == null || !parsed.hasMatchedOption(option)) {
            return null;
        }
        String written = option.negatable() && Boolean.FALSE.equals(option.getValue())
                ? "--no-" + option.longestName().substring(2) : option.longestName();
        boolean askedNegated = name.startsWith("--no-") && !option.longestName().equals(name);
        return askedNegated && !written.equals(name) ? null : written;
    }

    /** Returns the options of {@code mixin} that were given on the command line, as written. */
    List<String> givenOf(Object mixin) {
        return command.mixins().values().stream().filter(spec -> spec.userObject() == mixin)
                .flatMap(spec -> spec.options().stream())
                .map(option -> given(option.longestName()))
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Rejects {@code first} and {@code second} given together.
     *
     * @param reason why they contradict each other, as a clause
     */
    void exclude(String first, String second, String reason) {
        String firstGiven = given(first);
        String secondGiven = given(second);
        if (firstGiven != null && secondGiven != null) {
            throw conflict(firstGiven, List.of(secondGiven), reason, "Drop one of the two options.");
        }
    }

    /** Returns the error for {@code option} given with {@code others}, naming all of them. */
    static InvalidInputException conflict(String option, List<String> others, String reason, String fix) {
        return new InvalidInputException(option, null, "it cannot be combined with " + joined(others) + ": " + reason,
                fix);
    }

    /** Joins option names as "a", "a and b" or "a, b and c". */
    static String joined(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
