package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Smile logs through SLF4J: the ionas command binds it, so no "no SLF4J providers" warnings, and only warnings and errors show. */
class LibraryLoggingTest {
    @Test
    void smileLogsWarningsThroughTheSimpleBindingAndNothingBelow() {
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName(),
                "a binding on the command's class path (without one SLF4J prints three warnings and drops Smile's messages)");
        Logger smile = LoggerFactory.getLogger("smile.regression.RandomForest");
        assertTrue(smile.isWarnEnabled(), "simplelogger.properties: warnings reach stderr");
        assertFalse(smile.isInfoEnabled(), "simplelogger.properties: Smile's progress does not");
    }
}
