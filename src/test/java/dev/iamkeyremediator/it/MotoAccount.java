package dev.iamkeyremediator.it;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The integration tests' fixture: before each test the shared emulator (moto under libfaketime) is reset and its
 * clock set back to now, and the test gets a fresh {@link TestAccount} as a parameter (of its {@code @BeforeEach} or
 * of the test method); after the test the account is closed and the clock set back again.
 */
public final class MotoAccount implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoAccount.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Moto moto = Moto.forTest(context.getRequiredTestClass());
        moto.reset();
        context.getStore(NAMESPACE).put(TestAccount.class, new TestAccount(moto));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestAccount account = context.getStore(NAMESPACE).remove(TestAccount.class, TestAccount.class);
        if (account != null) {
            account.close();
        }
        Moto.forTest(context.getRequiredTestClass()).travel("+0");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestAccount.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(TestAccount.class, TestAccount.class);
    }
}
