package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.InventoryUnavailableException;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.RunBudget;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyActionException;
import dev.iamkeyremediator.remediation.KeyActions;
import dev.iamkeyremediator.rules.InitialSetupKeyRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The account's IAM users and keys, read live: every user (paginated), then for each user its keys and, for users
 * with keys, its tags and each key's last use, and its console password when a rule can use it (a never-used key
 * created within the setup window of the user: INITIAL_SETUP_KEY is the only rule that reads the password). Users
 * are read concurrently within a bound; a failure on one user is recorded and the rest go on.
 */
public final class IamAccount implements InventorySource, KeyActions {

    public static final String LIVE_SCAN = "live scan";
    /** The operation named for users the run had no time left to read. */
    public static final String NOT_PROCESSED = "not processed";
    static final String TIME_RAN_OUT = "the run's time budget ran out before this user was read";
    /** IAM's own default page size, sent explicitly so every implementation pages alike. */
    static final int USERS_PAGE_SIZE = 100;

    private final IamClient iam;
    private final int concurrency;
    private final InitialSetupKeyRule initialSetup;

    /** @param initialSetup the one rule that reads the console password: it says for which keys it matters */
    public IamAccount(IamClient iam, int concurrency, InitialSetupKeyRule initialSetup) {
        this.iam = iam;
        this.concurrency = concurrency;
        this.initialSetup = initialSetup;
    }

    @Override
    public Inventory read(RunBudget budget) {
        List<software.amazon.awssdk.services.iam.model.User> listed = listUsers();
        UsersRead read = readUsers(listed, budget);
        return Inventory.live(read.users(), listed.size(), read.errors(), LIVE_SCAN);
    }

    /** Reads the given users live, at most {@code concurrency} at a time; users without keys are left out. */
    UsersRead readUsers(List<software.amazon.awssdk.services.iam.model.User> listed, RunBudget budget) {
        List<User> users = new ArrayList<>();
        List<InventoryError> errors = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<UserRead>> reads = new ArrayList<>();
            for (var user : listed) {
                reads.add(pool.submit(() -> budget.exhausted()
                        ? new UserRead(null, new InventoryError(user.userName(), NOT_PROCESSED, TIME_RAN_OUT))
                        : readUser(user)));
            }
            for (Future<UserRead> read : reads) {
                UserRead result = join(read);
                if (result.user() != null && !result.user().accessKeys().isEmpty()) {
                    users.add(result.user());
                }
                if (result.error() != null) {
                    errors.add(result.error());
                }
            }
        }
        return new UsersRead(users, errors);
    }

    record UsersRead(List<User> users, List<InventoryError> errors) {
    }

    List<software.amazon.awssdk.services.iam.model.User> listUsers() {
        try {
            return iam.listUsersPaginator(r -> r.maxItems(USERS_PAGE_SIZE)).users().stream().toList();
        } catch (SdkException e) {
            throw new InventoryUnavailableException("ListUsers failed: " + AwsErrors.describe(e), e);
        }
    }

    private static UserRead join(Future<UserRead> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InventoryUnavailableException("interrupted while reading users", e);
        } catch (ExecutionException e) {
            throw new InventoryUnavailableException("reading a user failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /** One user, or the error that stopped its read; a user deleted meanwhile is neither. */
    UserRead readUser(software.amazon.awssdk.services.iam.model.User listed) {
        String name = listed.userName();
        String operation = "ListAccessKeys";
        try {
            List<AccessKeyMetadata> keys = listAccessKeys(name);
            if (keys.isEmpty()) {
                return new UserRead(new User(name, listed.arn(), listed.createDate(), false, Map.of(), List.of()), null);
            }
            operation = "GetAccessKeyLastUsed";
            List<AccessKey> accessKeys = new ArrayList<>();
            for (AccessKeyMetadata key : keys) {
                accessKeys.add(withLastUse(key));
            }
            operation = "GetLoginProfile";
            boolean password = accessKeys.stream().anyMatch(k -> initialSetup.couldApply(listed.createDate(), k))
                    && hasConsolePassword(name);
            operation = "ListUserTags";
            Map<String, String> tags = tags(name);
            return new UserRead(new User(name, listed.arn(), listed.createDate(), password, tags, accessKeys), null);
        } catch (NoSuchEntityException e) {
            if (operation.equals("ListAccessKeys")) {
                return new UserRead(null, null); // deleted since ListUsers: nothing to decide
            }
            return new UserRead(null, new InventoryError(name, operation, AwsErrors.describe(e)));
        } catch (SdkException e) {
            return new UserRead(null, new InventoryError(name, operation, AwsErrors.describe(e)));
        }
    }

    private List<AccessKeyMetadata> listAccessKeys(String userName) {
        return iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().stream().toList();
    }

    private boolean hasConsolePassword(String userName) {
        try {
            iam.getLoginProfile(r -> r.userName(userName));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    private AccessKey withLastUse(AccessKeyMetadata key) {
        AccessKeyLastUsed lastUsed = iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed();
        String service = lastUsed == null || "N/A".equals(lastUsed.serviceName()) ? null : lastUsed.serviceName();
        return new AccessKey(key.accessKeyId(), key.userName(),
                key.status() == StatusType.ACTIVE ? KeyStatus.ACTIVE : KeyStatus.INACTIVE, key.createDate(),
                lastUsed == null ? null : lastUsed.lastUsedDate(), service);
    }

    @Override
    public List<AccessKey> currentKeys(String userName) {
        String operation = "ListAccessKeys";
        try {
            List<AccessKeyMetadata> keys = listAccessKeys(userName);
            operation = "GetAccessKeyLastUsed";
            List<AccessKey> result = new ArrayList<>();
            for (AccessKeyMetadata key : keys) {
                result.add(withLastUse(key));
            }
            return result;
        } catch (NoSuchEntityException e) {
            return List.of();
        } catch (SdkException e) {
            throw new KeyActionException(operation, AwsErrors.describe(e), e);
        }
    }

    @Override
    public Map<String, String> currentTags(String userName) {
        try {
            return tags(userName);
        } catch (NoSuchEntityException e) {
            return Map.of();
        } catch (SdkException e) {
            throw new KeyActionException("ListUserTags", AwsErrors.describe(e), e);
        }
    }

    private Map<String, String> tags(String userName) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : iam.listUserTagsPaginator(r -> r.userName(userName)).tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    @Override
    public void deactivate(String userName, String accessKeyId) {
        try {
            iam.updateAccessKey(r -> r.userName(userName).accessKeyId(accessKeyId).status(StatusType.INACTIVE));
        } catch (SdkException e) {
            throw new KeyActionException("UpdateAccessKey", AwsErrors.describe(e), e);
        }
    }

    @Override
    public void delete(String userName, String accessKeyId) {
        try {
            iam.deleteAccessKey(r -> r.userName(userName).accessKeyId(accessKeyId));
        } catch (NoSuchEntityException e) {
            // already gone: the outcome wanted
        } catch (SdkException e) {
            throw new KeyActionException("DeleteAccessKey", AwsErrors.describe(e), e);
        }
    }

    @Override
    public void tag(String userName, Map<String, String> tags) {
        try {
            iam.tagUser(r -> r.userName(userName)
                    .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
        } catch (SdkException e) {
            throw new KeyActionException("TagUser", AwsErrors.describe(e), e);
        }
    }

    @Override
    public void untag(String userName, Collection<String> tagKeys) {
        try {
            iam.untagUser(r -> r.userName(userName).tagKeys(tagKeys));
        } catch (NoSuchEntityException e) {
            // the user is gone, and its tags with it
        } catch (SdkException e) {
            throw new KeyActionException("UntagUser", AwsErrors.describe(e), e);
        }
    }

    record UserRead(User user, InventoryError error) {
    }
}
