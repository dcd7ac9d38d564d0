package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.InventorySource;
import dev.iamkeyremediator.InventoryUnavailableException;
import dev.iamkeyremediator.RunBudget;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyActionException;
import dev.iamkeyremediator.remediation.UserReader;
import dev.iamkeyremediator.rules.InitialSetupKeyRule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Reads IAM users live. Every user comes with its tags from GetAccountAuthorizationDetails (users only, 100 a page):
 * the exemption, the owner and the backout markers of the whole account for one call per page, where ListUsers would
 * need a ListUserTags per user. A user read in full then gets its keys, each key's last use, and its console password
 * when a rule can use it (a never-used key created within the setup window of the user: INITIAL_SETUP_KEY is the only
 * rule that reads the password). Each read is stamped with the instant its oldest data was read, so that a write
 * decided on it can tell whether it is still fresh. Users are read concurrently within a bound; a failure on one user
 * is recorded and the rest go on. As an {@link InventorySource} it is the live scan, the fallback when the credential
 * report cannot be had.
 */
public final class IamReader implements InventorySource, UserReader {

    public static final String LIVE_SCAN = "live scan";
    static final String TIME_RAN_OUT = "the run's time budget ran out before this user was read";
    /** IAM's own default page size, sent explicitly so every implementation pages alike. */
    static final int USERS_PAGE_SIZE = 100;

    private final IamClient iam;
    private final int concurrency;
    private final InitialSetupKeyRule initialSetup;
    private final Clock clock;

    /** @param initialSetup the one rule that reads the console password: it says for which keys it matters */
    public IamReader(IamClient iam, int concurrency, InitialSetupKeyRule initialSetup, Clock clock) {
        this.iam = iam;
        this.concurrency = concurrency;
        this.initialSetup = initialSetup;
        this.clock = clock;
    }

    @Override
    public Inventory read(RunBudget budget) {
        Listing listing = listUsers();
        Reads<User> read = readUsers(listing.users(), listing.at(), budget);
        return Inventory.live(read.values(), listing.users().size(), read.errors(), LIVE_SCAN);
    }

    /**
     * A user as the account's listing shows it.
     *
     * @param tags the user's tags, read with the listing
     */
    record Listed(String userName, String arn, Instant createDate, Map<String, String> tags) {
    }

    /**
     * Every user of the account.
     *
     * @param at when the listing began: its tags are at least that old
     */
    record Listing(List<Listed> users, Instant at) {
    }

    /** Values read, and the users whose read failed or did not start. */
    record Reads<T>(List<T> values, List<InventoryError> errors) {
    }

    /**
     * Reads the given users live, at most {@code concurrency} at a time, their tags from the listing made at
     * {@code listedAt}; users without keys are left out.
     */
    Reads<User> readUsers(List<Listed> listed, Instant listedAt, RunBudget budget) {
        return inParallel(listed, budget, Listed::userName, user -> readUser(user, Optional.of(listedAt), false));
    }

    /** Runs one read per item within the concurrency bound; a read yields a value, nothing, or an error. */
    private <I, T> Reads<T> inParallel(List<I> items, RunBudget budget, Function<I, String> userName,
            Function<I, Optional<T>> read) {
        List<T> values = new ArrayList<>();
        List<InventoryError> errors = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<Object>> futures = new ArrayList<>();
            for (I item : items) {
                Callable<Object> task = () -> {
                    if (budget.exhausted()) {
                        return InventoryError.notProcessed(userName.apply(item), TIME_RAN_OUT);
                    }
                    try {
                        return read.apply(item);
                    } catch (ReadFailed e) {
                        return e.error;
                    }
                };
                futures.add(pool.submit(task));
            }
            for (Future<Object> future : futures) {
                Object result = join(future);
                if (result instanceof InventoryError error) {
                    errors.add(error);
                } else if (result instanceof Optional<?> value && value.isPresent()) {
                    @SuppressWarnings("unchecked")
                    T t = (T) value.get();
                    values.add(t);
                }
            }
        }
        return new Reads<>(values, errors);
    }

    /** Every user with its tags, page after page. */
    Listing listUsers() {
        Instant at = clock.instant();
        try {
            List<Listed> users = new ArrayList<>();
            iam.getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.USER).maxItems(USERS_PAGE_SIZE))
                    .forEach(page -> page.userDetailList().forEach(u -> users.add(new Listed(u.userName(), u.arn(),
                            u.createDate(), tags(u.tags())))));
            return new Listing(users, at);
        } catch (SdkException e) {
            throw new InventoryUnavailableException("GetAccountAuthorizationDetails (the user listing) failed: "
                    + AwsErrors.describe(e), e);
        }
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static Object join(Future<Object> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InventoryUnavailableException("interrupted while reading users", e);
        } catch (ExecutionException e) {
            throw new InventoryUnavailableException("reading a user failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /** A user's read that failed after retries, with the operation that failed. */
    private static final class ReadFailed extends RuntimeException {
        private final transient InventoryError error;

        ReadFailed(InventoryError error, Throwable cause) {
            super(error.message(), cause);
            this.error = error;
        }
    }

    /**
     * One user, read live; empty for a user deleted meanwhile, and unless {@code evenWithoutKeys} for a user without
     * keys (nothing to decide). Its tags are the listing's, read at {@code tagsReadAt}, or read now when empty.
     */
    private Optional<User> readUser(Listed listed, Optional<Instant> tagsReadAt, boolean evenWithoutKeys) {
        String name = listed.userName();
        Instant readAt = tagsReadAt.orElse(clock.instant());
        String operation = "ListAccessKeys";
        try {
            List<AccessKeyMetadata> keys = listAccessKeys(name);
            if (keys.isEmpty() && !evenWithoutKeys) {
                return Optional.empty();
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
            Map<String, String> tags = tagsReadAt.isPresent() ? listed.tags() : tags(name);
            return Optional.of(new User(name, listed.arn(), listed.createDate(), password, tags, accessKeys,
                    Source.live(readAt)));
        } catch (NoSuchEntityException e) {
            if (operation.equals("ListAccessKeys")) {
                return Optional.empty(); // deleted since the listing: nothing to decide
            }
            throw new ReadFailed(new InventoryError(name, operation, AwsErrors.describe(e)), e);
        } catch (SdkException e) {
            throw new ReadFailed(new InventoryError(name, operation, AwsErrors.describe(e)), e);
        }
    }

    @Override
    public Optional<User> reread(User user) {
        try {
            return readUser(new Listed(user.userName(), user.arn(), user.createDate(), Map.of()), Optional.empty(), true);
        } catch (ReadFailed e) {
            throw new KeyActionException(e.error.operation(), e.error.message(), e.getCause());
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

    private Map<String, String> tags(String userName) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : iam.listUserTagsPaginator(r -> r.userName(userName)).tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }
}
