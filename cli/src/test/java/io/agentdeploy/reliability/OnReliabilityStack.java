package io.agentdeploy.reliability;

import org.junit.AfterClass;
import org.junit.BeforeClass;

/** Base of the reliability tests that share one {@link ReliabilityStack} per test class. */
abstract class OnReliabilityStack {

    /** The stack of the test class that runs now; failsafe runs the classes one after another. */
    static ReliabilityStack env;

    @BeforeClass
    public static void startStack() {
        env = ReliabilityStack.start();
    }

    @AfterClass
    public static void stopStack() {
        if (env != null) {
            env.close();
            env = null;
        }
    }
}
