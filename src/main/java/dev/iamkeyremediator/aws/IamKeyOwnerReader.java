package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.KeyOwnerReader;
import dev.iamkeyremediator.inventory.ReadException;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * The exposed-key event's read, three calls: GetAccessKeyLastUsed names the key's user (and its last use), GetUser
 * gives the user with its tags, ListAccessKeys its keys. The other keys' last use is not read: the event decides on
 * its own key alone.
 */
public final class IamKeyOwnerReader implements KeyOwnerReader {

    private final IamClient iam;
    private final Clock clock;
    private final Sealer sealer;

    /** @param sealer checks the seals of the user's marker tags */
    public IamKeyOwnerReader(IamClient iam, Clock clock, Sealer sealer) {
        this.iam = iam;
        this.clock = clock;
        this.sealer = sealer;
    }

    @Override
    public Optional<User> ownerOf(String accessKeyId) {
        Instant readAt = clock.instant();
        String operation = "GetAccessKeyLastUsed";
        try {
            GetAccessKeyLastUsedResponse used = iam.getAccessKeyLastUsed(r -> r.accessKeyId(accessKeyId));
            if (used.userName() == null || used.userName().isBlank()) {
                return Optional.empty();
            }
            operation = "GetUser";
            software.amazon.awssdk.services.iam.model.User user = iam.getUser(r -> r.userName(used.userName())).user();
            operation = "ListAccessKeys";
            List<AccessKey> keys = new ArrayList<>();
            for (AccessKeyMetadata key : iam.listAccessKeysPaginator(r -> r.userName(user.userName())).accessKeyMetadata()) {
                keys.add(IamReader.accessKey(key, key.accessKeyId().equals(accessKeyId) ? used.accessKeyLastUsed() : null));
            }
            if (keys.stream().noneMatch(k -> k.accessKeyId().equals(accessKeyId))) {
                return Optional.empty();
            }
            return Optional.of(sealer.check(new User(user.userName(), user.arn(), user.createDate(), false,
                    IamReader.tags(user.tags()), keys, Source.live(readAt))));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ReadException(operation, AwsErrors.describe(e), e);
        }
    }
}
