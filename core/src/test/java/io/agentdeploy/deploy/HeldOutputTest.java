package io.agentdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.RecordingListener;
import org.junit.Test;

public class HeldOutputTest {

    @Test
    public void holdsUntilReleasedThenPassesOn() {
        RecordingListener target = new RecordingListener();
        SerializedLayers.HeldOutput output = new SerializedLayers.HeldOutput(target, true);

        output.lifecycle("first");
        assertThat(target.events()).isEmpty();
        output.release();
        output.lifecycle("second");

        assertThat(target.messages(ProgressLevel.LIFECYCLE)).containsExactly("first", "second");
    }

    @Test
    public void passesOnAtOnceWhenNotHolding() {
        RecordingListener target = new RecordingListener();

        new SerializedLayers.HeldOutput(target, false).warning("now");

        assertThat(target.events()).containsExactly(new RecordingListener.Event(ProgressLevel.WARNING, "now"));
    }
}
