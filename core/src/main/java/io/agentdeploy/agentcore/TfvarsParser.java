package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a Terraform variable definitions file (.tfvars) strictly, in the HCL native syntax: one
 * {@code name = value} attribute per line, where a value is a literal (a quoted string, a heredoc, a
 * number, {@code true}, {@code false}, {@code null}, a list or a map). Terraform evaluates such a
 * file without variables or functions. Anything else is invalid input that names the line and
 * column: text that is not an attribute, a block, text after a value, an unclosed string or bracket,
 * a template sequence ({@code ${...}}), an expression, or a variable set twice (Terraform rejects
 * that too). Within a map, a key given twice keeps its last value, as in Terraform.
 *
 * <p>{@link TfvarsSettings} reads the values with hcl4j, the HCL parser for Java on Maven Central,
 * and compares them with this check's. The check is written by hand because hcl4j accepts malformed
 * files without an error (tried with 0.9.4 and 0.9.8, the newest release). It returns no attributes
 * for text that is not HCL, keeps the last of two values of one attribute, reads {@code a = "x"
 * garbage} as {@code garbage}, reads {@code 1e3} as {@code "e3"}, and rejects escape sequences such
 * as {@code \"}.
 *
 * <p>NOTE: arithmetic on literals ({@code 8 * 3600}) is rejected, although Terraform would evaluate
 * it. The error tells the user to write the result instead.
 */
final class TfvarsParser {

    /**
     * The attributes of a file.
     *
     * @param values each attribute's value in file order: {@link String}, {@link BigDecimal},
     *     {@link Boolean}, {@link List}, {@link Map} or {@code null}
     * @param lines the line each attribute is set on
     */
    record Parsed(Map<String, Object> values, Map<String, Integer> lines) {

        Parsed {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            lines = Map.copyOf(lines);
        }
    }

    private static final String FORM = "a variables file contains only lines of the form name = value, such as"
            + " agent_name = \"chat\".";

    private final Path file;
    private final String text;
    private int position;

    private TfvarsParser(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /**
     * Parses the text of {@code file}.
     *
     * @throws InvalidInputException naming the file, the line and column, what is wrong and how to fix it
     */
    static Parsed parse(Path file, String text) {
        return new TfvarsParser(file, text).attributes();
    }

    private Parsed attributes() {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        if (text.startsWith("\uFEFF")) {
            position = 1;
        }
        while (true) {
            skipBlank(true);
            if (atEnd()) {
                return new Parsed(values, lines);
            }
            int start = position;
            if (!isIdentifierStart(peek())) {
                throw error("unexpected " + describe(peek()) + "; " + FORM, "Fix or remove the line.");
            }
            String name = identifier();
            skipBlank(false);
            if (atEnd() || peek() != '=') {
                boolean block = !atEnd() && (peek() == '{' || peek() == '"');
                throw error(block ? "'" + name + "' starts a block, but " + FORM : "expected '=' after '" + name
                        + "' but found " + (atEnd() ? "the end of the file" : describe(peek())) + "; " + FORM,
                        "Fix or remove the line.");
            }
            position++;
            skipBlank(false);
            Object value = value(name);
            requireLineEnd(name);
            if (lines.containsKey(name)) {
                position = start;
                throw error("'" + name + "' is set again (first on line " + lines.get(name) + "); Terraform rejects"
                        + " a variables file that sets a variable twice.", "Remove one of the two lines.");
            }
            values.put(name, value);
            lines.put(name, lineOf(start));
        }
    }

    private Object value(String name) {
        if (atEnd() || peek() == '\n') {
            throw error("the value of '" + name + "' is missing.", "Write a value after '=', such as \"text\".");
        }
        char c = peek();
        if (c == '"') {
            return quoted();
        }
        if (text.startsWith("<<", position)) {
            return heredoc();
        }
        if (c == '[') {
            return list(name);
        }
        if (c == '{') {
            return map(name);
        }
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (isIdentifierStart(c)) {
            return keyword();
        }
        throw error("unexpected " + describe(c) + " in the value of '" + name + "'.",
                "Write a literal value: a quoted string, a number, true, false, null, a list or a map.");
    }

    private Object keyword() {
        int start = position;
        String word = identifier();
        switch (word) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        boolean call = !atEnd() && peek() == '(';
        boolean reference = !atEnd() && (peek() == '.' || peek() == '[');
        position = start;
        if (call || reference) {
            throw error((call ? "function calls" : "references such as '" + word + ".…'") + " are not allowed in a"
                    + " variables file, which Terraform evaluates without variables or functions.",
                    "Write the value itself.");
        }
        throw error("'" + word + "' is not a value; text needs double quotes.", "Write \"" + word + "\".");
    }

    private BigDecimal number() {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        int digits = skipDigits();
        if (!atEnd() && peek() == '.') {
            position++;
            digits = Math.min(digits, skipDigits());
        }
        if (digits > 0 && !atEnd() && (peek() == 'e' || peek() == 'E')) {
            position++;
            if (!atEnd() && (peek() == '+' || peek() == '-')) {
                position++;
            }
            digits = skipDigits();
        }
        if (digits == 0 || (!atEnd() && isIdentifierPart(peek()))) {
            position = start;
            throw error("'" + token() + "' is not a number.", "Write a number such as 900 or 1.5, or quote text.");
        }
        return new BigDecimal(text.substring(start, position));
    }

    private String quoted() {
        int start = position;
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd() || peek() == '\n') {
                position = start;
                throw error("the string is not closed on its line.", "Add the closing \".");
            }
            char c = text.charAt(position);
            if (c == '"') {
                position++;
                return value.toString();
            }
            if (c == '\\') {
                value.append(escape());
            } else if (!literalTemplateText(value)) {
                value.append(c);
                position++;
            }
        }
    }

    private String escape() {
        int start = position;
        position++;
        char kind = atEnd() ? ' ' : text.charAt(position++);
        switch (kind) {
            case 'n':
                return "\n";
            case 'r':
                return "\r";
            case 't':
                return "\t";
            case '"':
                return "\"";
            case '\\':
                return "\\";
            case 'u':
            case 'U':
                int length = kind == 'u' ? 4 : 8;
                if (position + length <= text.length()
                        && text.substring(position, position + length).matches("[0-9a-fA-F]+")) {
                    int codePoint = Integer.parseInt(text.substring(position, position + length), 16);
                    if (Character.isValidCodePoint(codePoint)) {
                        position += length;
                        return new String(Character.toChars(codePoint));
                    }
                }
                break;
            default:
                break;
        }
        position = start;
        throw error("invalid escape sequence in a string; HCL knows \\n, \\r, \\t, \\\", \\\\, \\uNNNN and"
                + " \\UNNNNNNNN.", "Write a backslash as \\\\.");
    }

    /**
     * Appends the escapes {@code $${} and {@code %%{} as literal {@code ${} and {@code %{}, and
     * rejects a template sequence. Returns false when the text at the position is neither.
     */
    private boolean literalTemplateText(StringBuilder value) {
        for (String marker : new String[] {"${", "%{"}) {
            if (text.startsWith(marker.charAt(0) + marker, position)) {
                value.append(marker);
                position += 3;
                return true;
            }
            if (text.startsWith(marker, position)) {
                throw error("template sequences (" + marker + "…}) are not allowed in a variables file, which"
                        + " Terraform evaluates without variables or functions.", "Write the text itself, and "
                        + marker.charAt(0) + marker + " for a literal " + marker + ".");
            }
        }
        return false;
    }

    /** Reads {@code <<MARKER} or {@code <<-MARKER} (indented) up to the line that holds only the marker. */
    private String heredoc() {
        int start = position;
        position += 2;
        boolean indented = !atEnd() && peek() == '-';
        if (indented) {
            position++;
        }
        if (atEnd() || !isIdentifierStart(peek())) {
            throw error("a heredoc needs a marker after '<<', such as <<EOT.", "Write <<EOT, the lines, then EOT.");
        }
        String marker = identifier();
        skipBlank(false);
        if (atEnd() || peek() != '\n') {
            throw error("the heredoc marker '" + marker + "' must end its line.", "Start the text on the next line.");
        }
        position++;
        List<String> lines = new ArrayList<>();
        while (!atEnd()) {
            int end = text.indexOf('\n', position);
            String line = text.substring(position, end < 0 ? text.length() : end);
            if (line.strip().equals(marker)) {
                position = end < 0 ? text.length() : end;
                return heredocText(lines, indented);
            }
            rejectTemplates(line);
            lines.add(line);
            position = end < 0 ? text.length() : end + 1;
        }
        position = start;
        throw error("the heredoc has no closing line '" + marker + "'.", "Add a line that holds only " + marker + ".");
    }

    /** Rejects a template sequence in a heredoc line that starts at the position. */
    private void rejectTemplates(String line) {
        for (int i = 0; i + 1 < line.length(); i++) {
            boolean sequence = (line.charAt(i) == '$' || line.charAt(i) == '%') && line.charAt(i + 1) == '{';
            if (sequence && (i == 0 || line.charAt(i - 1) != line.charAt(i))) {
                String opening = line.substring(i, i + 2);
                position += i;
                throw error("template sequences (" + opening + "…}) are not allowed in a variables file, which"
                        + " Terraform evaluates without variables or functions.", "Write the text itself, and "
                        + opening.charAt(0) + opening + " for a literal " + opening + ".");
            }
        }
    }

    /** Joins heredoc lines, removing the common indent of {@code <<-} and turning $${ and %%{ into ${ and %{. */
    private static String heredocText(List<String> lines, boolean indented) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (indented && !line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder value = new StringBuilder();
        for (String line : lines) {
            String content = indented && !line.isBlank() ? line.substring(indent) : line;
            value.append(content.replace("$${", "${").replace("%%{", "%{")).append('\n');
        }
        return value.toString();
    }

    private List<Object> list(String name) {
        int start = position;
        position++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipBlank(true);
            if (!atEnd() && peek() == ']') {
                position++;
                return items;
            }
            if (atEnd()) {
                position = start;
                throw error("the list is not closed.", "Add the closing ].");
            }
            items.add(value(name));
            skipBlank(true);
            if (!atEnd() && peek() == ',') {
                position++;
            } else if (!atEnd() && peek() != ']') {
                throw error("expected ',' or ']' after a list item of '" + name + "' but found " + describe(peek())
                        + ".", "Separate the items with ','.");
            }
        }
    }

    private Map<String, Object> map(String name) {
        int start = position;
        position++;
        Map<String, Object> entries = new LinkedHashMap<>();
        while (true) {
            skipBlank(true);
            if (!atEnd() && peek() == '}') {
                position++;
                return entries;
            }
            if (atEnd()) {
                position = start;
                throw error("the map is not closed.", "Add the closing }.");
            }
            String key = mapKey(name);
            skipBlank(false);
            if (atEnd() || (peek() != '=' && peek() != ':')) {
                throw error("expected '=' or ':' after the key '" + key + "' of '" + name + "'.",
                        "Write key = value.");
            }
            position++;
            skipBlank(false);
            entries.put(key, value(name + "." + key));
            skipBlank(false);
            if (!atEnd() && peek() == ',') {
                position++;
            } else if (!atEnd() && peek() != '\n' && peek() != '}') {
                throw error("unexpected " + describe(peek()) + " after the value of '" + name + "." + key + "'.",
                        "Put each entry on its own line, or separate entries with ','.");
            }
        }
    }

    private String mapKey(String name) {
        if (peek() == '"') {
            return quoted();
        }
        if (isIdentifierStart(peek())) {
            return identifier();
        }
        throw error("unexpected " + describe(peek()) + " where a key of '" + name + "' belongs.",
                "Write keys as names or quoted strings.");
    }

    private void requireLineEnd(String name) {
        skipBlank(false);
        if (!atEnd() && peek() != '\n') {
            throw error("unexpected " + describe(peek()) + " after the value of '" + name + "'; a line holds one"
                    + " literal value, and expressions are not supported.",
                    "Write the value itself and start the next attribute on a new line.");
        }
    }

    /** Skips spaces, tabs, carriage returns and comments, and line breaks too when {@code newlines} is set. */
    private void skipBlank(boolean newlines) {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
                position++;
            } else if (c == '#' || text.startsWith("//", position)) {
                int end = text.indexOf('\n', position);
                position = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", position)) {
                int end = text.indexOf("*/", position + 2);
                if (end < 0) {
                    throw error("the comment is not closed.", "Add the closing */.");
                }
                position = end + 2;
            } else {
                return;
            }
        }
    }

    private String identifier() {
        int start = position;
        while (!atEnd() && isIdentifierPart(peek())) {
            position++;
        }
        return text.substring(start, position);
    }

    private int skipDigits() {
        int start = position;
        while (!atEnd() && isDigit(peek())) {
            position++;
        }
        return position - start;
    }

    /** Returns the text from the position up to the next blank or line end, for a message. */
    private String token() {
        int end = position;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && end - position < 40) {
            end++;
        }
        return text.substring(position, end);
    }

    private InvalidInputException error(String problem, String fix) {
        int line = lineOf(position);
        int column = position - (text.lastIndexOf('\n', position - 1) + 1) + 1;
        return new InvalidInputException("tfvars", file.toString(), "line " + line + ", column " + column + ": "
                + problem, fix);
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return text.charAt(position);
    }

    private static String describe(char c) {
        return Character.isISOControl(c) ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** HCL identifiers: a Unicode letter or '_' first, then letters, digits, '_' and '-'. */
    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
