package dev.iamkeyremediator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.RunMode;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.FaultProxy.Fault;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.TestAccount;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The mode read through Powertools parameters and the project's SSM client, against moto (and a proxy in front of it
 * for the answers moto never gives): the exact words give their mode, a flip is seen by the very next read of the
 * same source, and everything else is dry-run with a warning naming the parameter and the cause.
 */
@ExtendWith(MotoAccount.class)
class SsmModeSourceIT {

    private static final String PARAMETER = TestAccount.MODE_PARAMETER;

    private final Moto moto = Moto.shared();
    private TestAccount account;
    private FaultProxy proxy;
    private AwsClients clients;

    @BeforeEach
    void start(TestAccount account) throws IOException {
        this.account = account;
        proxy = new FaultProxy(moto.endpoint());
        clients = AwsClients.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).build();
    }

    @AfterEach
    void close() {
        clients.close();
        proxy.close();
    }

    private Mode read() {
        return new SsmModeSource(clients, PARAMETER).read();
    }

    private static void assertFailsClosed(Mode mode, String... warningParts) {
        assertThat(mode.mode()).isEqualTo(RunMode.DRY_RUN);
        assertThat(mode.enforce()).isFalse();
        assertThat(mode.warning()).hasValueSatisfying(warning -> assertThat(warning).contains(PARAMETER)
                .contains(warningParts).endsWith(": running in dry-run, no key will be changed.").doesNotContain("\n"));
        assertThat(mode.reason()).isEqualTo(mode.warning().orElseThrow());
    }

    @Test
    void enforce_isEnforce() {
        account.setMode("enforce");

        Mode mode = read();

        assertThat(mode.mode()).isEqualTo(RunMode.ENFORCE);
        assertThat(mode.warning()).isEmpty();
        assertThat(mode.reason()).isEqualTo("SSM parameter /iam-key-remediator/mode is 'enforce'");
        assertThat(proxy.actions()).containsEntry("ssm:GetParameter", 1L);
    }

    @Test
    void dryRun_isDryRun_withoutAWarning() {
        account.setMode("dry-run");

        Mode mode = read();

        assertThat(mode.mode()).isEqualTo(RunMode.DRY_RUN);
        assertThat(mode.warning()).isEmpty();
        assertThat(mode.reason()).isEqualTo("SSM parameter /iam-key-remediator/mode is 'dry-run'");
    }

    @Test
    void mixedCaseAndSpaces_areUnderstood() {
        account.setMode("  EnForce \n");
        assertThat(read().mode()).isEqualTo(RunMode.ENFORCE);

        account.setMode(" DRY-Run\t");
        Mode mode = read();
        assertThat(mode.mode()).isEqualTo(RunMode.DRY_RUN);
        assertThat(mode.warning()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Enforce!", "enforced", "true", "   ", "dryrun", "en force"})
    void garbage_failsClosed_quotingTheValue(String value) {
        account.setMode(value);

        assertFailsClosed(read(), "holds '" + value + "', which is neither 'dry-run' nor 'enforce'");
    }

    @Test
    void missingParameter_failsClosed_namingTheError() {
        assertFailsClosed(read(), "could not read SSM parameter " + PARAMETER + " (ParameterNotFound (HTTP 400)");
    }

    @Test
    void aFlip_isSeenByTheNextReadOfTheSameSource_nothingIsCached() {
        SsmModeSource source = new SsmModeSource(clients, PARAMETER);

        account.setMode("enforce");
        assertThat(source.read().mode()).isEqualTo(RunMode.ENFORCE);
        account.setMode("dry-run");
        assertThat(source.read().mode()).isEqualTo(RunMode.DRY_RUN); // within Powertools' default 5 s cache age
        account.setMode("enforce");
        assertThat(source.read().mode()).isEqualTo(RunMode.ENFORCE);
        account.setMode("garbage");
        assertFailsClosed(source.read(), "holds 'garbage'");
        assertThat(source.read().mode()).isEqualTo(RunMode.DRY_RUN);

        assertThat(proxy.actions()).containsEntry("ssm:GetParameter", 5L);
    }

    @Test
    void aRefusedRead_failsClosed_namingTheError() {
        account.setMode("enforce");
        proxy.faults(call -> call.operation().equals("GetParameter")
                ? Fault.error(400, "AccessDeniedException", "User is not authorized to perform ssm:GetParameter")
                : Fault.pass());

        assertFailsClosed(read(), "could not read SSM parameter " + PARAMETER
                + " (AccessDeniedException (HTTP 400): User is not authorized to perform ssm:GetParameter)");
    }

    @Test
    void aRefusedReadThenAGoodOne_onTheSameSource_isDryRunThenEnforce() {
        account.setMode("enforce");
        SsmModeSource source = new SsmModeSource(clients, PARAMETER);
        proxy.faults(call -> Fault.error(400, "AccessDeniedException", "not now"));
        assertFailsClosed(source.read(), "AccessDeniedException");

        proxy.faults(call -> Fault.pass());
        assertThat(source.read().mode()).isEqualTo(RunMode.ENFORCE);
    }

    /**
     * A read through a client that tries twice: the product's client retries an answer that will never do (throttling
     * that does not end, an unreadable answer) 10 times, adaptively, which takes up to a minute.
     */
    private Mode readTryingTwice() {
        try (SsmClient ssm = SsmClient.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build()))
                .build()) {
            return new SsmModeSource(ssm, PARAMETER).read();
        }
    }

    @Test
    void throttlingThatOutlastsTheRetries_failsClosed() {
        account.setMode("enforce");
        proxy.faults(call -> Fault.error(400, "ThrottlingException", "Rate exceeded"));

        assertFailsClosed(readTryingTwice(), "could not read SSM parameter " + PARAMETER
                + " (ThrottlingException (HTTP 400): Rate exceeded)");
        assertThat(proxy.injected()).containsEntry("GetParameter 400 ThrottlingException", 2L);
    }

    @Test
    void anEmptyValue_failsClosed() {
        // SSM (and moto) refuse to store an empty value; an answer that carries one is still dry-run
        proxy.faults(call -> Fault.answer(200, "{\"Parameter\":{\"Name\":\"%s\",\"Type\":\"String\",\"Value\":\"\"}}"
                .formatted(PARAMETER)));

        assertFailsClosed(read(), "holds '', which is neither");
    }

    @Test
    void anAnswerWithoutAValue_failsClosed() {
        proxy.faults(call -> Fault.answer(200, "{\"Parameter\":{\"Name\":\"%s\",\"Type\":\"String\"}}".formatted(PARAMETER)));

        assertFailsClosed(read(), "SSM parameter " + PARAMETER + " has no value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"Parameter\":\"enforce\"}", "enforce", "<xml>enforce</xml>"})
    void aMalformedAnswer_failsClosed(String body) {
        account.setMode("enforce");
        proxy.faults(call -> Fault.answer(200, body));

        assertFailsClosed(readTryingTwice(), "could not read SSM parameter " + PARAMETER + " (");
    }

    @Test
    void anErrorWithAnUnreadableBody_failsClosed() {
        account.setMode("enforce");
        proxy.faults(call -> Fault.answer(403, "<html>Forbidden</html>"));

        assertFailsClosed(read(), "could not read SSM parameter " + PARAMETER + " (an error without a code (HTTP 403)");
    }
}
