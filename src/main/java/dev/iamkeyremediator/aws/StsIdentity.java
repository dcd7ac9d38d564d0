package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.CallerIdentity;
import dev.iamkeyremediator.IdentitySource;
import java.util.Optional;
import dev.iamkeyremediator.IdentityUnavailableException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The account from sts:GetCallerIdentity, and the access key id the run signs with, from the credentials themselves
 * (a Lambda role's temporary key never matches a user's key; a local run with a user's key does, and is protected).
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
        try {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            String keyId = credentials.resolveCredentials().accessKeyId();
            return new CallerIdentity(identity.account(), identity.arn(), Optional.ofNullable(keyId));
        } catch (SdkException e) {
            throw new IdentityUnavailableException("GetCallerIdentity failed: " + AwsErrors.describe(e), e);
        }
    }
}
