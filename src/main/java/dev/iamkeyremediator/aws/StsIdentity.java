package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.identity.CallerIdentity;
import dev.iamkeyremediator.identity.IdentitySource;
import dev.iamkeyremediator.identity.IdentityUnavailableException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The access key id the run signs with, from the credentials themselves (never from STS: a run must protect its own
 * key even when STS is unreachable), and the account from sts:GetCallerIdentity. A Lambda role's temporary key never
 * matches a user's key; a local run with a user's key does, and that key is protected.
 */
public final class StsIdentity implements IdentitySource {

    private final StsClient sts;
    private final AwsCredentialsProvider credentials;

    public StsIdentity(StsClient sts, AwsCredentialsProvider credentials) {
        this.sts = sts;
        this.credentials = credentials;
    }

    @Override
    public CallerIdentity identify() {
        String keyId;
        try {
            keyId = credentials.resolveCredentials().accessKeyId();
        } catch (RuntimeException e) { // SdkClientException, or a provider's own failure: either way no key id
            throw new IdentityUnavailableException("the run's credentials could not be resolved: " + AwsErrors.describe(e), e);
        }
        if (keyId == null || keyId.isBlank()) {
            throw new IdentityUnavailableException("the run's credentials carry no access key id", null);
        }
        try {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            if (identity.account() == null || identity.account().isBlank()) {
                throw new IdentityUnavailableException("GetCallerIdentity named no account", null);
            }
            return new CallerIdentity(identity.account(), identity.arn(), keyId);
        } catch (SdkException e) {
            throw new IdentityUnavailableException("GetCallerIdentity failed: " + AwsErrors.describe(e), e);
        }
    }
}
