package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.InventoryUnavailableException;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.ReadException;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.inventory.UserReader;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.time.Days;
import dev.iamkeyremediator.time.RunBudget;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
import software.amazon.awssdk.services.iam.model.UserDetail;

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
    private final Planner planner;
    private final Sealer sealer;
    private final Clock clock;

    /** @param planner its rules say for which keys the console password matters */
    public IamReader(IamClient iam, int concurrency, Planner planner, Clock clock, Sealer sealer) {
        this.sealer = sealer;
        this.iam = iam;
        this.concurrency = concurrency;
        this.planner = planner;
        this.clock = clock;
    }

    @Override
    public Inventory read(RunBudget budget) {
        Listing listing = listUsers();
        Reads<User> read = readUsers(listing.users(), listing.at(), budget);
        return Inventory.live(read.values(), listing.users().size(), read.errors(), LIVE_SCAN)
                .withExemptions(exemptions(read.values()));
    }

    /** How many of the users read (all of them holding keys) are exempt today. */
    Inventory.Exemptions exemptions(List<User> users) {
        LocalDate today = Days.day(clock.instant());
        List<User> holding = users.stream().filter(u -> !u.root() && !u.accessKeys().isEmpty()).toList();
        return new Inventory.Exemptions(holding.size(),
                (int) holding.stream().filter(u -> planner.exempt(u.tags(), today)).count());
    }

    /**
     * A user as the account's listing shows it.
     *
     * @param tags     the user's tags, read with the listing
     * @param policies the names of its attached managed and inline policies, read with the listing
     */
    record Listed(String userName, String arn, Instant createDate, Map<String, String> tags, Set<String> policies) {
    }

    /**
     * Every user of the account.
     *
     * @param at when the listing began: its tags are at least that old
     */
    record Listing(List<Listed> users, Instant at) {
    }

    /** Values read, and the users whose read failed or did not start. */
    record Reads<T>(List<T> values, List<RunError> errors) {
    }

    /**
     * Reads the given users live, at most {@code concurrency} at a time, their tags from the listing made at
     * {@code listedAt}; users without keys are left out.
     */
    Reads<User> readUsers(List<Listed> listed, Instant listedAt, RunBudget budget) {
        return inParallel(listed, budget, Listed::userName, user -> readUser(user, Optional.of(listedAt), false));
    }

    /** One user's read: the user, nothing (no keys, or gone), or why it failed or did not start. */
    sealed interface UserRead {
        record Found(User user) implements UserRead {
        }

        record Nothing() implements UserRead {
        }

        record Failed(RunError error) implements UserRead {
        }
    }

    /** Runs one read per item within the concurrency bound; a read yields a user, nothing, or an error. */
    <I> Reads<User> inParallel(List<I> items, RunBudget budget, Function<I, String> userName,
            Function<I, UserRead> read) {
        List<User> values = new ArrayList<>();
        List<RunError> errors = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<UserRead>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> budget.exhausted()
                        ? new UserRead.Failed(RunError.notRead(userName.apply(item), TIME_RAN_OUT))
                        : read.apply(item)));
            }
            for (Future<UserRead> future : futures) {
                switch (join(future)) {
                    case UserRead.Found found -> values.add(found.user());
                    case UserRead.Failed failed -> errors.add(failed.error());
                    case UserRead.Nothing nothing -> { }
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
                            u.createDate(), tags(u.tags()), policies(u)))));
            return new Listing(users, at);
        } catch (SdkException e) {
            throw new InventoryUnavailableException("GetAccountAuthorizationDetails (the user listing) failed: "
                    + AwsErrors.describe(e), e);
        }
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static UserRead join(Future<UserRead> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InventoryUnavailableException("interrupted while reading users", e);
        } catch (ExecutionException e) {
            throw new InventoryUnavailableException("reading a user failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /**
     * One user, read live; empty for a user deleted meanwhile, and unless {@code evenWithoutKeys} for a user without
     * keys (nothing to decide). Its tags are the listing's, read at {@code tagsReadAt}, or read now when empty.
     */
    UserRead readUser(Listed listed, Optional<Instant> tagsReadAt, boolean evenWithoutKeys) {
        return readUser(listed, tagsReadAt, evenWithoutKeys, Optional.empty());
    }

    /** The same, with the user's keys already listed (a naming of report slots that could not decide). */
    UserRead readUser(Listed listed, Optional<Instant> tagsReadAt, boolean evenWithoutKeys,
            Optional<List<AccessKeyMetadata>> listedKeys) {
        String name = listed.userName();
        Instant readAt = tagsReadAt.orElse(clock.instant());
        String operation = "ListAccessKeys";
        try {
            List<AccessKeyMetadata> keys = listedKeys.isPresent() ? listedKeys.get() : listAccessKeys(name);
            if (keys.isEmpty() && !evenWithoutKeys && listed.tags().keySet().stream().noneMatch(Sealer::ownTag)) {
                return new UserRead.Nothing(); // nothing to decide, and none of the tool's tags left behind
            }
            operation = "GetAccessKeyLastUsed";
            List<AccessKey> accessKeys = new ArrayList<>();
            for (AccessKeyMetadata key : keys) {
                accessKeys.add(withLastUse(key));
            }
            operation = "GetLoginProfile";
            boolean password = accessKeys.stream().anyMatch(k -> planner.needsPassword(listed.createDate(), k))
                    && hasConsolePassword(name);
            operation = "ListUserTags";
            Map<String, String> tags = tagsReadAt.isPresent() ? listed.tags() : tags(name);
            operation = "ListAttachedUserPolicies";
            Set<String> policies = tagsReadAt.isPresent() ? listed.policies() : policies(name);
            return new UserRead.Found(sealer.check(new User(name, listed.arn(), listed.createDate(), password, tags,
                    accessKeys, Source.live(readAt), policies)));
        } catch (NoSuchEntityException e) {
            if (operation.equals("ListAccessKeys")) {
                return new UserRead.Nothing(); // deleted since the listing: nothing to decide
            }
            return new UserRead.Failed(RunError.read(name, operation, AwsErrors.describe(e)));
        } catch (SdkException e) {
            return new UserRead.Failed(RunError.read(name, operation, AwsErrors.describe(e)));
        }
    }

    @Override
    public Optional<User> reread(User user) {
        return switch (readUser(new Listed(user.userName(), user.arn(), user.createDate(), Map.of(), Set.of()),
                Optional.empty(),
                true)) {
            case UserRead.Found found -> Optional.of(found.user());
            case UserRead.Nothing nothing -> Optional.empty();
            case UserRead.Failed failed -> throw new ReadException(failed.error().operation(), failed.error().message(),
                    null);
        };
    }

    List<AccessKeyMetadata> listAccessKeys(String userName) {
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
        return accessKey(key, iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed());
    }

    /** A key with its last use, or with none read ({@code lastUsed} null). */
    static AccessKey accessKey(AccessKeyMetadata key, AccessKeyLastUsed lastUsed) {
        String service = lastUsed == null || "N/A".equals(lastUsed.serviceName()) ? null : lastUsed.serviceName();
        String region = lastUsed == null || "N/A".equals(lastUsed.region()) ? null : lastUsed.region();
        return new AccessKey(key.accessKeyId(), key.userName(),
                key.status() == StatusType.ACTIVE ? KeyStatus.ACTIVE : KeyStatus.INACTIVE, key.createDate(),
                lastUsed == null ? null : lastUsed.lastUsedDate(), service, 0, region);
    }

    /** The names of a listed user's attached managed and inline policies (a quarantine is one of them). */
    private static Set<String> policies(UserDetail user) {
        Set<String> names = new TreeSet<>();
        user.attachedManagedPolicies().forEach(p -> names.add(p.policyName()));
        user.userPolicyList().forEach(p -> names.add(p.policyName()));
        return names;
    }

    /** The same, read for one user (a re-read has no listing). */
    private Set<String> policies(String userName) {
        Set<String> names = new TreeSet<>();
        iam.listAttachedUserPoliciesPaginator(r -> r.userName(userName)).attachedPolicies()
                .forEach(p -> names.add(p.policyName()));
        iam.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames().forEach(names::add);
        return names;
    }

    private Map<String, String> tags(String userName) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : iam.listUserTagsPaginator(r -> r.userName(userName)).tags()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }
}
