package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.ModeSource;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Reads the mode from SSM Parameter Store through Powertools parameters, with the project's own {@link SsmClient}
 * (AwsClients), afresh on every run: a flip takes effect at the next run, in the same container too. Every failure,
 * whatever its kind, is dry-run: a run must never fall open to enforce.
 *
 * <p>No caching: each read builds its own {@link SSMProvider}, with an empty {@link CacheManager} of its own, so
 * {@code get} always calls GetParameter. A long-lived provider with a max age of zero is not enough: its cache holds a
 * value until {@code now.isAfter(expiry)}, so a read within the same tick of the clock (or under a frozen clock) would
 * be answered from the cache.
 */
public final class SsmModeSource implements ModeSource {

    private final SsmClient ssm;
    private final String parameterName;

    SsmModeSource(SsmClient ssm, String parameterName) {
        this.ssm = ssm;
        this.parameterName = parameterName;
    }

    public SsmModeSource(AwsClients clients, String parameterName) {
        this(clients.ssm(), parameterName);
    }

    @Override
    public Mode read() {
        try {
            SSMProvider provider = SSMProvider.builder().withClient(ssm).withCacheManager(new CacheManager()).build();
            return Mode.fromParameterValue(parameterName, provider.get(parameterName));
        } catch (RuntimeException | LinkageError e) {
            // fail closed: not found, access denied, throttled, malformed, a broken artifact, anything
            return Mode.fallback("could not read SSM parameter %s (%s)".formatted(parameterName, AwsErrors.describe(e)));
        }
    }
}
