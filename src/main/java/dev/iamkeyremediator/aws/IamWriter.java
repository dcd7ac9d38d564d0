package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.remediation.KeyWriter;
import dev.iamkeyremediator.remediation.WriteException;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;

/** The writes to IAM, each idempotent: a retry after a lost answer ends where the first attempt did. */
public final class IamWriter implements KeyWriter {

    private final IamClient iam;

    public IamWriter(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public void deactivate(String userName, String accessKeyId) {
        try {
            iam.updateAccessKey(r -> r.userName(userName).accessKeyId(accessKeyId).status(StatusType.INACTIVE));
        } catch (SdkException e) {
            throw new WriteException("UpdateAccessKey", AwsErrors.describe(e), e);
        }
    }

    @Override
    public void delete(String userName, String accessKeyId) {
        try {
            iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(accessKeyId));
        } catch (NoSuchEntityException e) {
            // already gone: the outcome wanted
        } catch (SdkException e) {
            throw new WriteException("DeleteAccessKey", AwsErrors.describe(e), e);
        }
    }

    @Override
    public void tag(String userName, Map<String, String> tags) {
        try {
            iam.tagUser(r -> r.userName(userName).tags(tags.entrySet().stream()
                    .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
        } catch (SdkException e) {
            throw new WriteException("TagUser", AwsErrors.describe(e), e);
        }
    }

    @Override
    public void untag(String userName, Collection<String> tagKeys) {
        try {
            iam.untagUser(r -> r.userName(userName).tagKeys(tagKeys));
        } catch (NoSuchEntityException e) {
            // the user is gone, and its tags with it
        } catch (SdkException e) {
            throw new WriteException("UntagUser", AwsErrors.describe(e), e);
        }
    }
}
