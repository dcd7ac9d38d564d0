package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.ModeSource;
import java.time.Duration;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Reads the mode through Powertools parameters. Every failure, whatever its kind, is dry-run: a run must never
 * fall open to enforce.
 */
public final class SsmModeSource implements ModeSource {

    private final SSMProvider provider;
    private final String parameterName;

    public SsmModeSource(SsmClient ssm, String parameterName) {
        CacheManager cache = new CacheManager();
        cache.setDefaultExpirationTime(Duration.ZERO); // each run reads the mode afresh: a flip takes effect at once
        this.provider = SSMProvider.builder().withClient(ssm).withCacheManager(cache).build();
        this.parameterName = parameterName;
    }

    @Override
    public Mode read() {
        try {
            return Mode.fromParameterValue(parameterName, provider.get(parameterName));
        } catch (RuntimeException e) { // fail closed: not found, access denied, throttled, malformed, anything
            return Mode.fallback("could not read SSM parameter %s (%s)".formatted(parameterName, AwsErrors.describe(e)));
        }
    }
}
