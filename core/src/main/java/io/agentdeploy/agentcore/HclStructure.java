package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks the structure of a Terraform variables file before it is parsed: every top-level line is
 * {@code name = value}, brackets and braces pair up, and strings, heredocs and block comments end.
 *
 * <p>Written by hand because hcl4j 0.9.4, the parser in use, accepts broken files without an error:
 * an unclosed {@code environment_variables = {} or a {@code network_mode =} without a value parse to
 * nothing, and the deployment would then run without those settings.
 */
final class HclStructure {

    private final Path file;
    private final String text;
    private final Deque<int[]> open = new ArrayDeque<>();
    private int position;
    private int line = 1;

    private HclStructure(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /** @throws InvalidInputException naming the line of the first structural error */
    static void check(Path file, String text) {
        new HclStructure(file, text).scan();
    }

    private void scan() {
        boolean statementStart = true;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\n') {
                line++;
                position++;
                statementStart = open.isEmpty();
            } else if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '#' || text.startsWith("//", position)) {
                skipTo("\n", false);
            } else if (text.startsWith("/*", position)) {
                int from = line;
                position += 2;
                if (!skipTo("*/", true)) {
                    throw error(from, "a comment opened with /* is never closed with */.");
                }
            } else if (statementStart) {
                assignment();
                statementStart = false;
            } else {
                value(c);
            }
        }
        if (!open.isEmpty()) {
            int[] first = open.peek();
            throw error(first[1], "'" + (char) first[0] + "' is never closed.");
        }
    }

    /** Reads {@code name =} at the top level and checks that a value follows on the same line. */
    private void assignment() {
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                || text.charAt(position) == '_' || text.charAt(position) == '-')) {
            position++;
        }
        boolean named = position > start && Character.isLetter(text.charAt(start)) || position > start
                && text.charAt(start) == '_';
        skipSpaces();
        if (!named || position >= text.length() || text.charAt(position) != '='
                || text.startsWith("==", position)) {
            throw error(line, "a top-level line must read 'name = value'.");
        }
        position++;
        skipSpaces();
        if (position >= text.length() || text.charAt(position) == '\n' || text.charAt(position) == '\r'
                || text.charAt(position) == '#'
                || text.startsWith("//", position)) {
            throw error(line, "'" + text.substring(start, Math.min(text.length(), start + 60)).strip()
                    + "' has no value.");
        }
    }

    private void value(char c) {
        switch (c) {
            case '"' -> string();
            case '{', '[', '(' -> {
                open.push(new int[] {c, line});
                position++;
            }
            case '}', ']', ')' -> {
                char expected = switch (c) {
                    case '}' -> '{';
                    case ']' -> '[';
                    default -> '(';
                };
                if (open.isEmpty() || open.peek()[0] != expected) {
                    throw error(line, "'" + c + "' closes nothing that is open here"
                            + (open.isEmpty() ? "." : "; '" + (char) open.peek()[0] + "' from line " + open.peek()[1]
                                    + " is still open."));
                }
                open.pop();
                position++;
            }
            case '<' -> {
                if (text.startsWith("<<", position)) {
                    heredoc();
                } else {
                    position++;
                }
            }
            default -> position++;
        }
    }

    private void string() {
        int from = line;
        position++;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\\') {
                position += 2;
            } else if (c == '"') {
                position++;
                return;
            } else if (c == '\n') {
                break;
            } else {
                position++;
            }
        }
        throw error(from, "a string opened with \" is not closed on its line.");
    }

    private void heredoc() {
        int from = line;
        int markerStart = position + (text.startsWith("<<-", position) ? 3 : 2);
        int end = text.indexOf('\n', markerStart);
        String marker = (end < 0 ? text.substring(markerStart) : text.substring(markerStart, end)).strip();
        position = end < 0 ? text.length() : end;
        while (position < text.length()) {
            position++;
            line++;
            int next = text.indexOf('\n', position);
            String current = next < 0 ? text.substring(position) : text.substring(position, next);
            if (current.strip().equals(marker)) {
                position = next < 0 ? text.length() : next;
                return;
            }
            position = next < 0 ? text.length() : next;
        }
        throw error(from, "the heredoc <<" + marker + " is never closed with a line '" + marker + "'.");
    }

    private boolean skipTo(String end, boolean past) {
        while (position < text.length()) {
            if (text.startsWith(end, position)) {
                position += past ? end.length() : 0;
                return true;
            }
            if (text.charAt(position) == '\n') {
                line++;
            }
            position++;
        }
        return false;
    }

    private void skipSpaces() {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
            position++;
        }
    }

    private InvalidInputException error(int at, String problem) {
        return new InvalidInputException("tfvars", file.toString(), "line " + at + ": " + problem,
                "Fix the file's HCL syntax; terraform fmt checks it too.");
    }
}
