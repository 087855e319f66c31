package io.agentdeploy.report;

import java.util.List;
import java.util.Map;

/** What every layer's result offers to records, summaries and the plugin's returned map. */
public interface LayerResult {

    Layer layer();

    /** Where the layer deployed, for example a repository URI, a runtime ARN or {@code namespace/deployment}. */
    String target();

    /** Whether the layer changed anything; {@code false} when the target already matched. */
    boolean changed();

    /** One line for humans, for example "pushed sha256:ab12… as 42, latest (48.2 MB)". */
    String summary();

    /** The result as plain values (String, Number, Boolean, List, Map) in a stable order. */
    Map<String, Object> toMap();

    /** Notes worth keeping with the record, such as warnings; empty by default. */
    default List<String> notes() {
        return List.of();
    }
}
