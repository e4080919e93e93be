package ionas.tensor.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test once per {@link TestDevice}; the method takes the device as its parameter:
 *
 * <pre>{@code
 * @OnEachDevice
 * void relu(TestDevice d) { ... d.put(x) ... }
 * }</pre>
 *
 * The simulated device is installed for the test's duration, and the real GPU's run is skipped
 * with the probe's reason where there is none ({@link TestDeviceExtension}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("ionas.tensor.testing.TestDevice#all")
@ExtendWith(TestDeviceExtension.class)
public @interface OnEachDevice {}
