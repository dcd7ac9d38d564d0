package dev.iamkeyremediator.identity;

/**
 * Who the run is.
 *
 * @param accountId          the AWS account the run works on
 * @param arn                the caller's ARN
 * @param signingAccessKeyId the access key id signing the run's requests, from the credentials themselves; that key
 *                           is never touched
 */
public record CallerIdentity(String accountId, String arn, String signingAccessKeyId) {
}
