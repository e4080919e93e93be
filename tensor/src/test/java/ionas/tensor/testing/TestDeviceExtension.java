package ionas.tensor.testing;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Prepares the {@link TestDevice} argument of a parameterised test: skips the test where the device
 * is not usable here, installs the CPU simulation or the emulation of cuda:0 for the test's
 * duration (restoring the real CUDA backend afterwards, so that they may alternate within one
 * JVM), and names the device in the message of a failure (reports otherwise show only the invocation's index). Tests
 * with a device among other arguments use it with {@code @ExtendWith(TestDeviceExtension.class)}.
 */
public final class TestDeviceExtension implements InvocationInterceptor {
    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        TestDevice device = null;
        for (Object arg : call.getArguments()) if (arg instanceof TestDevice d) device = d;
        if (device == null) {
            invocation.proceed();
            return;
        }
        String unavailable = device.unavailableReason();
        if (unavailable != null) {
            invocation.skip();
            throw new TestAbortedException("skipped on " + device + ": " + unavailable);
        }
        try (var installed = device.install()) {
            invocation.proceed();
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("[" + device + "] " + t, t);
        }
    }
}
