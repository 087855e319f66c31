package io.agentdeploy.reliability;

import io.agentdeploy.testkit.Faults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result table of the fault matrix: one row per faulted call site (layer, service, operation),
 * one column per fault kind, and in each cell what the deployment did. A cell passes when the
 * deployment succeeded after retries with the desired state reached, or failed with a clear message
 * and left the previous good state in place.
 */
final class FaultMatrix {

    /** The outcome of one cell. */
    record Cell(boolean passed, String text) {

        static Cell succeeded(int retries) {
            return new Cell(true, retries == 0 ? "ok" : "ok, " + retries + (retries == 1 ? " retry" : " retries"));
        }

        static Cell failedCleanly() {
            return new Cell(true, "failed cleanly, state kept");
        }

        static Cell broken(String why) {
            return new Cell(false, "FAIL: " + why.replace('|', '/').replace('\n', ' '));
        }
    }

    /** Column headings, in order: the fault kinds and the component faults. */
    static final List<String> COLUMNS = List.of("throttled", "5xx", "connection reset", "slow (past timeout)",
            "409 conflict", "other");

    private final Map<String, Map<String, Cell>> rows = new LinkedHashMap<>();

    static String column(Faults.Kind kind) {
        return switch (kind) {
            case THROTTLE -> "throttled";
            case SERVER_ERROR -> "5xx";
            case CONNECTION_RESET -> "connection reset";
            case SLOW_RESPONSE -> "slow (past timeout)";
            case CONFLICT -> "409 conflict";
        };
    }

    synchronized void put(String row, String column, Cell cell) {
        rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, cell);
    }

    /** The cells of rows starting with {@code prefix} that did not pass. */
    synchronized List<String> failures(String prefix) {
        List<String> failures = new ArrayList<>();
        rows.forEach((row, cells) -> cells.forEach((column, cell) -> {
            if (row.startsWith(prefix) && !cell.passed()) {
                failures.add(row + " / " + column + ": " + cell.text());
            }
        }));
        return failures;
    }

    /** The table as Markdown, with the pass count under it. */
    synchronized String markdown() {
        StringBuilder text = new StringBuilder("| layer / call site | ");
        text.append(String.join(" | ", COLUMNS)).append(" |\n|---|");
        COLUMNS.forEach(column -> text.append("---|"));
        text.append('\n');
        int cells = 0;
        int passed = 0;
        for (Map.Entry<String, Map<String, Cell>> row : rows.entrySet()) {
            text.append("| ").append(row.getKey()).append(" |");
            for (String column : COLUMNS) {
                Cell cell = row.getValue().get(column);
                text.append(' ').append(cell == null ? "" : cell.text()).append(" |");
                if (cell != null) {
                    cells++;
                    passed += cell.passed() ? 1 : 0;
                }
            }
            text.append('\n');
        }
        text.append("\nPassed: ").append(passed).append(" of ").append(cells).append(" cells.\n");
        return text.toString();
    }

    /** Prints the table and writes it to {@code file}. */
    void report(Path file) {
        String table = markdown();
        System.out.println("Fault matrix:\n" + table);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
